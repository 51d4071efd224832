#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/pg_push.sh [EVENTS] (default 1,000,000): `case push` of a generated
# case (one item of EVENTS syslog-like events, plus 1,000 in another) into a
# throw-away PostgreSQL 15 cluster (tests/cli/pg_lib.sh), then `case export`
# back. Prints the COPY rate of the events (events/s, one stream), the whole
# push and the export. Issue #20 asks >= 100,000 events/s per stream.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-1000000}
. "$SRC/bench/pg_bench_lib.sh"
pg_start

t0=$(date +%s.%N)
pg_big_case "$TMP/case" "$N"
t1=$(date +%s.%N)
echo "case of $((N + 1000)) events built in $(echo "$t1 - $t0" | bc -l | cut -c1-5) s ($(du -h "$TMP/case/case.db" | cut -f1))"
expect_exit 0 --json case push "$TMP/case" --store "$LL_PG_URL"
python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("push: %d events in %d partitions; events COPY %.2f s = %.0f events/s (one stream); whole push %.2f s"
      % (d["events"], d["partitions"], d["events_seconds"], d["events_per_s"], d["seconds"]))
PY
t2=$(date +%s.%N)
expect_exit 0 --json case export --store "$LL_PG_URL" --case-id BIG-1 "$TMP/back"
t3=$(date +%s.%N)
echo "export: $((N + 1000)) events back into SQLite in $(echo "$t3 - $t2" | bc -l | cut -c1-5) s"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
