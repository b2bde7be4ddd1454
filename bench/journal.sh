#!/usr/bin/env bash
# Durable-state overhead: 1,000 `log` steps through the executor with journal + snapshots, against a bare
# loop doing the same appends + fsyncs; and bytes written for 1,000 vs 10,000 steps (must be ~10x).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d cli/target/lib ] || mvn -B -ntp -q -DskipTests package -pl cli -am
exec java -cp "cli/target/lib/*" bench/JournalBench.java "$@"
