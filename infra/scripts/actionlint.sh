#!/usr/bin/env bash
# Lints the GitHub workflows with actionlint, built once with the system Go into .tools/bin (git-ignored).
# Its shellcheck and pyflakes passes are off so the result is the same on every machine: the runners
# carry shellcheck, a fresh development machine does not.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ACTIONLINT_VERSION=v1.7.12
bin_dir="$PWD/.tools/bin"
actionlint="$bin_dir/actionlint"
if [ ! -x "$actionlint" ] || ! "$actionlint" -version | grep -qx "$ACTIONLINT_VERSION"; then
  command -v go >/dev/null || { echo "actionlint: Go is needed to build it (https://go.dev/dl)" >&2; exit 1; }
  echo "[actionlint] building github.com/rhysd/actionlint $ACTIONLINT_VERSION into .tools/bin" >&2
  GOBIN="$bin_dir" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi
"$actionlint" -shellcheck= -pyflakes= .github/workflows/*.yml
echo "actionlint: .github/workflows clean"
