#!/usr/bin/env bash
# Runs every project's tests (one project at a time: they share one broker and one database) and
# ends with one summary line, "tests: N passed, N failed", summed over the vitest runs.
set -uo pipefail
# shellcheck source=infra/scripts/ensure-node.sh
source "$(dirname "${BASH_SOURCE[0]}")/ensure-node.sh"
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mkdir -p .data/logs
log=.data/logs/test-output.log
npx --no nx run-many -t test --parallel=1 --outputStyle=stream 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^\S*:?\s*Tests\s+' | awk '
  { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
  END { printf "%d passed, %d failed", p, f }')
echo
echo "tests: $summary" | tee .data/logs/test-summary.txt
exit "$status"
