#!/usr/bin/env bash
# Validates everything in infra/observability offline: Prometheus config and alert rules
# (promtool check + rule unit tests in alerts.test.yml), the Grafana dashboards' PromQL
# (parsed by promtool as recording rules) and provisioning, the OTel collector's wiring.
# Installs promtool into .tools/go/bin when missing (a few minutes to build).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR=$ROOT/infra/observability
PROMETHEUS_VERSION=${PROMETHEUS_VERSION:-v0.316.0}   # Go module version of Prometheus 3.16
export GOBIN=$ROOT/.tools/go/bin
PROMTOOL=$GOBIN/promtool

if [[ ! -x $PROMTOOL ]]; then
  echo "building promtool $PROMETHEUS_VERSION into $GOBIN"
  go install "github.com/prometheus/prometheus/cmd/promtool@$PROMETHEUS_VERSION"
fi
# PyYAML from PyPI when the interpreter lacks it (a fresh machine, a CI runner).
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet --user pyyaml \
  || python3 -m pip install --quiet --user --break-system-packages pyyaml
python3 -c 'import yaml' 2>/dev/null || { echo "check.sh needs PyYAML: pip install pyyaml" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Every check runs; any failure fails the script.
status=0
run() { "$@" || status=1; }
run "$PROMTOOL" check config "$DIR/prometheus.yml"
run "$PROMTOOL" test rules "$DIR/alerts.test.yml"
run python3 "$DIR/check.py" "$WORK/dashboard-rules.yml"
if [[ -s $WORK/dashboard-rules.yml ]]; then
  run "$PROMTOOL" check rules "$WORK/dashboard-rules.yml"
fi
((status == 0)) && echo "observability ok" || echo "observability FAILED" >&2
exit "$status"
