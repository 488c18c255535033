#!/usr/bin/env bash
# Delivered events/s into a real OpenSearch 2.19 node (started here, in its own JVM, on loopback) with
# gzip and with zstd, and into the in-process receiver, in one run; appends CSV rows to
# benchmarks/results/opensearch.csv.
#
#   bash benchmarks/run-opensearch.sh                 # 300,000 events per cell, 1 producer
#   EVENTS=1000000 bash benchmarks/run-opensearch.sh
#
# Build first: mvn -q -DskipTests package -pl benchmarks,opensearch-node -am
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
node_jar="$(ls "$root"/opensearch-node/target/logship-opensearch-node-*.jar 2>/dev/null | head -n 1)"
node_cp="$root/opensearch-node/target/classpath.txt"
csv="${CSV:-$root/benchmarks/results/opensearch.csv}"
events="${EVENTS:-300000}"
warmup="${WARMUP_EVENTS:-50000}"
java_opts="${JAVA_OPTS:--Xms1g -Xmx1g}"

if [[ ! -f "$jar" || -z "$node_jar" || ! -f "$node_cp" ]]; then
  echo "build first: mvn -q -DskipTests package -pl benchmarks,opensearch-node -am" >&2
  exit 2
fi

work="$(mktemp -d)"
log="$work/node.log"
(tail -f /dev/null | java -Xms512m -Xmx512m -cp "$node_jar:$(cat "$node_cp")" \
    dev.logship.opensearch.OpenSearchNode "$work/data" > "$log" 2>&1) &
node_group=$!
cleanup() { pkill -f "OpenSearchNode $work/data" 2>/dev/null; kill "$node_group" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

for _ in $(seq 1 180); do
  grep -q '^READY ' "$log" && break
  grep -q '^FAILED ' "$log" && { cat "$log" >&2; exit 1; }
  sleep 1
done
url="$(sed -n 's/^READY //p' "$log" | head -n 1)"
[[ -n "$url" ]] || { echo "OpenSearch did not start; see $log" >&2; cat "$log" >&2; exit 1; }
echo "OpenSearch at $url"
curl -s -XPUT "$url/_index_template/logs-bench" -H 'Content-Type: application/json' \
  -d '{"index_patterns":["logs-bench-*"],"data_stream":{},"priority":200,"template":{"settings":{"number_of_replicas":0}}}' \
  > /dev/null

failed=0
for compression in gzip zstd; do
  curl -s -XDELETE "$url/_data_stream/logs-bench-default" > /dev/null
  echo "=== opensearch compression=$compression events=$events ($(date -u +%FT%TZ))"
  # shellcheck disable=SC2086
  java $java_opts -cp "$jar" dev.logship.benchmarks.ThroughputHarness --url "$url" --events "$events" \
      --warmup-events "$warmup" --compression "$compression" --csv "$csv" || failed=1
  count=$(curl -s -XPOST "$url/logs-bench-default/_refresh" > /dev/null; curl -s "$url/logs-bench-default/_count")
  echo "    OpenSearch _count: $count (warm-up + measured)"
  echo "=== in-process receiver compression=$compression events=$events"
  # shellcheck disable=SC2086
  java $java_opts -cp "$jar" dev.logship.benchmarks.ThroughputHarness --events "$events" \
      --warmup-events "$warmup" --compression "$compression" --csv "$csv" || failed=1
done
echo "results appended to $csv"
exit "$failed"
