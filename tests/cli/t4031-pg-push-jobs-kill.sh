#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# kill -9 of `case push --jobs 2` while both streams COPY (issue #20 items 4
# and 6): the server holds no partial partition (every events table of the
# case, attached or not, holds all of its item's events; the two items being
# copied have none), the case is not "ready", no push entry was appended,
# and a second push on two streams succeeds with every event.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
. "$(dirname "$0")/pg_lib.sh"
. "$(dirname "$0")/pg_scale_lib.sh"
pg_start

# 4 items of 75k..300k events: two streams copy two big items at once
pg_multi_case "$TMP/m" 4 300000
total=$(sqlite3 "$TMP/m/case.db" "SELECT count(*) FROM events")

"$LIFELINE" case push "$TMP/m" --store "$LL_PG_URL" --jobs 2 >"$TMP/push1.out" 2>"$TMP/push1.err" &
pid=$!
# both streams in a COPY with rows in flight
i=0
while [ $i -lt 600 ]; do
	n=$(pg_sql "SELECT count(*) FROM pg_stat_progress_copy WHERE tuples_processed > 1000" 2>/dev/null || echo 0)
	[ "${n:-0}" -ge 2 ] && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.05
	i=$((i + 1))
done
if ! kill -0 $pid 2>/dev/null; then
	# the push ended first: the finished state is still checked
	wait $pid || { cat "$TMP/push1.err" >&2; fail "the push on two streams failed"; }
	[ "$(pg_sql "SELECT count(*) FROM lifeline_case_1.events")" = "$total" ] || fail "finished push count"
	partial "the push ended before two COPYs were seen in flight"
	done_testing
fi
if [ "${n:-0}" -lt 2 ]; then
	kill -9 $pid 2>/dev/null || :
	wait $pid 2>/dev/null || :
	partial "never saw two COPYs in flight in 30 s"
	done_testing
fi
kill -9 $pid
wait $pid 2>/dev/null || :
say "killed the pusher with two COPYs in flight"
pg_wait_idle
key=$(pg_sql "SELECT case_key FROM lifeline_cases WHERE case_id = 'MULTI-1'")
[ -n "$key" ] || fail "the killed push registered no case"
[ "$(pg_sql "SELECT state FROM lifeline_cases WHERE case_key = $key")" = loading ] ||
	fail "a killed push left a ready case"
[ "$(pg_sql "SELECT count(*) FROM lifeline_case_$key.custody WHERE action = 'push'")" = 0 ] ||
	fail "a killed push appended its push entry"
pg_sql "SELECT c.relname, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
	FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE n.nspname = 'lifeline_case_$key' AND c.relname LIKE 'events_p%' AND c.relkind = 'r' ORDER BY 1" >"$TMP/parts"
cat "$TMP/parts"
while IFS='|' read -r part rows; do
	k=${part#events_p}
	want=$(sqlite3 "$TMP/m/case.db" "SELECT count(*) FROM events WHERE evidence_id = 'E$k'")
	[ "$rows" = "$want" ] || fail "partition $part holds $rows of its item's $want events: a partial partition"
done <"$TMP/parts"
[ "$(wc -l <"$TMP/parts")" -le 2 ] || fail "more partitions than items done before two were in flight"
test_count=$((test_count + 1))

# again, on two streams: the dead push's leftovers dropped, everything there
expect_exit 0 --json case push "$TMP/m" --store "$LL_PG_URL" --jobs 2
[ "$(json_get "$TMP/out" 'd["events"]')" = "$total" ] || fail "second push events"
key2=$(pg_sql "SELECT case_key FROM lifeline_cases WHERE case_id = 'MULTI-1' AND state = 'ready'")
[ "$(pg_sql "SELECT count(*) FROM lifeline_case_$key2.events")" = "$total" ] || fail "server event count"
expect_exit 0 custody verify --store "$LL_PG_URL" --case-id MULTI-1

done_testing
