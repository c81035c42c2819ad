#!/usr/bin/env bash
# Starts, stops or lists the five services as background processes on loopback.
#   services.sh start | stop | status
# Logs: .data/logs/<service>.log, pids: .data/<service>.pid.
set -euo pipefail
# shellcheck source=infra/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=infra/scripts/ensure-node.sh
source "$INFRA_SCRIPTS_DIR/ensure-node.sh"
cd "$REPO_ROOT"
# A developer's overrides (see .env.example); never required.
if [ -f .env ]; then set -a; source .env; set +a; fi
mkdir -p "$LOG_DIR"

# name:port — the five services, plus the card provider's simulator the payment service calls over
# HTTP and the local SMTP server the notification service sends to (mail lands in .data/mail/).
# Traces go to the Zipkin that `make up` runs (infra/observability/servers.sh) unless another destination
# is configured (OTEL_EXPORTER_OTLP_ENDPOINT, or an explicit OTEL_TRACES_EXPORTER); OTEL_SDK_DISABLED=true
# turns tracing off. Every order is sampled by default here; a root span keeps its trace with probability
# OTEL_TRACES_SAMPLER_ARG, and the services downstream follow the decision carried in traceparent.
if [ -z "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ] && [ -z "${OTEL_TRACES_EXPORTER:-}" ]; then
  export OTEL_TRACES_EXPORTER=zipkin
  export OTEL_EXPORTER_ZIPKIN_ENDPOINT=${OTEL_EXPORTER_ZIPKIN_ENDPOINT:-http://$ZIPKIN_HOST:$ZIPKIN_PORT/api/v2/spans}
fi
export OTEL_TRACES_SAMPLER=${OTEL_TRACES_SAMPLER:-parentbased_traceidratio}
export OTEL_TRACES_SAMPLER_ARG=${OTEL_TRACES_SAMPLER_ARG:-1}
# Metrics are Prometheus' (GET /metrics), logs pino's: the SDK's own exporters would post to nowhere.
export OTEL_METRICS_EXPORTER=${OTEL_METRICS_EXPORTER:-none} OTEL_LOGS_EXPORTER=${OTEL_LOGS_EXPORTER:-none}

# Every service trusts exactly the keys the user service publishes.
export JWKS_URL=${JWKS_URL:-http://127.0.0.1:3001/.well-known/jwks.json}
# The development defaults (database roles, .dev-keys/, the simulator's key) apply only under this profile.
export APP_PROFILE=${APP_PROFILE:-development}

SERVICES=("payment-provider:3099" "mail-sink:2525" "user-service:3001" "inventory-service:3002" "order-service:3003" "payment-service:3004" "notification-service:3005")

# GET /metrics is served apart from the API: 9461 (user) to 9465 (notification), as
# infra/observability/prometheus.yml scrapes them (libs/runtime developmentMetricsPort).
metrics_port() { echo $((9460 + $1 % 100)); }

start_one() {
  local name=$1 port=$2 pid_file="$DATA_DIR/$1.pid"
  if pid=$(read_pid "$pid_file" main.ts); then
    log "$name already running (pid $pid)"
    return
  fi
  if [ "$name" = mail-sink ]; then
    (
      cd dev/mail-sink
      MAIL_SINK_PORT=$port nohup node --import tsx src/main.ts >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
      echo $! >"$pid_file"
    )
    return
  fi
  if [ "$name" = payment-provider ]; then
    (
      cd dev/card-provider-simulator
      # One key on both sides: a PROVIDER_API_KEY from .env is the one the simulator requires
      # (unset, both use the same development key).
      if [ -n "${PROVIDER_API_KEY:-}" ]; then
        export PROVIDER_SIMULATOR_API_KEY=${PROVIDER_SIMULATOR_API_KEY:-$PROVIDER_API_KEY}
      fi
      PROVIDER_SIMULATOR_PORT=$port nohup node --import tsx src/main.ts >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
      echo $! >"$pid_file"
    )
    return
  fi
  (
    cd "apps/$name"
    PORT=$port METRICS_PORT=$(metrics_port "$port") \
      nohup node --import tsx --import ./src/instrument.ts src/main.ts >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
    echo $! >"$pid_file"
  )
}

# The simulator answers /health, the SMTP sink only SMTP; a service answers /ready.
ready_url() { if [ "$1" = payment-provider ]; then echo "http://127.0.0.1:$2/health"; else echo "http://127.0.0.1:$2/ready"; fi; }
is_ready() {
  if [ "$1" = mail-sink ]; then port_open "$2"; else curl -fsS "$(ready_url "$1" "$2")" >/dev/null 2>&1; fi
}

wait_ready() {
  local name=$1 port=$2 deadline=$((SECONDS + 60))
  until is_ready "$name" "$port"; do
    if [ $SECONDS -ge $deadline ]; then
      tail -n 30 "$LOG_DIR/$name.log" >&2
      die "$name did not become ready on port $port"
    fi
    sleep 0.5
  done
}

case "${1:-}" in
  start)
    for entry in "${SERVICES[@]}"; do start_one "${entry%%:*}" "${entry##*:}"; done
    for entry in "${SERVICES[@]}"; do wait_ready "${entry%%:*}" "${entry##*:}"; done
    ;;
  stop)
    for entry in "${SERVICES[@]}"; do
      name=${entry%%:*}
      if pid=$(read_pid "$DATA_DIR/$name.pid" main.ts); then
        stop_pid "$pid" "$name" 30
      fi
      rm -f "$DATA_DIR/$name.pid"
    done
    ;;
  status)
    for entry in "${SERVICES[@]}"; do
      name=${entry%%:*} port=${entry##*:}
      if is_ready "$name" "$port"; then state=ready
      elif read_pid "$DATA_DIR/$name.pid" main.ts >/dev/null; then state="running, not ready"
      else state=stopped; fi
      printf '  %-22s http://127.0.0.1:%s  %s\n' "$name" "$port" "$state"
    done
    ;;
  *) die "usage: services.sh start|stop|status" ;;
esac
