# shellcheck shell=bash
# shellcheck disable=SC2034  # variables here are used by the scripts that source this file
# Shared helpers for the infra scripts. Source it, don't run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Rule kept by every script here: everything binds to loopback (127.0.0.1),
# and every script is idempotent (a second run is a fast no-op).

# ---------------------------------------------------------------- locations --
INFRA_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
INFRA_DIR="$(cd "$INFRA_SCRIPTS_DIR/.." && pwd -P)"

# Repo root: the directory that holds infra/ (git is not required, so this
# also works in an exported tree or a tarball).
repo_root() {
  (cd "$INFRA_DIR/.." && pwd -P)
}
REPO_ROOT="$(repo_root)"

DATA_DIR="$REPO_ROOT/.data"      # servers' data, pid files, logs (git-ignored)
TOOLS_DIR="$REPO_ROOT/.tools"    # downloaded tools (git-ignored)
LOG_DIR="$DATA_DIR/logs"
CONF_DIR="$DATA_DIR/conf"        # generated config files

# PostgreSQL: Debian's own cluster 15/main, reconfigured via its conf.d.
PG_VERSION=15
PG_CLUSTER=main
PG_HOST=127.0.0.1
PG_PORT=5432
PG_CONF_DIR="/etc/postgresql/$PG_VERSION/$PG_CLUSTER"
PG_DATA_DIR="/var/lib/postgresql/$PG_VERSION/$PG_CLUSTER"
PG_BIN_DIR="/usr/lib/postgresql/$PG_VERSION/bin"
PG_LOG_FILE="/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log"

# Redis
REDIS_HOST=127.0.0.1
REDIS_PORT=6379
REDIS_DATA_DIR="$DATA_DIR/redis"
REDIS_PID_FILE="$DATA_DIR/redis.pid"
REDIS_LOG_FILE="$LOG_DIR/redis.log"

# Kafka
KAFKA_VERSION=3.9.1
KAFKA_HOST=127.0.0.1
KAFKA_PORT=9092
KAFKA_CONTROLLER_PORT=9093
KAFKA_BOOTSTRAP="$KAFKA_HOST:$KAFKA_PORT"
KAFKA_LIBS_DIR="$TOOLS_DIR/kafka/libs"
KAFKA_POM="$INFRA_DIR/kafka/pom.xml"
KAFKA_DATA_DIR="$DATA_DIR/kafka"
KAFKA_CLUSTER_ID_FILE="$KAFKA_DATA_DIR/cluster.id"
KAFKA_PID_FILE="$DATA_DIR/kafka.pid"
KAFKA_LOG_FILE="$LOG_DIR/kafka.log"
KAFKA_SERVER_PROPS="$CONF_DIR/kafka-server.properties"   # rendered from infra/kafka/server.properties
KAFKA_LOG4J="$INFRA_DIR/kafka/log4j.properties"

COMPOSE_FILE="$REPO_ROOT/docker-compose.yml"

# ------------------------------------------------------------------ logging --
_ts() { date '+%H:%M:%S'; }
log()  { printf '[%s] %s\n' "$(_ts)" "$*" >&2; }
warn() { printf '[%s] WARN: %s\n' "$(_ts)" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "$(_ts)" "$*" >&2; exit 1; }

require_root() {
  [[ $(id -u) -eq 0 ]] || die "this script installs packages and manages servers: run it as root"
}

# ---------------------------------------------------------------- probes ----
# port_open PORT [HOST]: true when something accepts TCP connections there.
port_open() {
  local port=$1 host=${2:-127.0.0.1}
  # shellcheck disable=SC2016  # expanded by the inner bash
  timeout 1 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null
}

# wait_for_port PORT [TIMEOUT_SECONDS=30] [HOST=127.0.0.1]
wait_for_port() {
  local port=$1 timeout_s=${2:-30} host=${3:-127.0.0.1}
  local deadline=$((SECONDS + timeout_s))
  until port_open "$port" "$host"; do
    if ((SECONDS >= deadline)); then
      warn "nothing answers on $host:$port after ${timeout_s}s"
      return 1
    fi
    sleep 0.5
  done
}

# docker_available: a Docker engine answers `docker info` within 5 s.
# INFRA_NATIVE=1 forces the native path even when an engine answers.
docker_available() {
  [[ ${INFRA_NATIVE:-0} != 1 ]] || return 1
  command -v docker >/dev/null 2>&1 || return 1
  timeout 5 docker info >/dev/null 2>&1
}

compose() {
  docker compose -f "$COMPOSE_FILE" --project-directory "$REPO_ROOT" "$@"
}

# pid_alive PID [CMDLINE_PATTERN]: the process exists (and, if a pattern is
# given, its command line matches it: guards against pid reuse after a reboot).
pid_alive() {
  local pid=$1 pattern=${2:-}
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # A zombie (exited, not yet reaped: daemons are re-parented to pid 1, which
  # may reap late on this kind of machine) counts as dead.
  local state
  state=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)
  [[ -n $state && $state != Z ]] || return 1
  [[ -z $pattern ]] && return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$pattern"
}

