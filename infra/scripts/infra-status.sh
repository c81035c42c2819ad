#!/usr/bin/env bash
# Tells, for each server, whether it runs, its pid and its address.
# Exit status: 0 when all answer (Prometheus and Zipkin too), 3 otherwise (like an init script's status).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

down=0
row() { printf '%-9s %-12s %-8s %-16s %s\n' "$@"; }

if docker_available; then
  echo "docker compose services:"
  compose ps postgres redis kafka || true
  echo
fi

row SERVER STATE PID ADDRESS DETAIL

# ---- PostgreSQL
pid=$(head -n1 "$PG_DATA_DIR/postmaster.pid" 2>/dev/null | tr -dc '0-9' || true)
if [[ -n $pid ]] && pid_alive "$pid" postgres; then
  if [[ -x $PG_BIN_DIR/pg_isready ]] && "$PG_BIN_DIR/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT"; then
    row postgres running "$pid" "$PG_HOST:$PG_PORT" "cluster $PG_VERSION/$PG_CLUSTER, data $PG_DATA_DIR"
  else
    row postgres not-ready "$pid" "$PG_HOST:$PG_PORT" "process alive, pg_isready fails (log $PG_LOG_FILE)"; down=1
  fi
elif port_open "$PG_PORT"; then
  row postgres foreign - "$PG_HOST:$PG_PORT" "port answers, but not cluster $PG_VERSION/$PG_CLUSTER (compose?)"
else
  row postgres stopped - "$PG_HOST:$PG_PORT" ""; down=1
fi

# ---- Redis
if pid=$(read_pid "$REDIS_PID_FILE" redis-server); then
  if [[ $(timeout 3 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; then
    row redis running "$pid" "$REDIS_HOST:$REDIS_PORT" "data ${REDIS_DATA_DIR#"$REPO_ROOT"/}"
  else
    row redis not-ready "$pid" "$REDIS_HOST:$REDIS_PORT" "process alive, PING fails"; down=1
  fi
elif port_open "$REDIS_PORT"; then
  row redis foreign - "$REDIS_HOST:$REDIS_PORT" "port answers, no live pid in ${REDIS_PID_FILE#"$REPO_ROOT"/}"
else
  row redis stopped - "$REDIS_HOST:$REDIS_PORT" ""; down=1
fi

# ---- Kafka (TCP check only: a metadata check costs a JVM start; infra-up.sh does that)
if pid=$(read_pid "$KAFKA_PID_FILE" kafka.Kafka); then
  if port_open "$KAFKA_PORT"; then
    row kafka running "$pid" "$KAFKA_BOOTSTRAP" "controller 127.0.0.1:$KAFKA_CONTROLLER_PORT, data ${KAFKA_DATA_DIR#"$REPO_ROOT"/}"
  else
    row kafka starting "$pid" "$KAFKA_BOOTSTRAP" "process alive, port closed (log ${KAFKA_LOG_FILE#"$REPO_ROOT"/})"; down=1
  fi
elif port_open "$KAFKA_PORT"; then
  row kafka foreign - "$KAFKA_BOOTSTRAP" "port answers, no live pid in ${KAFKA_PID_FILE#"$REPO_ROOT"/}"
else
  row kafka stopped - "$KAFKA_BOOTSTRAP" ""; down=1
fi

# ---- Prometheus and Zipkin (same columns)
bash "$INFRA_DIR/observability/servers.sh" status || down=1

exit $((down ? 3 : 0))
