#!/usr/bin/env bash
# One eml regress search split over a Slurm array: each task runs its part, the last job merges.
#   sbatch --array=1-16 slurm.sh data.csv
#   sbatch --dependency=afterok:<array job id> --wrap 'eml regress --merge parts/*.jsonl > front.txt'
#SBATCH --job-name=eml-regress
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=00:30:00
set -euo pipefail
mkdir -p parts
eml regress "$1" --max-k 17 --time-limit 1500 --threads "${SLURM_CPUS_PER_TASK:-2}" \
  --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" --json > "parts/part-${SLURM_ARRAY_TASK_ID}.jsonl"
