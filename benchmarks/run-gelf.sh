#!/usr/bin/env bash
# Runs the GELF transport harness (HTTP single, HTTP bulk, TCP, UDP, with Elasticsearch _bulk as the
# baseline, all in one JVM) and appends its CSV rows to benchmarks/results/gelf.csv.
#
#   bash benchmarks/run-gelf.sh                       # 300,000 events per transport, 100,000 for HTTP single
#   EVENTS=1000000 bash benchmarks/run-gelf.sh
#
# Build first: mvn -q -DskipTests package -pl benchmarks -am
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
csv="${CSV:-$root/benchmarks/results/gelf.csv}"
java_opts="${JAVA_OPTS:--Xms1g -Xmx1g}"

if [[ ! -f "$jar" ]]; then
  echo "missing $jar; build it first: mvn -q -DskipTests package -pl benchmarks -am" >&2
  exit 2
fi
# shellcheck disable=SC2086
java $java_opts -cp "$jar" dev.logship.benchmarks.GelfHarness --events "${EVENTS:-300000}" \
  --http-single-events "${HTTP_SINGLE_EVENTS:-100000}" --csv "$csv" 2>&1 | grep -v -e '|-INFO' -e 'logship INFO'
