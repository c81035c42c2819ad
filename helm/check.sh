#!/usr/bin/env bash
# Lints and renders every service chart and checks what it renders, offline:
#   helm lint --strict → helm template → strict decode into the Kubernetes API types
#   (helm/validate, instead of kubeconform, whose schemas live on GitHub) → house policy
#   (helm/check_rendered.py: probes, resources, security, HPA, PDB, migration hook).
# Installs helm into .tools/go/bin when missing. Exits non-zero if any chart fails.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HELM_DIR=$ROOT/helm
HELM_VERSION=${HELM_VERSION:-v3.22.0}
export GOBIN=$ROOT/.tools/go/bin
HELM=$GOBIN/helm
VALIDATE=$GOBIN/k8s-validate

if [[ ! -x $HELM ]]; then
  echo "installing helm $HELM_VERSION into $GOBIN"
  go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
fi
(cd "$HELM_DIR/validate" && go build -o "$VALIDATE" .)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Runs a command silently; shows its output only when it fails.
quiet() { "$@" >"$WORK/step.log" 2>&1 || { cat "$WORK/step.log" >&2; return 1; }; }

check_chart() {
  local chart=$1 dir=$2
  quiet "$HELM" dependency build "$dir" || return 1
  quiet "$HELM" lint --strict "$dir" || return 1
  "$HELM" template "$chart" "$dir" --namespace shop >"$WORK/$chart.yaml" || return 1
  "$VALIDATE" -dump "$WORK/$chart.json" <"$WORK/$chart.yaml" || return 1
  python3 "$HELM_DIR/check_rendered.py" "$chart" "$WORK/$chart.json"
}

quiet "$HELM" lint --strict "$HELM_DIR/shop-lib"

failed=()
for chart_yaml in "$HELM_DIR"/*/Chart.yaml; do
  grep -q '^type: library' "$chart_yaml" && continue
  dir=$(dirname "$chart_yaml")
  chart=$(basename "$dir")
  echo "== $chart"
  check_chart "$chart" "$dir" || failed+=("$chart")
done

if ((${#failed[@]})); then
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "all charts ok"
