#!/usr/bin/env bash
# Installs what is missing and starts PostgreSQL 15, Redis and Kafka 3.9.1 on
# loopback; waits until each really answers; prints where each listens.
# Idempotent: when everything already runs, this is a quick check.
# Then Prometheus and Zipkin, on loopback too (infra/observability/servers.sh).
#
# If a Docker engine answers (`docker info` within 5 s), it runs
# `docker compose up -d postgres redis kafka` instead (INFRA_NATIVE=1 forces
# the native path).
#
# Environment:
#   PGADMIN_PASSWORD           password of the `postgres` superuser (default postgres)
#   USER_DB_PASSWORD, INVENTORY_DB_PASSWORD, ORDER_DB_PASSWORD,
#   PAYMENT_DB_PASSWORD, NOTIFICATION_DB_PASSWORD   service roles' passwords
#   KAFKA_READY_TIMEOUT        seconds to wait for Kafka (default 90)
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PGADMIN_PASSWORD=${PGADMIN_PASSWORD:-postgres}
USER_DB_PASSWORD=${USER_DB_PASSWORD:-user_svc_pw}
INVENTORY_DB_PASSWORD=${INVENTORY_DB_PASSWORD:-inventory_svc_pw}
ORDER_DB_PASSWORD=${ORDER_DB_PASSWORD:-order_svc_pw}
PAYMENT_DB_PASSWORD=${PAYMENT_DB_PASSWORD:-payment_svc_pw}
NOTIFICATION_DB_PASSWORD=${NOTIFICATION_DB_PASSWORD:-notification_svc_pw}
KAFKA_READY_TIMEOUT=${KAFKA_READY_TIMEOUT:-90}
BOOTSTRAP_SQL="$INFRA_DIR/postgres/bootstrap.sql"

START_SECONDS=$SECONDS

bootstrap_vars() {
  printf '%s\n' \
    -v "user_svc_password=$USER_DB_PASSWORD" \
    -v "inventory_svc_password=$INVENTORY_DB_PASSWORD" \
    -v "order_svc_password=$ORDER_DB_PASSWORD" \
    -v "payment_svc_password=$PAYMENT_DB_PASSWORD" \
    -v "notification_svc_password=$NOTIFICATION_DB_PASSWORD"
}

# ============================================================ docker compose ==
compose_up() {
  log "Docker engine answers: docker compose up -d postgres redis kafka"
  export PGADMIN_PASSWORD USER_DB_PASSWORD INVENTORY_DB_PASSWORD ORDER_DB_PASSWORD \
    PAYMENT_DB_PASSWORD NOTIFICATION_DB_PASSWORD
  compose up -d postgres redis kafka

  local deadline=$((SECONDS + 120))
  until compose exec -T postgres pg_isready -q -h 127.0.0.1 -U postgres >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { compose logs --tail 50 postgres >&2; die "postgres container not ready"; }
    sleep 1
  done
  local -a vars
  mapfile -t vars < <(bootstrap_vars)
  compose exec -T postgres psql -X -q -v ON_ERROR_STOP=1 -U postgres -d postgres "${vars[@]}" -f - <"$BOOTSTRAP_SQL" >/dev/null

  deadline=$((SECONDS + 60))
  until [[ $(compose exec -T redis redis-cli ping 2>/dev/null | tr -d '\r') == PONG ]]; do
    ((SECONDS < deadline)) || { compose logs --tail 50 redis >&2; die "redis container not ready"; }
    sleep 1
  done

  deadline=$((SECONDS + KAFKA_READY_TIMEOUT))
  until compose exec -T kafka /opt/kafka/bin/kafka-topics.sh --bootstrap-server 127.0.0.1:9092 --list >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { compose logs --tail 80 kafka >&2; die "kafka container not ready"; }
    sleep 2
  done

  echo "infra up (docker compose) in $((SECONDS - START_SECONDS))s:"
  echo "  postgres  127.0.0.1:5432  (container)  user postgres / \$PGADMIN_PASSWORD, database shop"
  echo "  redis     127.0.0.1:6379  (container)"
  echo "  kafka     127.0.0.1:9092  (container)"
}

# ================================================================ PostgreSQL ==
pg_as_postgres() { (cd / && runuser -u postgres -- "$@"); }

