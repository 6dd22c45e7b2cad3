#!/bin/bash
# Slurm: one shortest-form search split over a job array; each task builds the table's lower levels and
# its share of the top level, and the merge joins the parts into one result and one proven reach.
#   sbatch --array=1-16 Examples/search/slurm.sh pi --max-k 45 --memory 60000 --time-limit 36000
#   eml search --merge search-*.json           # after the array ends (or: sbatch --dependency=afterok:JOBID)
#SBATCH --job-name=eml-search
#SBATCH --cpus-per-task=16
#SBATCH --mem=64G
#SBATCH --time=12:00:00
#SBATCH --output=search-%a.log
set -euo pipefail
eml search "$@" --threads "${SLURM_CPUS_PER_TASK:-1}" \
    --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" --json > "search-${SLURM_ARRAY_TASK_ID}.json"
