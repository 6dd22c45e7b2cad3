#!/bin/bash
# Slurm: one FPBench-sized suite at many points per benchmark, as a job array; each task checks one slice
# of every benchmark's points, and the merge gives the same table and exit status as one run.
#   sbatch --array=1-16 Examples/check/slurm.sh suite.fpcore
#   eml check --merge check-*.json            # after the array ends (or: sbatch --dependency=afterok:JOBID)
#SBATCH --job-name=eml-check
#SBATCH --cpus-per-task=8
#SBATCH --time=01:00:00
#SBATCH --output=check-%a.log
set -euo pipefail
eml check "$@" --samples 1000000 --threads "${SLURM_CPUS_PER_TASK:-1}" \
    --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" --json > "check-${SLURM_ARRAY_TASK_ID}.json" || [ $? -eq 2 ]
