#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `case push --jobs 2` (issue #20 item 6): a case of 6 hosts (items of
# different sizes) pushed on two streams is the same case as pushed on one:
# the server's rows equal (psql, the oracle, row for row against sqlite3),
# every item in its own partition with its time_ns index, the streams'
# events add up, one push entry in the chain; exported back, every timeline
# export is byte-identical to the original SQLite case's.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
. "$(dirname "$0")/pg_lib.sh"
. "$(dirname "$0")/pg_scale_lib.sh"
pg_start
PG_DB=postgres pg_sql "CREATE DATABASE one_stream" >/dev/null
URL1=$(echo "$LL_PG_URL" | sed 's|/lifeline_test$|/one_stream|')

pg_multi_case "$TMP/m" 6 12000
total=$(sqlite3 "$TMP/m/case.db" "SELECT count(*) FROM events")
[ "$total" -gt 40000 ] || fail "case not built ($total events)"

# usage: the number of streams is checked before anything is done
expect_exit 2 case push "$TMP/m" --store "$LL_PG_URL" --jobs 0
expect_grep "bad --jobs '0' \(1\.\.8\)" "$TMP/err"
expect_exit 2 case push "$TMP/m" --store "$LL_PG_URL" --jobs 9

expect_exit 0 --json case push "$TMP/m" --store "$LL_PG_URL" --jobs 2
cp "$TMP/out" "$TMP/push2.json"
[ "$(json_get "$TMP/push2.json" 'd["events"]')" = "$total" ] || fail "events pushed"
[ "$(json_get "$TMP/push2.json" 'd["partitions"]')" = 6 ] || fail "partitions"
[ "$(json_get "$TMP/push2.json" 'd["jobs"]["streams"]')" = 2 ] || fail "not two streams"
[ "$(json_get "$TMP/push2.json" 'sum(s["events"] for s in d["jobs"]["per_stream"])')" = "$total" ] ||
	fail "the streams' events do not add up to the total"
json_get "$TMP/push2.json" 'd["jobs"]["time_index_seconds"] > 0 and d["jobs"]["copy_seconds"] > 0' |
	grep -q True || fail "no COPY or index time"
expect_no_grep "$LL_PG_PASS" "$TMP/push2.json"
expect_exit 0 --json case push "$TMP/m" --store "$URL1"
[ "$(json_get "$TMP/out" 'd["jobs"]["streams"]')" = 1 ] || fail "--jobs 1 is not one stream"

key=$(pg_sql "SELECT case_key FROM lifeline_cases WHERE case_id = 'MULTI-1' AND state = 'ready'")
[ -n "$key" ] || fail "no ready case"
# one partition per item, each holding all its item's events and indexed on time_ns
pg_sql "SELECT c.relname, (SELECT count(*) FROM pg_index x JOIN pg_attribute a ON a.attrelid = x.indrelid
		AND a.attnum = x.indkey[0] WHERE x.indrelid = c.oid AND x.indnatts = 1 AND a.attname = 'time_ns')
	FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
	JOIN pg_namespace n ON n.oid = p.relnamespace
	WHERE n.nspname = 'lifeline_case_$key' AND p.relname = 'events' ORDER BY 1" >"$TMP/parts"
[ "$(wc -l <"$TMP/parts")" = 6 ] || { cat "$TMP/parts"; fail "not 6 partitions"; }
expect_no_grep '\|0$' "$TMP/parts"
for k in 1 2 3 4 5 6; do
	[ "$(pg_sql "SELECT count(*) FROM lifeline_case_$key.events_p$k")" = \
	  "$(sqlite3 "$TMP/m/case.db" "SELECT count(*) FROM events WHERE evidence_id = 'E$k'")" ] ||
		fail "partition $k count"
done
# the server's rows, pushed on two streams, are the SQLite case's (and the one-stream push's)
cols="ll_rowid, id, evidence_id, time_ns, time_desc, source, parser, host, \"user\", locator, message, attrs, rule_id"
pg_sql "COPY (SELECT $cols FROM lifeline_case_$key.events ORDER BY ll_rowid) TO STDOUT WITH (FORMAT csv)" >"$TMP/srv2.csv"
PG_DB=one_stream pg_sql "COPY (SELECT $cols FROM lifeline_case_1.events ORDER BY ll_rowid) TO STDOUT WITH (FORMAT csv)" >"$TMP/srv1.csv"
sqlite3 -csv "$TMP/m/case.db" "SELECT rowid, id, evidence_id, time_ns, time_desc, source, parser, host, user, locator, message, attrs, rule_id FROM events ORDER BY rowid" >"$TMP/lite.csv"
tr -d '\r' <"$TMP/lite.csv" >"$TMP/lite2.csv"
expect_same "$TMP/srv1.csv" "$TMP/srv2.csv" "the two-stream push's rows differ from the one-stream push's"
python3 - "$TMP/lite2.csv" "$TMP/srv2.csv" <<'PY' || fail "the server's rows differ from the SQLite case's"
import csv, sys
a = list(csv.reader(open(sys.argv[1], newline="")))
b = list(csv.reader(open(sys.argv[2], newline="")))
assert len(a) == len(b) > 40000, (len(a), len(b))
for x, y in zip(a, b):
    assert x == y, (x, y)
PY
test_count=$((test_count + 1))
# one push entry, at the end of the chain
[ "$(pg_sql "SELECT count(*) FROM lifeline_case_$key.custody WHERE action = 'push'")" = 1 ] || fail "push entries"
expect_exit 0 custody verify --store "$LL_PG_URL" --case-id MULTI-1

# back into SQLite: every export byte-identical
expect_exit 0 case export --store "$LL_PG_URL" --case-id MULTI-1 "$TMP/back"
for f in jsonl csv l2tcsv jsonl-wide; do
	(cd "$TMP/m" && "$LIFELINE" timeline export --format $f -o "$TMP/orig.$f" 2>/dev/null) || fail "export $f"
	(cd "$TMP/back" && "$LIFELINE" timeline export --format $f -o "$TMP/back.$f" 2>/dev/null) || fail "export back $f"
	expect_same "$TMP/orig.$f" "$TMP/back.$f" "timeline export $f after a --jobs 2 round trip"
done
[ "$(wc -l <"$TMP/orig.jsonl")" = "$total" ] || fail "jsonl lines"

done_testing
