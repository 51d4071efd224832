#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `case query` and `case push --jobs` given hostile or wrong input (issue #20
# item 6): malformed or reversed windows, numbers of streams out of range or
# not numbers, a case id made of SQL, a case still loading, an output file
# that exists, a wrong password: each refused with its exit code, naming
# the option or the server, the password never printed, nothing written.
# Events before 1970 and at the epoch are windowed exactly as timeline export does.
. "$LL_SRC_DIR/tests/cli/lib.sh"
need python3 sqlite3
. "$LL_SRC_DIR/tests/cli/pg_lib.sh"
. "$LL_SRC_DIR/tests/cli/pg_scale_lib.sh"
pg_start

pg_multi_case "$TMP/m" 3 300
# events at the epoch's edges (negative time_ns: before 1970)
sqlite3 "$TMP/m/case.db" "INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, locator, message)
	VALUES (100001, 'E1', -1, 'Event Time', 'syslog', 'syslog', 'x:1', 'one ns before 1970'),
	       (100002, 'E2', 0, 'Event Time', 'syslog', 'syslog', 'x:2', 'the epoch'),
	       (100003, 'E3', -86400000000000, 'Event Time', 'syslog', 'syslog', 'x:3', 'a day before')"

# --jobs: numbers of streams out of range or not numbers, refused before anything is done
for j in 0 9 -1 2x '' ' 2' 99999999999999999999 0x2; do
	expect_exit 2 case push "$TMP/m" --store "$LL_PG_URL" --jobs "$j"
	expect_grep "bad --jobs" "$TMP/err"
done
[ "$(pg_sql "SELECT to_regclass('public.lifeline_cases') IS NULL")" = t ] || fail "a refused push wrote the store"
expect_exit 0 case push "$TMP/m" --store "$LL_PG_URL" --jobs 8
Q="case query --store $LL_PG_URL --case-id MULTI-1"

# malformed and reversed windows
for w in 2024-13-01 2024-06-03T25:00:00Z yesterday '' 2024-06-03T14:00:00+25:00 1e9 \
	'2024-06-03T14:00:00Z; DROP TABLE x'; do
	expect_exit 2 $Q --from "$w" --to 2030-01-01
	expect_grep "bad --from" "$TMP/err"
	expect_exit 2 $Q --from 2020-01-01 --to "$w"
	expect_grep "bad --to" "$TMP/err"
done
expect_exit 2 $Q --from 2024-06-03T14:00:00.000000001Z --to 2024-06-03T14:00:00Z
expect_grep "from is after --to" "$TMP/err"
expect_exit 2 $Q --from 2024-06-03
expect_grep "from and --to are required" "$TMP/err"
expect_exit 2 $Q --from 2024-06-03 --to 2024-06-03 --format bodyfile
expect_grep "bad --format 'bodyfile'" "$TMP/err"
expect_exit 2 --json $Q --from 2024-06-03 --to 2024-06-03
expect_grep "json needs -o FILE" "$TMP/err"
expect_exit 2 case query --store /tmp/case.db --case-id MULTI-1 --from 2024-06-03 --to 2024-06-03

# an output file that exists is not overwritten
echo keep >"$TMP/exists.jsonl"
expect_exit 5 $Q --from 2000-01-01 --to 2030-01-01 -o "$TMP/exists.jsonl"
[ "$(cat "$TMP/exists.jsonl")" = keep ] || fail "case query overwrote an existing file"
expect_grep "exists; refusing to overwrite it" "$TMP/err"

# a case id made of SQL is data: no such case
expect_exit 3 case query --store "$LL_PG_URL" --case-id "MULTI-1' OR '1'='1" --from 2000-01-01 --to 2030-01-01
expect_grep "has no case 'MULTI-1' OR '1'='1'" "$TMP/err"
# a wrong password: named server, masked password
expect_exit 5 case query --store "postgresql://lifeline:wrong-Secret-77@127.0.0.1:$PG_PORT/lifeline_test" \
	--case-id MULTI-1 --from 2000-01-01 --to 2030-01-01
expect_grep "127\.0\.0\.1:$PG_PORT" "$TMP/err"
expect_no_grep 'wrong-Secret-77' "$TMP/err"

# the epoch's edges: both bounds inclusive, negative times exact, as timeline export
expect_exit 0 $Q --from 1969-12-31T23:59:59.999999999Z --to 1970-01-01T00:00:00Z -o "$TMP/epoch.jsonl"
(cd "$TMP/m" && "$LIFELINE" timeline export --format jsonl --from 1969-12-31T23:59:59.999999999Z \
	--to 1970-01-01T00:00:00Z -o "$TMP/epoch-sqlite.jsonl" 2>/dev/null) || fail "timeline export epoch"
expect_same "$TMP/epoch-sqlite.jsonl" "$TMP/epoch.jsonl" "the epoch window"
[ "$(wc -l <"$TMP/epoch.jsonl")" = 2 ] || fail "not the two events at the epoch's edges"
expect_exit 0 $Q --from 1969-12-30 --to 1969-12-31 -o "$TMP/before.jsonl"
grep -q 'a day before' "$TMP/before.jsonl" || fail "the event a day before 1970"
grep -q 'one ns before 1970' "$TMP/before.jsonl" || fail "the event one ns before 1970 (the day's last ns)"

# a case still loading (a push that died) is refused, not half-read
pg_sql "UPDATE lifeline_cases SET state = 'loading' WHERE case_id = 'MULTI-1'" >/dev/null
expect_exit 4 $Q --from 2000-01-01 --to 2030-01-01 -o "$TMP/loading.jsonl"
expect_grep "is still being loaded" "$TMP/err"
[ ! -e "$TMP/loading.jsonl" ] || fail "a refused query left its output file"

done_testing
