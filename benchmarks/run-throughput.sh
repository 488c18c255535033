#!/usr/bin/env bash
# Runs the end-to-end throughput matrix {1,2 producers} x {gzip,zstd}, each cell in a fresh JVM with
# a no-op baseline, and appends one CSV row per phase to benchmarks/results/throughput.csv (header
# written when the file is new; every row carries its date).
#
#   bash benchmarks/run-throughput.sh                    # 2,000,000 events per cell
#   EVENTS=300000 WARMUP_EVENTS=100000 bash benchmarks/run-throughput.sh
#   JAVA_OPTS="-Xms2g -Xmx2g" CSV=/tmp/t.csv bash benchmarks/run-throughput.sh
#
# Build first: mvn -q -DskipTests package -pl benchmarks -am
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
csv="${CSV:-$root/benchmarks/results/throughput.csv}"
events="${EVENTS:-2000000}"
warmup="${WARMUP_EVENTS:-200000}"
java_opts="${JAVA_OPTS:--Xms1g -Xmx1g}"

if [[ ! -f "$jar" ]]; then
  echo "missing $jar; build it first: mvn -q -DskipTests package -pl benchmarks -am" >&2
  exit 2
fi

failed=0
for producers in 1 2; do
  for compression in gzip zstd; do
    echo "=== producers=$producers compression=$compression events=$events warmup=$warmup ($(date -u +%FT%TZ))"
    # shellcheck disable=SC2086
    if ! java $java_opts -cp "$jar" dev.logship.benchmarks.ThroughputHarness \
        --events "$events" --warmup-events "$warmup" --producers "$producers" \
        --compression "$compression" --baseline --csv "$csv"; then
      echo "!!! producers=$producers compression=$compression failed (see above)" >&2
      failed=1
    fi
  done
done
echo "results appended to $csv"
exit "$failed"
