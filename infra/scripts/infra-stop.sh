#!/usr/bin/env bash
# Stops Prometheus and Zipkin (infra/observability/servers.sh), then PostgreSQL, Redis and Kafka: the native servers started by infra-up.sh
# and, if a Docker engine answers, the compose services. Idempotent: stopping
# what is already stopped is a no-op. Data is kept (see infra/README.md to reset).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$INFRA_DIR/observability/servers.sh" stop

if docker_available; then
  log "Docker engine answers: docker compose stop postgres redis kafka"
  compose stop postgres redis kafka || warn "docker compose stop failed"
fi

# ---- Kafka: SIGTERM = controlled shutdown; give it time before SIGKILL.
if pid=$(read_pid "$KAFKA_PID_FILE" kafka.Kafka); then
  log "Kafka: stopping pid $pid"
  stop_pid "$pid" kafka 60
  rm -f "$KAFKA_PID_FILE"
else
  log "Kafka: not running"
fi

# ---- Redis
if pid=$(read_pid "$REDIS_PID_FILE" redis-server); then
  log "Redis: stopping pid $pid"
  timeout 10 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  stop_pid "$pid" redis 10
  rm -f "$REDIS_PID_FILE"
else
  log "Redis: not running"
fi

# ---- PostgreSQL (Debian cluster 15/main)
pg_pid=$(head -n1 "$PG_DATA_DIR/postmaster.pid" 2>/dev/null | tr -dc '0-9' || true)
if [[ -n $pg_pid ]] && pid_alive "$pg_pid" postgres; then
  log "PostgreSQL: stopping cluster $PG_VERSION/$PG_CLUSTER (pid $pg_pid)"
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop -m fast || {
    warn "pg_ctlcluster stop failed: SIGINT to postmaster"
    stop_pid "$pg_pid" postgres 30
  }
else
  log "PostgreSQL: not running"
fi
