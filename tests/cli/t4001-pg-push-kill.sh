#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# kill -9 of `case push` in the middle of an item's COPY (issue #20 item 4):
# the server holds no partial partition (every partition there has all of
# its item's events, the killed item none), the case is not "ready", and a
# second push succeeds with every event.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
. "$(dirname "$0")/pg_lib.sh"
pg_start

N=300000
pg_big_case "$TMP/big" $N
[ "$(sqlite3 "$TMP/big/case.db" "SELECT count(*) FROM events")" = $((N + 1000)) ] || fail "case not built"

"$LIFELINE" case push "$TMP/big" --store "$LL_PG_URL" >"$TMP/push1.out" 2>"$TMP/push1.err" &
pid=$!
pg_wait_copy || { kill -9 $pid; fail "no COPY seen in the server"; }
# E1's 1,000 rows go in a blink; wait until the big item is being copied
i=0
while [ $i -lt 300 ]; do
	n=$(pg_sql "SELECT coalesce(max(tuples_processed), 0) FROM pg_stat_progress_copy")
	[ "$n" -gt 2000 ] && break
	sleep 0.05
	i=$((i + 1))
done
# the window: the pusher must still be copying (a machine fast enough to
# finish first makes the kill checks impossible, not wrong: partial)
if ! kill -0 $pid 2>/dev/null; then
	wait $pid || :
	partial "the push of $N events ended before the kill"
	done_testing
fi
# a second push of the same case meanwhile: refused, the first holds the case
test_count=$((test_count + 1))
set +e
"$LIFELINE" case push "$TMP/big" --store "$LL_PG_URL" >"$TMP/out" 2>"$TMP/err"
got=$?
set -e
if kill -0 $pid 2>/dev/null; then
	[ "$got" = 5 ] || { cat "$TMP/err" >&2; fail "a second push meanwhile exited $got, want 5"; }
	expect_grep "the case 'BIG-1' is being pushed into the PostgreSQL server 127\.0\.0\.1:$PG_PORT, database 'lifeline_test' by another process now" "$TMP/err"
else
	partial "the first push ended before the second was refused"
	wait $pid || :
	done_testing
fi
kill -9 $pid 2>/dev/null || :
wait $pid 2>/dev/null || :
say "killed the pusher with $n rows of an item copied"
pg_wait_idle
if [ "$(pg_sql "SELECT state FROM lifeline_cases WHERE case_id = 'BIG-1'")" = ready ]; then
	partial "the push ended between the last look and the kill"
	done_testing
fi

key=$(pg_sql "SELECT case_key FROM lifeline_cases WHERE case_id = 'BIG-1'")
[ -n "$key" ] || fail "the killed push registered no case (kill came too early?)"
[ "$(pg_sql "SELECT state FROM lifeline_cases WHERE case_key = $key")" = loading ] || fail "killed push left a ready case"
# every events table of the case's schema (attached or not) holds all of its
# item's events, or does not exist
pg_sql "SELECT c.relname, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
	FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE n.nspname = 'lifeline_case_$key' AND c.relname LIKE 'events_p%' AND c.relkind = 'r' ORDER BY 1" >"$TMP/parts"
cat "$TMP/parts"
while IFS='|' read -r part rows; do
	case $part in
	events_p1) [ "$rows" = 1000 ] || fail "partition $part holds $rows of 1000 events" ;;
	events_p2) [ "$rows" = $N ] || fail "partition $part holds $rows of $N events: a partial partition" ;;
	*) fail "unexpected table $part" ;;
	esac
done <"$TMP/parts"
grep -q '^events_p2|' "$TMP/parts" && fail "the killed item's partition is there"
test_count=$((test_count + 1))

# pushed again: the dead push's leftovers are dropped, everything arrives
expect_exit 0 --json case push "$TMP/big" --store "$LL_PG_URL"
[ "$(json_get "$TMP/out" 'd["events"]')" = $((N + 1000)) ] || fail "second push events"
key2=$(pg_sql "SELECT case_key FROM lifeline_cases WHERE case_id = 'BIG-1' AND state = 'ready'")
[ -n "$key2" ] || fail "the second push left no ready case"
[ "$(pg_sql "SELECT count(*) FROM lifeline_case_$key2.events")" = $((N + 1000)) ] || fail "server event count"
[ "$(pg_sql "SELECT count(*) FROM lifeline_case_$key2.events WHERE evidence_id = 'E2'")" = $N ] || fail "E2 count"
expect_exit 0 custody verify --store "$LL_PG_URL" --case-id BIG-1

done_testing
