#!/usr/bin/env bash
# A CI gate: fail the build when a model's RoPE configuration collides below its context in the
# pipeline it trains with. Exit status of `eml rope`: 0 pass, 2 fail, 1 config error.
#   Examples/rope/ci-check.sh path/to/config.json S2
set -euo pipefail
config=${1:?usage: ci-check.sh CONFIG.json [PIPELINE]}
pipeline=${2:-S4}
eml rope --config "$config" --pipeline "$pipeline" --json > rope-report.json || status=$?
status=${status:-0}
python3 -c 'import json; r = json.load(open("rope-report.json")); w = r["walls"][r["pipeline"]]; print("inside zone:", r["inside_zone"], "| first collision:", w["min_first_collision"], "| epsilon*:", r["bounds"]["epsilon_star"])'
exit "$status"
