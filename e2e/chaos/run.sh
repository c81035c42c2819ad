#!/usr/bin/env bash
# `npm run test:chaos [vitest args]`: the fault suite, and afterwards nothing it started is left — even
# when the suite is interrupted or its worker killed before its own exit handlers run. Every process
# of the run carries CHAOS_RUN in its environment or sits in the run's process group, and every
# temporary directory is made under the run's own TMPDIR.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
CHAOS_RUN="chaos-$$-$RANDOM"
export CHAOS_RUN
TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/$CHAOS_RUN.XXXX")"
# The PostgreSQL cluster inside runs as the postgres user, who must be able to reach its directory.
chmod 0755 "$TMPDIR"
export TMPDIR

leader=""
sweep() {
  [[ -n "$leader" ]] && kill -KILL -- "-$leader" 2>/dev/null
  local environ
  for environ in /proc/[0-9]*/environ; do
    if grep -qz "^CHAOS_RUN=$CHAOS_RUN\$" "$environ" 2>/dev/null; then
      kill -KILL "$(basename "$(dirname "$environ")")" 2>/dev/null
    fi
  done
  rm -rf "$TMPDIR"
}
trap 'sweep; exit 130' INT TERM HUP

# A background job of a script is not a process-group leader, so setsid makes it one in place: $! is the group.
setsid npx --no vitest run --config e2e/chaos/vitest.config.ts "$@" &
leader=$!
wait "$leader"
status=$?
sweep
exit "$status"
