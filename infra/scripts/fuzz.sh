#!/usr/bin/env bash
# The API fuzz run (tools/fuzz/README.md): schemathesis against every service's /openapi.json, on a
# stack of its own started by e2e/fuzz/api.fuzz.ts, anonymously and as each role.
#   bash infra/scripts/fuzz.sh [REQUESTS_PER_SERVICE]   (default 1000; `make fuzz` asks for 10000)
# Needs the servers up (infra/scripts/prepare.sh); installs schemathesis if it is missing.
set -euo pipefail
scripts_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
cd "$scripts_dir/../.."

bash "$scripts_dir/install-schemathesis.sh"
# shellcheck source=infra/scripts/ensure-node.sh
source "$scripts_dir/ensure-node.sh"
export FUZZ_REQUESTS=${1:-${FUZZ_REQUESTS:-1000}}
cd e2e
# The e2e tests' lock: their stacks and this one share the machine's few cores.
flock /tmp/e2e-stack.lock npx --no vitest run --config fuzz/vitest.config.ts