pg_running() {
  # pg_ctlcluster/pg_lsclusters decide from postmaster.pid; check the pid's
  # process too (a stale file from a dead session, its pid reused, lies).
  local pid
  [[ -f $PG_DATA_DIR/postmaster.pid ]] || return 1
  pid=$(head -n1 "$PG_DATA_DIR/postmaster.pid" 2>/dev/null | tr -dc '0-9')
  pid_alive "$pid" postgres
}

pg_pid() { head -n1 "$PG_DATA_DIR/postmaster.pid" 2>/dev/null | tr -dc '0-9'; }

# Writes FILE from stdin only when its content changes; returns 0 if written.
write_if_changed() {
  local file=$1 owner=${2:-} tmp
  tmp=$(mktemp)
  cat >"$tmp"
  if [[ -f $file ]] && cmp -s "$tmp" "$file"; then
    rm -f "$tmp"
    return 1
  fi
  install -m 0644 "$tmp" "$file"
  rm -f "$tmp"
  [[ -z $owner ]] || chown "$owner" "$file"
  return 0
}

pg_setup_and_start() {
  [[ -x $PG_BIN_DIR/postgres ]] || die "PostgreSQL $PG_VERSION binaries missing in $PG_BIN_DIR"

  # Debian's package normally creates cluster 15/main; create it if it doesn't.
  if [[ ! -f $PG_CONF_DIR/postgresql.conf ]]; then
    log "creating PostgreSQL cluster $PG_VERSION/$PG_CLUSTER"
    pg_createcluster --locale=C.UTF-8 --encoding=UTF8 "$PG_VERSION" "$PG_CLUSTER" >/dev/null
  fi

  # Our settings, last in include order so they win over postgresql.conf.
  local conf_changed=0 hba_changed=0
  if write_if_changed "$PG_CONF_DIR/conf.d/90-shop.conf" postgres:postgres <<'EOF'; then conf_changed=1; fi
# Written by infra/scripts/infra-up.sh; overwritten on every change there.
# Loopback only, tuned for a 2-core benchmark box. fsync/synchronous_commit stay on.
listen_addresses = '127.0.0.1'
port = 5432
max_connections = 300
shared_buffers = 512MB
effective_cache_size = 4GB
maintenance_work_mem = 128MB
max_wal_size = 2GB
checkpoint_completion_target = 0.9
random_page_cost = 1.1
fsync = on
synchronous_commit = on
password_encryption = scram-sha-256
EOF
  if write_if_changed "$PG_CONF_DIR/pg_hba.conf" postgres:postgres <<'EOF'; then hba_changed=1; fi
# Written by infra/scripts/infra-up.sh.
# The services of `make up` connect over the Unix socket (cheaper than TCP loopback, see
# libs/runtime devDatabaseUrl) with their passwords; the superuser only as the OS's postgres or root.
# TYPE  DATABASE     USER      ADDRESS          METHOD
local   all          postgres                   peer map=local_admins
local   all          all                        scram-sha-256
host    all          all       127.0.0.1/32     scram-sha-256
host    replication  all       127.0.0.1/32     scram-sha-256
EOF
  chmod 0640 "$PG_CONF_DIR/pg_hba.conf"
  if write_if_changed "$PG_CONF_DIR/pg_ident.conf" postgres:postgres <<'EOF'; then hba_changed=1; fi
# Written by infra/scripts/infra-up.sh.
# MAPNAME       SYSTEM-USERNAME  PG-USERNAME
local_admins    postgres         postgres
local_admins    root             postgres
EOF
  chmod 0640 "$PG_CONF_DIR/pg_ident.conf"
  # The conf.d file carries the port; keep pg_lsclusters/pg_ctlcluster in agreement.
  if ! grep -Eq '^[[:space:]]*port[[:space:]]*=[[:space:]]*5432\b' "$PG_CONF_DIR/postgresql.conf"; then
    pg_conftool "$PG_VERSION" "$PG_CLUSTER" set port 5432
    conf_changed=1
  fi
  [[ $(grep -v '^#' "$PG_CONF_DIR/start.conf" 2>/dev/null | tr -d '[:space:]') == auto ]] \
    || printf 'auto\n' >"$PG_CONF_DIR/start.conf"

  install -d -o postgres -g postgres -m 2775 /var/run/postgresql
  install -d -o postgres -g postgres -m 1775 /var/log/postgresql

  if pg_running; then
    if ((conf_changed || hba_changed)); then
      pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" reload
      sleep 0.5
    fi
    local pending
    pending=$(pg_as_postgres psql -X -At -p "$PG_PORT" -d postgres \
      -c "select count(*) from pg_settings where pending_restart" 2>/dev/null || echo 1)
    if [[ $pending != 0 ]]; then
      log "PostgreSQL: settings need a restart: restarting $PG_VERSION/$PG_CLUSTER"
      pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart -m fast
    fi
  else
    # Stale lock files from a session whose processes died: their pid may be
    # gone, a zombie, or reused by an unrelated process (postgres then refuses
    # to start). Nothing of ours runs (checked above), so remove them.
    if [[ -f $PG_DATA_DIR/postmaster.pid ]]; then
      log "PostgreSQL: removing stale postmaster.pid (pid $(pg_pid) is not a live postgres)"
      rm -f "$PG_DATA_DIR/postmaster.pid"
    fi
    local lock="/var/run/postgresql/.s.PGSQL.$PG_PORT.lock" lock_pid
    if [[ -f $lock ]]; then
      lock_pid=$(head -n1 "$lock" | tr -dc '0-9')
      if ! pid_alive "$lock_pid" postgres; then
        log "PostgreSQL: removing stale socket lock $lock (pid $lock_pid)"
        rm -f "$lock" "/var/run/postgresql/.s.PGSQL.$PG_PORT"
      fi
    fi
    if port_open "$PG_PORT"; then
      die "something else listens on 127.0.0.1:$PG_PORT (another PostgreSQL cluster? see pg_lsclusters)"
    fi
    log "PostgreSQL: starting cluster $PG_VERSION/$PG_CLUSTER"
    if ! pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start; then
      tail -n 30 "$PG_LOG_FILE" >&2 || true
      die "PostgreSQL did not start"
    fi
  fi

  local deadline=$((SECONDS + 60))
  until "$PG_BIN_DIR/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT"; do
    if ((SECONDS >= deadline)); then
      tail -n 30 "$PG_LOG_FILE" >&2 || true
      die "PostgreSQL does not answer on $PG_HOST:$PG_PORT"
    fi
    sleep 0.5
  done
}

