#!/usr/bin/env bash
# The logship demo in one command: builds what it needs (the first time takes a few minutes: Maven downloads
# OpenSearch's jars), starts a real OpenSearch node on loopback, logs through SLF4J/Logback + logship while the
# sink goes away for a stretch, and counts every event back. Options: --events N --rate N --outage 5s --url URL --keep
set -euo pipefail
cd "$(dirname "$0")"
echo "Building logship and the demo (mvn package -pl demo -am) ..."
mvn -B -q -ntp -DskipTests package -pl demo -am
exec java -Xmx512m -XX:+UseSerialGC \
  -Dlogship.root="$PWD" \
  -cp "demo/target/logship-demo-0.1.0-SNAPSHOT.jar:$(cat demo/target/classpath.txt)" \
  dev.logship.demo.Demo "$@"
