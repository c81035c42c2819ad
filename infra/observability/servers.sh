#!/usr/bin/env bash
# Prometheus (Debian's package) and Zipkin (its exec jar, resolved from Maven Central with Maven) on
# loopback, beside PostgreSQL, Redis and Kafka: `make up` starts them, `make down` stops them.
#   servers.sh install | start | stop | status
# install: what is missing (prometheus, chromium for the screenshots, the Zipkin jar). start: each
# server not yet answering (a running one is reused; Prometheus re-reads its config and rules when
# they changed). status: one row per server, exit 3 when one does not answer.
set -euo pipefail
# shellcheck source=infra/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

prometheus_ready() { curl -fsS -m 2 "http://$PROM_HOST:$PROM_PORT/-/ready" >/dev/null 2>&1; }
zipkin_ready() { curl -fsS -m 2 "http://$ZIPKIN_HOST:$ZIPKIN_PORT/health" >/dev/null 2>&1; }

install_missing() {
  apt_install prometheus chromium
  [[ -s $ZIPKIN_JAR ]] && return 0
  command -v java >/dev/null 2>&1 || apt_install openjdk-17-jre-headless
  command -v mvn >/dev/null 2>&1 || apt_install maven
  log "resolving Zipkin $ZIPKIN_VERSION (io.zipkin:zipkin-server:exec) with Maven into ${ZIPKIN_JAR#"$REPO_ROOT"/}"
  mkdir -p "$(dirname "$ZIPKIN_JAR")"
  local mvn_log="$TOOLS_DIR/zipkin/mvn.log"
  if ! mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      "-Dartifact=io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
      "-DoutputDirectory=$(dirname "$ZIPKIN_JAR")" </dev/null >"$mvn_log" 2>&1; then
    tail -n 40 "$mvn_log" >&2
    die "Maven could not resolve the Zipkin jar (full log: $mvn_log)"
  fi
}

# A detached daemon (new session, SIGHUP ignored) whose pid file holds the server's own pid.
spawn_daemon() {
  local pid_file=$1 log_file=$2
  shift 2
  [[ -f $log_file ]] && mv -f "$log_file" "$log_file.prev"
  # shellcheck disable=SC2016  # $$ and $0 belong to the inner bash
  setsid bash -c 'echo $$ >"$0"; shift; exec nohup "$@"' "$pid_file" _ "$@" >>"$log_file" 2>&1 </dev/null &
}

wait_until() {
  local name=$1 probe=$2 pid_file=$3 log_file=$4 timeout_s=$5 deadline
  deadline=$((SECONDS + timeout_s))
  until "$probe"; do
    if ((SECONDS >= deadline)) || { [[ -s $pid_file ]] && ! read_pid "$pid_file" >/dev/null; }; then
      tail -n 30 "$log_file" >&2 || true
      die "$name does not answer on loopback (log: $log_file)"
    fi
    sleep 0.5
  done
}

prometheus_start() {
  local sum pid stamp="$DATA_DIR/prometheus.config.sha256"
  sum=$(cat "$PROM_CONFIG" "$PROM_RULES" | sha256sum | cut -d' ' -f1)
  if pid=$(read_pid "$PROM_PID_FILE" prometheus) && prometheus_ready; then
    if [[ $(cat "$stamp" 2>/dev/null) != "$sum" ]]; then
      log "Prometheus: config or rules changed: reloading (SIGHUP to pid $pid)"
      kill -HUP "$pid"
      printf '%s\n' "$sum" >"$stamp"
    fi
    return 0
  fi
  if port_open "$PROM_PORT"; then
    prometheus_ready || die "something else listens on $PROM_HOST:$PROM_PORT"
    warn "a Prometheus not started from this checkout already answers on $PROM_HOST:$PROM_PORT: using it"
    return 0
  fi
  command -v prometheus >/dev/null 2>&1 || die "prometheus is not installed (servers.sh install)"
  mkdir -p "$PROM_DATA_DIR" "$LOG_DIR"
  log "Prometheus: starting on $PROM_HOST:$PROM_PORT (${PROM_CONFIG#"$REPO_ROOT"/})"
  spawn_daemon "$PROM_PID_FILE" "$PROM_LOG_FILE" prometheus \
    "--config.file=$PROM_CONFIG" "--web.listen-address=$PROM_HOST:$PROM_PORT" \
    "--storage.tsdb.path=$PROM_DATA_DIR" --storage.tsdb.retention.time=2d
  printf '%s\n' "$sum" >"$stamp"
  wait_until Prometheus prometheus_ready "$PROM_PID_FILE" "$PROM_LOG_FILE" 60
}