pg_bootstrap() {
  # Superuser password: try it over TCP; set it via the local socket (peer) if it fails.
  if ! PGPASSWORD=$PGADMIN_PASSWORD psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres \
      -c 'select 1' >/dev/null 2>&1; then
    log "PostgreSQL: setting the password of role postgres"
    printf '%s\n' "ALTER ROLE postgres WITH PASSWORD :'pw';" \
      | pg_as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres -v "pw=$PGADMIN_PASSWORD" >/dev/null
  fi
  local -a vars
  mapfile -t vars < <(bootstrap_vars)
  PGPASSWORD=$PGADMIN_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres \
    -d postgres "${vars[@]}" -f "$BOOTSTRAP_SQL" >/dev/null
}

# ===================================================================== Redis ==
redis_ping() {
  [[ $(timeout 3 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]
}

redis_start() {
  local pid
  if pid=$(read_pid "$REDIS_PID_FILE" redis-server) && redis_ping; then
    return 0
  fi
  if [[ -n ${pid:-} ]]; then
    warn "Redis pid $pid alive but not answering: restarting it"
    stop_pid "$pid" redis 10
  fi
  if port_open "$REDIS_PORT"; then
    # Debian's own service (started by a package script on some machines)?
    local cfg
    cfg=$(timeout 3 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" info server 2>/dev/null \
      | tr -d '\r' | sed -n 's/^config_file://p')
    if [[ $cfg == /etc/redis/* ]]; then
      log "Redis: stopping Debian's service instance ($cfg) to run ours"
      timeout 10 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
      local deadline=$((SECONDS + 10))
      while port_open "$REDIS_PORT" && ((SECONDS < deadline)); do sleep 0.3; done
    fi
    if port_open "$REDIS_PORT"; then
      # e.g. a Redis started from another checkout of the repo: use it.
      if redis_ping; then
        warn "a Redis not started from this checkout already answers on $REDIS_HOST:$REDIS_PORT: using it"
        return 0
      fi
      die "something else listens on 127.0.0.1:$REDIS_PORT"
    fi
  fi
  mkdir -p "$REDIS_DATA_DIR"
  log "Redis: starting on $REDIS_HOST:$REDIS_PORT"
  (cd "$REDIS_DATA_DIR" && redis-server \
    --bind "$REDIS_HOST" --port "$REDIS_PORT" --protected-mode yes \
    --daemonize yes --pidfile "$REDIS_PID_FILE" --logfile "$REDIS_LOG_FILE" \
    --dir "$REDIS_DATA_DIR" --save '' --appendonly no \
    </dev/null)
  local deadline=$((SECONDS + 30))
  until redis_ping; do
    if ((SECONDS >= deadline)); then
      tail -n 30 "$REDIS_LOG_FILE" >&2 || true
      die "Redis does not answer on $REDIS_HOST:$REDIS_PORT"
    fi
    sleep 0.2
  done
}

# ===================================================================== Kafka ==
kafka_ready() {
  # A real metadata round trip: list topics through the admin client.
  timeout 30 "$INFRA_SCRIPTS_DIR/kafka-run-class.sh" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$KAFKA_BOOTSTRAP" --list >/dev/null 2>&1
}

new_kafka_cluster_id() {
  # Kafka's Uuid.toString(): 16 random bytes, URL-safe base64 without padding,
  # never starting with '-'.
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [[ $id != -* ]] && { printf '%s\n' "$id"; return; }
  done
}

kafka_prepare() {
  mkdir -p "$KAFKA_DATA_DIR" "$CONF_DIR" "$LOG_DIR"
  local esc
  esc=$(printf '%s' "$KAFKA_DATA_DIR" | sed 's/[&|\\]/\\&/g')
  sed "s|@KAFKA_DATA_DIR@|$esc|g" "$INFRA_DIR/kafka/server.properties" | write_if_changed "$KAFKA_SERVER_PROPS" || true

  local meta="$KAFKA_DATA_DIR/meta.properties" meta_id=""
  [[ -f $meta ]] && meta_id=$(sed -n 's/^cluster\.id=//p' "$meta")
  if [[ ! -s $KAFKA_CLUSTER_ID_FILE ]]; then
    if [[ -n $meta_id ]]; then
      printf '%s\n' "$meta_id" >"$KAFKA_CLUSTER_ID_FILE"
    else
      new_kafka_cluster_id >"$KAFKA_CLUSTER_ID_FILE"
    fi
  fi
  local cluster_id
  cluster_id=$(tr -d '[:space:]' <"$KAFKA_CLUSTER_ID_FILE")
  if [[ -n $meta_id && $meta_id != "$cluster_id" ]]; then
    die "Kafka: $KAFKA_CLUSTER_ID_FILE ($cluster_id) disagrees with $meta ($meta_id); reset with: infra-stop.sh && rm -rf .data/kafka"
  fi
  if [[ -z $meta_id ]]; then
    log "Kafka: formatting storage in ${KAFKA_DATA_DIR#"$REPO_ROOT"/} (cluster id $cluster_id)"
    KAFKA_HEAP_OPTS="-Xms64m -Xmx256m" "$INFRA_SCRIPTS_DIR/kafka-run-class.sh" kafka.tools.StorageTool \
      format -t "$cluster_id" -c "$KAFKA_SERVER_PROPS" --ignore-formatted >/dev/null
  fi
}

KAFKA_STARTED=0
KAFKA_FOREIGN=0
kafka_start() {
  local pid
  if pid=$(read_pid "$KAFKA_PID_FILE" kafka.Kafka); then
    return 0
  fi
  if port_open "$KAFKA_PORT" || port_open "$KAFKA_CONTROLLER_PORT"; then
    # Not ours (no live pid in our pid file): e.g. a broker started from
    # another checkout of the repo. Use it if it is a working Kafka.
    if port_open "$KAFKA_PORT" && kafka_ready; then
      warn "a Kafka not started from this checkout already answers on $KAFKA_BOOTSTRAP: using it"
      KAFKA_FOREIGN=1
      return 0
    fi
    die "something else listens on 127.0.0.1:$KAFKA_PORT or :$KAFKA_CONTROLLER_PORT (not our Kafka: no live pid in ${KAFKA_PID_FILE#"$REPO_ROOT"/})"
  fi
  kafka_prepare
  [[ -f $KAFKA_LOG_FILE ]] && mv -f "$KAFKA_LOG_FILE" "$KAFKA_LOG_FILE.prev"
  log "Kafka: starting broker+controller on $KAFKA_BOOTSTRAP (controller :$KAFKA_CONTROLLER_PORT)"
  # New session (setsid) so the broker outlives this shell and its process
  # group; nohup for SIGHUP; the pid file gets the JVM's own pid (exec chain).
  # shellcheck disable=SC2016  # $$ and $0..$2 belong to the inner bash
  KAFKA_HEAP_OPTS="-Xms256m -Xmx768m" \
  KAFKA_LOG_LEVEL=INFO KAFKA_LOG_TARGET=System.out \
  KAFKA_OPTS="-Xlog:gc*:file=$LOG_DIR/kafka-gc.log:time,tags:filecount=3,filesize=10M" \
    setsid bash -c 'echo $$ >"$0"; exec nohup "$1" kafka.Kafka "$2"' \
      "$KAFKA_PID_FILE" "$INFRA_SCRIPTS_DIR/kafka-run-class.sh" "$KAFKA_SERVER_PROPS" \
      >>"$KAFKA_LOG_FILE" 2>&1 </dev/null &
  KAFKA_STARTED=1
}

kafka_wait() {
  local deadline=$((SECONDS + KAFKA_READY_TIMEOUT)) pid
  ((KAFKA_FOREIGN)) && return 0
  while :; do
    if ! pid=$(read_pid "$KAFKA_PID_FILE" kafka.Kafka); then
      # the pid file is written a moment after the fork
      if ((KAFKA_STARTED)) && ((SECONDS < deadline)) && [[ ! -s $KAFKA_LOG_FILE ]]; then
        sleep 0.5; continue
      fi
      tail -n 60 "$KAFKA_LOG_FILE" >&2 || true
      die "Kafka exited (log: $KAFKA_LOG_FILE)"
    fi
    if port_open "$KAFKA_PORT" && kafka_ready; then
      return 0
    fi
    if ((SECONDS >= deadline)); then
      tail -n 60 "$KAFKA_LOG_FILE" >&2 || true
      die "Kafka (pid $pid) gave no metadata answer on $KAFKA_BOOTSTRAP within ${KAFKA_READY_TIMEOUT}s (log: $KAFKA_LOG_FILE)"
    fi
    sleep 1
  done
}

# ====================================================================== main ==
main() {
  if docker_available; then
    compose_up
    observability_up
    return
  fi
  require_root
  mkdir -p "$DATA_DIR" "$LOG_DIR" "$CONF_DIR" "$TOOLS_DIR"

  # One apt transaction for everything missing (a no-op when all is there).
  apt_install postgresql postgresql-contrib redis-server
  command -v java >/dev/null 2>&1 || apt_install openjdk-17-jre-headless
  ensure_kafka_libs

  # Kafka first: its JVM warms up while PostgreSQL and Redis start.
  kafka_start
  pg_setup_and_start
  pg_bootstrap
  redis_start
  kafka_wait

  echo "infra up (native) in $((SECONDS - START_SECONDS))s:"
  printf '  %-9s %-16s pid %-7s %s\n' \
    postgres "$PG_HOST:$PG_PORT" "$(pg_pid)" "cluster $PG_VERSION/$PG_CLUSTER, data $PG_DATA_DIR, db shop, superuser postgres" \
    redis "$REDIS_HOST:$REDIS_PORT" "$(read_pid "$REDIS_PID_FILE" redis-server || echo foreign)" "data ${REDIS_DATA_DIR#"$REPO_ROOT"/}, log ${REDIS_LOG_FILE#"$REPO_ROOT"/}" \
    kafka "$KAFKA_BOOTSTRAP" "$(read_pid "$KAFKA_PID_FILE" kafka.Kafka || echo foreign)" "controller 127.0.0.1:$KAFKA_CONTROLLER_PORT, data ${KAFKA_DATA_DIR#"$REPO_ROOT"/}, log ${KAFKA_LOG_FILE#"$REPO_ROOT"/}"
  observability_up
}

# Metrics and traces: Prometheus scraping the services, Zipkin receiving their spans.
observability_up() {
  local servers="$INFRA_DIR/observability/servers.sh"
  bash "$servers" install
  bash "$servers" start
  bash "$servers" status | sed 's/^/  /'
}

main "$@"
