#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/pg_window.sh [EVENTS] [HOSTS] (default 20,000,000 and 200): the
# time-window query alone on a server case of EVENTS events, without the
# hours a full bench/scale.sh takes on a loaded 2-core machine. A case of
# HOSTS items (tests/cli/pg_scale_lib.sh, 100 events each) is pushed with
# `case push --jobs 2` (so the store, the partitions and their time indexes
# are lifeline's own); the server then fills the partitions up to EVENTS
# with INSERT … SELECT generate_series (the same row shapes, times
# interleaved across the hosts), ANALYZE; then `case query` asks a window of
# about 10,000 events across every host (best of 5), and EXPLAIN ANALYZE
# gives the server's share. The rows made by the server exist only there,
# so this measures speed; t4032 and bench/scale.sh check the answers.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-20000000}
H=${2:-200}
. "$SRC/bench/pg_bench_lib.sh"
. "$SRC/tests/cli/pg_scale_lib.sh"
trap 'exit 1' INT TERM
pg_start
PG_DB=postgres pg_sql "ALTER SYSTEM SET max_wal_size = '8GB'" >/dev/null
PG_DB=postgres pg_sql "SELECT pg_reload_conf()" >/dev/null
now() { date +%s.%N; }

pg_multi_case "$TMP/m" "$H" $((2 * 100))
expect_exit 0 case push "$TMP/m" --store "$LL_PG_URL" --jobs 2
have=$(pg_sql "SELECT count(*) FROM lifeline_case_1.events")
# ids after the pushed ones; event n of the case at T0 + n us, on host (n % H) + 1
t0=$(now)
pg_sql "INSERT INTO lifeline_case_1.events (ll_rowid, id, evidence_id, time_ns, time_desc, source, parser, host, \"user\", locator, message, attrs)
	SELECT n, n, 'E' || (n % $H + 1), 1700000000000000000 + n * 1000, 'Content Modification Time', 'syslog', 'syslog',
	       'host-' || lpad((n % $H + 1)::text, 3, '0'), 'user' || (n % 37), 'auth.log:' || n,
	       'sshd[' || (n % 65536) || ']: Accepted publickey for user' || (n % 37) || ' from 10.0.' || (n % 250) || '.' || (n % 251) || ' port ' || (1024 + n % 60000) || ' ssh2',
	       '{\"pid\":' || (n % 65536) || '}'
	FROM generate_series(1000000::bigint, 1000000 + $N - $have - 1) AS n" >/dev/null
pg_sql "ANALYZE lifeline_case_1.events" >/dev/null
t1=$(now)
total=$(pg_sql "SELECT count(*) FROM lifeline_case_1.events")
echo "server case: $total events in $H partitions (filled by the server in $(echo "$t1 - $t0" | bc -l | cut -c1-6) s), $(pg_sql "SELECT pg_size_pretty(pg_database_size('lifeline_test'))")"
# 10,000 events in the middle: n from 1,000,000 + (N/2)
mid=$((1000000 + N / 2))
lo=$((1700000000000000000 + mid * 1000))
hi=$((lo + 10000 * 1000 - 1))
FROM=$(python3 -c 'import sys, datetime as D; n = int(sys.argv[1]); print(D.datetime.fromtimestamp(n // 10**9, D.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") + ".%09dZ" % (n % 10**9))' "$lo")
TO=$(python3 -c 'import sys, datetime as D; n = int(sys.argv[1]); print(D.datetime.fromtimestamp(n // 10**9, D.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") + ".%09dZ" % (n % 10**9))' "$hi")
best=
for k in 1 2 3 4 5; do
	rm -f "$TMP/w.jsonl"
	/usr/bin/time -f '%e %U %S' -o "$TMP/time" "$LIFELINE" --json case query --store "$LL_PG_URL" \
		--case-id MULTI-1 --from "$FROM" --to "$TO" -o "$TMP/w.jsonl" >"$TMP/out" 2>"$TMP/err" ||
		{ cat "$TMP/err" >&2; fail "case query"; }
	s=$(python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); print(d["seconds"], d["query_seconds"], d["events"])' "$TMP/out")
	c=$(awk '{ printf "%.3f", $2 + $3 }' "$TMP/time")
	echo "  run $k: command $(cut -d' ' -f1 "$TMP/time") s wall ($c s CPU); in it, the server's answer into memory $(echo "$s" | cut -d' ' -f2) s; $(echo "$s" | cut -d' ' -f3) events"
	best=$(echo "$s $best" | awk '{ print ($4 == "" || $1 < $4) ? $1 : $4 }')
done
hosts=$(python3 -c 'import json,sys; print(len({json.loads(l)["hostname"] for l in open(sys.argv[1])}))' "$TMP/w.jsonl")
echo "case query $FROM .. $TO: $(wc -l <"$TMP/w.jsonl") events of $hosts hosts out of $total; best of 5: $best s"
echo "server alone: $(pg_sql "EXPLAIN (ANALYZE, TIMING OFF) SELECT * FROM lifeline_case_1.events WHERE time_ns >= $lo AND time_ns <= $hi" | tail -2 | tr '\n' ' ')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
