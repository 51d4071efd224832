#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `case query` (issue #20 item 6): the events of a time window across every
# host, read from the PostgreSQL store, are byte for byte what `timeline
# export --from --to` writes from the SQLite case, in each format, for
# windows whose bounds fall exactly on events (both bounds inclusive), a
# date window, an empty window, a window of one event and the whole case;
# the count equals sqlite3's over the same inclusive range (the oracle); the
# server answers through the partitions' time_ns indexes, without parallel
# workers or JIT even where it would choose them.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
. "$(dirname "$0")/pg_lib.sh"
. "$(dirname "$0")/pg_scale_lib.sh"
pg_start

# 8 hosts; event n (id n) at T0 + n * 1000 ns, T0 = 2023-11-14T22:13:20Z
pg_multi_case "$TMP/m" 8 8000
expect_exit 0 case push "$TMP/m" --store "$LL_PG_URL" --jobs 2
T0=1700000000000000000

# window FROM TO [FORMAT]: compares case query with timeline export and sqlite3's count
n_windows=0
window() {
	f=${3:-jsonl}
	n_windows=$((n_windows + 1))
	rm -f "$TMP/q.out"
	expect_exit 0 --json case query --store "$LL_PG_URL" --case-id MULTI-1 --from "$1" --to "$2" \
		--format "$f" -o "$TMP/q.out"
	cp "$TMP/out" "$TMP/q.json"
	(cd "$TMP/m" && "$LIFELINE" timeline export --format "$f" --from "$1" --to "$2" \
		>"$TMP/e.out" 2>"$TMP/e.err") || { cat "$TMP/e.err" >&2; fail "timeline export $1 $2"; }
	expect_same "$TMP/e.out" "$TMP/q.out" "case query $1 .. $2 ($f) differs from timeline export"
	lo=$(python3 -c 'import sys, datetime as D
s = sys.argv[1]
if len(s) == 10: s += "T00:00:00Z"
d, frac = (s[:-1].split(".") + [""])[:2]
t = D.datetime.strptime(d, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=D.timezone.utc)
print(int(t.timestamp()) * 10**9 + int((frac + "000000000")[:9]))' "$1")
	hi=$(python3 -c 'import sys, datetime as D
s = sys.argv[1]
if len(s) == 10: s += "T23:59:59.999999999Z"
d, frac = (s[:-1].split(".") + [""])[:2]
t = D.datetime.strptime(d, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=D.timezone.utc)
print(int(t.timestamp()) * 10**9 + int((frac + "000000000")[:9]))' "$2")
	want=$(sqlite3 "$TMP/m/case.db" "SELECT count(*) FROM events WHERE time_ns >= $lo AND time_ns <= $hi")
	[ "$(json_get "$TMP/q.json" 'd["events"]')" = "$want" ] ||
		fail "case query $1 .. $2: $(json_get "$TMP/q.json" 'd["events"]') events, sqlite3 counts $want"
	say "window $1 .. $2 ($f): $want events"
}

# bounds exactly on events 1000 and 2000 (both kept: 1,001 events of every host)
window 2023-11-14T22:13:20.001Z 2023-11-14T22:13:20.002Z
[ "$(json_get "$TMP/q.json" 'd["events"]')" = 1001 ] || fail "inclusive bounds: not 1001 events"
head -n1 "$TMP/q.out" | grep -q '"event_id":1000,' || fail "the event at exactly --from is missing"
tail -n1 "$TMP/q.out" | grep -q '"event_id":2000,' || fail "the event at exactly --to is missing"
[ "$(python3 -c 'import json,sys; print(len({json.loads(l)["hostname"] for l in open(sys.argv[1])}))' "$TMP/q.out")" = 8 ] ||
	fail "the window does not hold every host"
# one nanosecond inside each bound: the two bound events go
window 2023-11-14T22:13:20.001000001Z 2023-11-14T22:13:20.001999999Z
[ "$(json_get "$TMP/q.json" 'd["events"]')" = 999 ] || fail "open bounds: not 999 events"
# one event (from = to = its time)
window 2023-11-14T22:13:20.000777Z 2023-11-14T22:13:20.000777Z csv
[ "$(json_get "$TMP/q.json" 'd["events"]')" = 1 ] || fail "a one-event window"
# no event
window 2023-11-14T22:13:19Z 2023-11-14T22:13:19.999Z l2tcsv
[ "$(json_get "$TMP/q.json" 'd["events"]')" = 0 ] || fail "an empty window"
# a whole day (date bounds) and the whole case, in the wide form
window 2023-11-14 2023-11-14 jsonl-wide
window 2000-01-01 2099-12-31
[ "$(json_get "$TMP/q.json" 'd["events"]')" = "$(sqlite3 "$TMP/m/case.db" "SELECT count(*) FROM events")" ] ||
	fail "the whole case"
# standard output, no --json: the same bytes
"$LIFELINE" case query --store "$LL_PG_URL" --case-id MULTI-1 --from 2023-11-14T22:13:20.001Z \
	--to 2023-11-14T22:13:20.002Z >"$TMP/stdout.jsonl" 2>"$TMP/err" || fail "query to stdout"
(cd "$TMP/m" && "$LIFELINE" timeline export --format jsonl --from 2023-11-14T22:13:20.001Z \
	--to 2023-11-14T22:13:20.002Z >"$TMP/e.jsonl" 2>/dev/null)
expect_same "$TMP/e.jsonl" "$TMP/stdout.jsonl" "case query on stdout"
expect_grep "^1001 events of case MULTI-1 between 1700000000001000000 and 1700000000002000000 ns \(inclusive\)" "$TMP/err"

# the server reads the window through each partition's time index
key=$(pg_sql "SELECT case_key FROM lifeline_cases WHERE case_id = 'MULTI-1'")
pg_sql "ANALYZE lifeline_case_$key.events" >/dev/null
pg_sql "EXPLAIN SELECT * FROM lifeline_case_$key.events WHERE time_ns >= $((T0 + 1000000)) AND time_ns <= $((T0 + 1100000))" >"$TMP/plan"
[ "$(grep -c 'events_p[0-9]*_time' "$TMP/plan")" = 8 ] || { cat "$TMP/plan"; fail "not every partition's time index in the plan"; }
expect_no_grep 'Seq Scan' "$TMP/plan"

# ... and without parallel workers or JIT (core/pg/pg_window.c): a server made to prefer both
# (their costs 0) logs the plan `case query` ran through auto_explain
for set in "session_preload_libraries = 'auto_explain'" "auto_explain.log_min_duration = 0" \
	"parallel_setup_cost = 0" "parallel_tuple_cost = 0" "min_parallel_index_scan_size = 0" \
	"min_parallel_table_scan_size = 0" "jit = on" "jit_above_cost = 0"; do
	# ALTER SYSTEM knows auto_explain's settings once the module is loaded in its session
	pg_as "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U lifeline \
		-d postgres -c "LOAD 'auto_explain'" -c "ALTER SYSTEM SET $set" >/dev/null ||
		fail "ALTER SYSTEM SET $set"
done
PG_DB=postgres pg_sql "SELECT pg_reload_conf()" >/dev/null
q="SELECT * FROM lifeline_case_$key.events WHERE time_ns >= $((T0 + 1000000)) AND time_ns <= $((T0 + 1100000)) ORDER BY ll_rowid"
pg_sql "EXPLAIN $q" >"$TMP/plan2"
expect_grep 'Gather' "$TMP/plan2" # the server's own choice, unless told otherwise
logged=$(wc -l <"$PG_DIR/log")
rm -f "$TMP/q.out"
expect_exit 0 case query --store "$LL_PG_URL" --case-id MULTI-1 --from 2023-11-14T22:13:20.001Z \
	--to 2023-11-14T22:13:20.0011Z -o "$TMP/q.out"
tail -n +"$((logged + 1))" "$PG_DIR/log" >"$TMP/plan-log"
python3 - "$TMP/plan-log" <<'PY' || fail "case query's window read ran with parallel workers or JIT"
import re, sys
blocks = re.split(r"\n(?=\S[^\n]*LOG:  duration: )", open(sys.argv[1]).read())
window = [b for b in blocks if "Query Text:" in b and "time_ns >=" in b]
print("# %d plan(s) of the window's read logged" % len(window))
assert window, "auto_explain logged no plan of the window's read"
for b in window:
    assert "Gather" not in b and "JIT:" not in b, b
PY
test_count=$((test_count + 1))

done_testing