# read_pid FILE [PATTERN]: prints the pid in FILE if that process is alive;
# removes a stale file (process gone) and returns 1.
read_pid() {
  local file=$1 pattern=${2:-} pid
  [[ -f $file ]] || return 1
  pid=$(head -n1 "$file" 2>/dev/null | tr -dc '0-9')
  if pid_alive "$pid" "$pattern"; then
    printf '%s\n' "$pid"
    return 0
  fi
  rm -f "$file"
  return 1
}

# stop_pid PID NAME [GRACE_SECONDS=30]: SIGTERM, wait, then SIGKILL.
stop_pid() {
  local pid=$1 name=$2 grace=${3:-30}
  kill -TERM "$pid" 2>/dev/null || return 0
  local deadline=$((SECONDS + grace))
  while pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      warn "$name (pid $pid) still up after ${grace}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.3
  done
  # A killed process still holds its ports until the kernel has reaped it: a start right after must not find them taken.
  while pid_alive "$pid" && ((SECONDS < deadline + 10)); do sleep 0.1; done
}

# -------------------------------------------------------------- packages ----
_APT_UPDATED=0
apt_install() {
  # apt_install PKG... : installs those not yet installed, with no prompts and
  # without letting maintainer scripts start services (no systemd here; we
  # start the servers ourselves, bound to loopback).
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  require_root
  export DEBIAN_FRONTEND=noninteractive
  if ((_APT_UPDATED == 0)); then
    log "apt-get update"
    apt-get update -qq >/dev/null || die "apt-get update failed"
    _APT_UPDATED=1
  fi
  log "apt-get install ${missing[*]}"
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && own_policy=1
  fi
  local rc=0 out
  out=$(mktemp)
  apt-get install -y -qq --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}" >"$out" 2>&1 || rc=$?
  ((own_policy)) && rm -f "$policy"
  if ((rc != 0)); then
    tail -n 40 "$out" >&2
    rm -f "$out"
    die "apt-get install ${missing[*]} failed (rc=$rc)"
  fi
  rm -f "$out"
}

# ------------------------------------------------------------------- kafka --
_sha256() { sha256sum "$1" | cut -d' ' -f1; }

# ensure_kafka_libs: resolves the broker + tools jars into .tools/kafka/libs
# with Maven (local repo ~/.m2), once per version of infra/kafka/pom.xml.
ensure_kafka_libs() {
  local stamp="$KAFKA_LIBS_DIR/.pom.sha256" want
  want=$(_sha256 "$KAFKA_POM")
  if [[ -f $stamp && $(cat "$stamp") == "$want" ]] && compgen -G "$KAFKA_LIBS_DIR/kafka_2.13-*.jar" >/dev/null; then
    return 0
  fi
  command -v java >/dev/null 2>&1 || apt_install openjdk-17-jre-headless
  command -v mvn >/dev/null 2>&1 || apt_install maven
  log "resolving Kafka $KAFKA_VERSION jars with Maven into ${KAFKA_LIBS_DIR#"$REPO_ROOT"/}"
  rm -rf "$KAFKA_LIBS_DIR"
  mkdir -p "$KAFKA_LIBS_DIR"
  if ! mvn -q -B -f "$KAFKA_POM" dependency:copy-dependencies </dev/null >"$TOOLS_DIR/kafka/mvn.log" 2>&1; then
    tail -n 40 "$TOOLS_DIR/kafka/mvn.log" >&2
    die "Maven could not resolve the Kafka jars (full log: $TOOLS_DIR/kafka/mvn.log)"
  fi
  printf '%s\n' "$want" >"$stamp"
}

kafka_classpath() {
  printf '%s/*' "$KAFKA_LIBS_DIR"
}

# ------------------------------------------------- metrics and traces --
# Prometheus (Debian's package) and Zipkin (exec jar), started by infra/observability/servers.sh.
PROM_HOST=127.0.0.1
PROM_PORT=9090
PROM_CONFIG="$INFRA_DIR/observability/prometheus.yml"
PROM_RULES="$INFRA_DIR/observability/alerts.yml"
PROM_DATA_DIR="$DATA_DIR/prometheus"
PROM_PID_FILE="$DATA_DIR/prometheus.pid"
PROM_LOG_FILE="$LOG_DIR/prometheus.log"
ZIPKIN_VERSION=3.6.1
ZIPKIN_HOST=127.0.0.1
ZIPKIN_PORT=9411
ZIPKIN_JAR="$TOOLS_DIR/zipkin/zipkin-server-$ZIPKIN_VERSION-exec.jar"
ZIPKIN_PID_FILE="$DATA_DIR/zipkin.pid"
ZIPKIN_LOG_FILE="$LOG_DIR/zipkin.log"
