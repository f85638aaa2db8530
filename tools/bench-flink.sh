#!/usr/bin/env bash
# The Flink job's figures beside `vigil scan` on the same data (docs/flink.md, "Sizing").
#
#   tools/bench-flink.sh [ACCESS_LINES=200000] [TRACE_EVENTS=200000] [RUNS=5]
#
# Generates an access log and a process trace (tools/gen-*.py), times `./vigil scan` on each
# (median of RUNS), then runs dev.vigil.flink.JobBench: an in-process Kafka broker and a Flink
# MiniCluster with two slots, the job at parallelism 1 and 2, and the line-to-alert delay.
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-200000}
events=${2:-200000}
runs=${3:-5}
tmp=$(mktemp -d /tmp/vigil-bench-flink.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
python3 tools/gen-access-log.py -n "$lines" --seed 1 -o "$tmp/access.log"
python3 tools/gen-process-trace.py "$events" 50 > "$tmp/trace.jsonl"

for f in access.log trace.jsonl; do
  n=$(wc -l < "$tmp/$f")
  for i in $(seq "$runs"); do
    s=$(date +%s%N)
    ./vigil scan --no-db --format json "$tmp/$f" > /dev/null || true  # exit 1 means alerts were found
    e=$(date +%s%N)
    echo $(( (e - s) / 1000000 ))
  done | sort -n | awk -v n="$n" -v f="$f" '{a[NR]=$1} END {m=a[int((NR+1)/2)];
    printf "vigil scan %s: median %.2f s, %.0f lines/s (%d lines, all cores, JVM start included)\n", f, m/1000, n*1000/m, n}'
done

./mvnw -B -q -o -pl vigil-flink -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$tmp/cp.txt" -Dmdep.includeScope=test > /dev/null
java -Xmx2g -cp "vigil-flink/target/test-classes:vigil-flink/target/classes:$(cat "$tmp/cp.txt")" \
  dev.vigil.flink.JobBench "$tmp/access.log" "$tmp/trace.jsonl" "$runs" 2>/dev/null
