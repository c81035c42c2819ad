#!/usr/bin/env bash
# The one test command. `make test`, `.ci/run` and the GitHub workflow all run this script, so a
# developer's machine and CI share one set-up (dev keys, Prisma clients, migrations, one partition
# per topic — infra/scripts/prepare.sh) and one list of checks: the workflows, the formatting,
# lint and typecheck of every project, the Helm charts and the Prometheus rules, then every project's
# tests on the real servers, the API fuzzer and the fault suite.
set -euo pipefail
scripts_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
cd "$scripts_dir/../.."

bash "$scripts_dir/prepare.sh"
# shellcheck source=infra/scripts/ensure-node.sh
source "$scripts_dir/ensure-node.sh"

echo "== workflows (actionlint)"
bash "$scripts_dir/actionlint.sh"
echo "== formatting (prettier --check, and no source line over 120 characters or file over 300 lines)"
npm run --silent format:check
bash "$scripts_dir/check-source-size.sh"
echo "== lint and typecheck"
npx --no nx run-many -t lint typecheck --outputStyle=static
echo "== deployment and observability (Helm charts rendered and validated; Prometheus config, alert rules and their unit tests)"
bash helm/check.sh
bash infra/observability/check.sh
echo "== tests"
bash "$scripts_dir/run-tests.sh"
echo "== fuzz (schemathesis against every service's API, 1000 generated requests each: infra/scripts/fuzz.sh)"
bash "$scripts_dir/fuzz.sh"
echo "== fault suite (npm run test:chaos: one fault at a time under a stream of orders, e2e/chaos)"
npm run --silent test:chaos 2>&1 | tee .data/logs/chaos-output.log
chaos=$(sed 's/\x1b\[[0-9;]*m//g' .data/logs/chaos-output.log | grep -E '^\s*Tests\s+' | tail -n 1 | sed 's/^\s*Tests\s*//')
echo "fault suite: $chaos" >> .data/logs/test-summary.txt
# The one line a reader looks for comes last again.
cat .data/logs/test-summary.txt
