#!/usr/bin/env bash
# Runs any Java class from the Kafka 3.9.1 jars (.tools/kafka/libs) with the
# classpath and logging set, like Kafka's own bin/kafka-run-class.sh.
#
#   infra/scripts/kafka-run-class.sh CLASS [ARGS...]
#
# Examples (see infra/README.md for more):
#   kafka-run-class.sh org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list
#   kafka-run-class.sh org.apache.kafka.tools.ProducerPerformance --topic perf --num-records 1000 \
#       --record-size 100 --throughput -1 --producer-props bootstrap.servers=127.0.0.1:9092
#   kafka-run-class.sh org.apache.kafka.tools.EndToEndLatency 127.0.0.1:9092 perf 1000 1 100
#
# Environment (all optional):
#   KAFKA_HEAP_OPTS             default -Xms128m -Xmx512m (the broker start sets its own)
#   KAFKA_JVM_PERFORMANCE_OPTS  default G1 settings as in Kafka's own script
#   KAFKA_LOG_LEVEL             root log level, default WARN (tools) ; logs go to stderr
#   KAFKA_LOG_TARGET            System.err (default) or System.out
#   KAFKA_LOG4J_OPTS            replaces the log4j system properties entirely
#   KAFKA_OPTS                  extra JVM options
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
  sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  [[ $# -ge 1 ]] && exit 0
  exit 2
fi

ensure_kafka_libs

JAVA=${JAVA:-java}
if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then JAVA="$JAVA_HOME/bin/java"; fi

mkdir -p "$LOG_DIR"
read -r -a heap_opts <<<"${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
read -r -a perf_opts <<<"${KAFKA_JVM_PERFORMANCE_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true}"
if [[ -n ${KAFKA_LOG4J_OPTS:-} ]]; then
  read -r -a log4j_opts <<<"$KAFKA_LOG4J_OPTS"
else
  log4j_opts=(
    "-Dlog4j.configuration=file:$KAFKA_LOG4J"
    "-Dkafka.root.loglevel=${KAFKA_LOG_LEVEL:-WARN}"
    "-Dkafka.log.target=${KAFKA_LOG_TARGET:-System.err}"
    "-Dkafka.logs.dir=$LOG_DIR"
  )
fi
read -r -a extra_opts <<<"${KAFKA_OPTS:-}"

exec "$JAVA" "${heap_opts[@]}" "${perf_opts[@]}" "${log4j_opts[@]}" "${extra_opts[@]}" \
  -cp "$(kafka_classpath)" "$@"
