#!/usr/bin/env bash
# Runs the spill-store harness (outage latency vs a no-op appender and a healthy sink, spill write MB/s
# zstd vs gzip, replay into the local receiver) in a fresh JVM and appends its CSV rows to
# benchmarks/results/spill.csv (header written when the file is new; every row carries its date).
#
#   bash benchmarks/run-spill.sh                      # 20,000 events/s, 15 s outage, 2,000,000 events written
#   RATE=40000 OUTAGE=30 bash benchmarks/run-spill.sh
#
# Build first: mvn -q -DskipTests package -pl benchmarks -am
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
csv="${CSV:-$root/benchmarks/results/spill.csv}"
java_opts="${JAVA_OPTS:--Xms1g -Xmx1g}"

if [[ ! -f "$jar" ]]; then
  echo "missing $jar; build it first: mvn -q -DskipTests package -pl benchmarks -am" >&2
  exit 2
fi
# shellcheck disable=SC2086
java $java_opts -cp "$jar" dev.logship.benchmarks.SpillHarness --rate "${RATE:-20000}" --outage "${OUTAGE:-15}" \
  --write-events "${WRITE_EVENTS:-2000000}" --csv "$csv" 2>&1 | grep -v -e '|-INFO' -e 'logship INFO'
