#!/usr/bin/env bash
# Installs schemathesis (the API fuzzer of `make fuzz` and the test command's fuzz step) into a
# virtualenv of its own under .data/, pinned, so the system's Python stays untouched.
# Idempotent: skipped when the pinned version is already there.
set -euo pipefail
# shellcheck source=infra/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCHEMATHESIS_VERSION=4.32.5
FUZZ_VENV_DIR=${FUZZ_VENV_DIR:-$DATA_DIR/venv}

# The package's own record of its version: no Python start-up for the check.
if [[ -x $FUZZ_VENV_DIR/bin/st ]] &&
  compgen -G "$FUZZ_VENV_DIR/lib/python3*/site-packages/schemathesis-$SCHEMATHESIS_VERSION.dist-info" >/dev/null; then
  exit 0
fi

command -v python3 >/dev/null 2>&1 || apt_install python3
python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
if [[ ! -x $FUZZ_VENV_DIR/bin/python ]]; then
  log "creating the fuzzer's virtualenv in ${FUZZ_VENV_DIR#"$REPO_ROOT"/}"
  python3 -m venv "$FUZZ_VENV_DIR"
fi
log "installing schemathesis $SCHEMATHESIS_VERSION"
"$FUZZ_VENV_DIR/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