zipkin_start() {
  if read_pid "$ZIPKIN_PID_FILE" zipkin-server >/dev/null && zipkin_ready; then return 0; fi
  if port_open "$ZIPKIN_PORT"; then
    zipkin_ready || die "something else listens on $ZIPKIN_HOST:$ZIPKIN_PORT"
    warn "a Zipkin not started from this checkout already answers on $ZIPKIN_HOST:$ZIPKIN_PORT: using it"
    return 0
  fi
  [[ -s $ZIPKIN_JAR ]] || die "the Zipkin jar is missing (servers.sh install)"
  mkdir -p "$LOG_DIR"
  log "Zipkin: starting on $ZIPKIN_HOST:$ZIPKIN_PORT (in memory; UI http://$ZIPKIN_HOST:$ZIPKIN_PORT/zipkin/)"
  # In memory, spans only over HTTP: the KAFKA_* of a developer's shell must not turn on its Kafka collector.
  # 100 000 spans (a few thousand orders) fit the 512 MB heap; Zipkin's default of 500 000 does not, and
  # under a load run at full sampling its collector then spent a core collecting garbage.
  (
    unset KAFKA_BOOTSTRAP_SERVERS
    export STORAGE_TYPE=mem MEM_MAX_SPANS=${ZIPKIN_MAX_SPANS:-100000} QUERY_PORT=$ZIPKIN_PORT SELF_TRACING_ENABLED=false
    spawn_daemon "$ZIPKIN_PID_FILE" "$ZIPKIN_LOG_FILE" java -Xms64m -Xmx512m -XX:+UseSerialGC -jar "$ZIPKIN_JAR" \
      "--armeria.ports[0].ip=$ZIPKIN_HOST" "--armeria.ports[0].port=$ZIPKIN_PORT" "--armeria.ports[0].protocols=http"
  )
  ZIPKIN_STARTED=1
}

# The JVM warms up while Prometheus starts.
ZIPKIN_STARTED=0
zipkin_wait() {
  ((ZIPKIN_STARTED)) || return 0
  wait_until Zipkin zipkin_ready "$ZIPKIN_PID_FILE" "$ZIPKIN_LOG_FILE" 90
}

stop_one() {
  local name=$1 pid_file=$2 pattern=$3 pid
  if pid=$(read_pid "$pid_file" "$pattern"); then
    log "$name: stopping pid $pid"
    stop_pid "$pid" "$name" 30
    rm -f "$pid_file"
  else
    log "$name: not running"
  fi
}

status_rows() {
  local down=0 pid
  row() { printf '%-9s %-12s %-8s %-16s %s\n' "$@"; }
  if pid=$(read_pid "$PROM_PID_FILE" prometheus) && prometheus_ready; then
    row prometheus running "$pid" "$PROM_HOST:$PROM_PORT" "UI http://$PROM_HOST:$PROM_PORT/ (alerts /alerts)"
  elif prometheus_ready; then
    row prometheus foreign - "$PROM_HOST:$PROM_PORT" "answers, no live pid in ${PROM_PID_FILE#"$REPO_ROOT"/}"
  else
    row prometheus stopped - "$PROM_HOST:$PROM_PORT" ""; down=1
  fi
  if pid=$(read_pid "$ZIPKIN_PID_FILE" zipkin-server) && zipkin_ready; then
    row zipkin running "$pid" "$ZIPKIN_HOST:$ZIPKIN_PORT" "UI http://$ZIPKIN_HOST:$ZIPKIN_PORT/zipkin/ (in memory)"
  elif zipkin_ready; then
    row zipkin foreign - "$ZIPKIN_HOST:$ZIPKIN_PORT" "answers, no live pid in ${ZIPKIN_PID_FILE#"$REPO_ROOT"/}"
  else
    row zipkin stopped - "$ZIPKIN_HOST:$ZIPKIN_PORT" ""; down=1
  fi
  return $((down ? 3 : 0))
}

case "${1:-}" in
  install) install_missing ;;
  start)
    zipkin_start
    prometheus_start
    zipkin_wait
    ;;
  stop)
    stop_one Prometheus "$PROM_PID_FILE" prometheus
    stop_one Zipkin "$ZIPKIN_PID_FILE" zipkin-server
    ;;
  status) status_rows ;;
  *) die "usage: servers.sh install|start|stop|status" ;;
esac
