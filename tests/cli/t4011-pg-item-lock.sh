#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The analysis lock of an attached workspace (issue #20): while W1 analyses
# an item, W2 starting an analysis of the same item is refused at once,
# naming W1's examiner, key, host and pid; a case-wide command (detect) is
# refused too; another item is not. kill -9 of W1 releases the lock (its
# server session dies with it) and W2's analysis then runs, and the item's
# events are in the server once, the chain verifies.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
. "$(dirname "$0")/pg_lib.sh"
SYSLOG=$SHARED/testdata/logs/plaso_syslog_ssh.log
[ -f "$SYSLOG" ] || skip "no $SYSLOG"
pg_start_workspaces

pg_two_examiners
# an item big enough that its analysis runs for a while
pg_big_syslog "$TMP/big.log" 400000
# shellcheck disable=SC2086
expect_exit 0 case init "$TMP/w1" --case-id LOCK-1 --title "lock case" --store "$URL" $K1
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w1" collect files "$TMP/big.log" $K1
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w1" collect files "$SYSLOG" $K1
expect_exit 0 case attach "$TMP/w2" --store "$URL" --case-id LOCK-1
rmdir "$TMP/w2/evidence" && ln -s "$TMP/w1/evidence" "$TMP/w2/evidence"
key=$(pg_sql "SELECT case_key FROM lifeline_cases WHERE case_id = 'LOCK-1'")

# shellcheck disable=SC2086
"$LIFELINE" -C "$TMP/w1" analyze timeline E1 --jobs 1 $K1 >"$TMP/w1.out" 2>"$TMP/w1.err" &
p1=$!
i=0
until [ "$(pg_sql "SELECT count(*) FROM lifeline_locks WHERE case_key = $key AND unit = 'item:E1'
	AND backend IN (SELECT pid FROM pg_stat_activity)")" = 1 ]; do
	i=$((i + 1))
	[ $i -lt 300 ] || fail "W1 never took the lock of E1"
	kill -0 $p1 2>/dev/null || { cat "$TMP/w1.err" >&2; fail "W1 ended before the lock was seen"; }
	sleep 0.1
done
# W2, same item: refused at once, naming who
# shellcheck disable=SC2086
expect_exit 5 -C "$TMP/w2" analyze timeline E1 $K2
expect_grep "locked by Analyst One" "$TMP/err"
expect_grep "on host $(hostname)" "$TMP/err"
expect_grep "pid $p1" "$TMP/err"
expect_grep "evidence item E1" "$TMP/err"
# a case-wide command is refused while an item is worked on
# shellcheck disable=SC2086
expect_exit 5 -C "$TMP/w2" analyze detect $K2
expect_grep "locked by Analyst One" "$TMP/err"
kill -0 $p1 2>/dev/null || fail "W1's analysis ended before the refusals were checked (too fast a machine?)"

# kill -9 of W1: its session goes, and the lock with it
kill -9 $p1
wait $p1 2>/dev/null || :
i=0
until [ "$(pg_sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
	AND pid IN (SELECT pid FROM pg_stat_activity WHERE datname = 'lifeline_test')")" = 0 ]; do
	i=$((i + 1))
	[ $i -lt 300 ] || fail "the killed analysis's locks stay"
	sleep 0.1
done
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w2" analyze timeline E1 --jobs 1 $K2
n=$(pg_sql "SELECT count(*) FROM lifeline_case_$key.events WHERE evidence_id = 'E1'")
[ "$n" = 400000 ] || fail "$n events of E1 in the server, not 400000"
# the killed workspace pulls the server's state again and sees W2's work
expect_exit 0 -C "$TMP/w1" case sync
[ "$(sqlite3 "$TMP/w1/case.db" "SELECT count(*) FROM events WHERE evidence_id = 'E1'")" = 400000 ] ||
	fail "W1 does not have E1's events after its sync"
# nobody holds anything now: W1 can work on the case
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w1" analyze timeline E2 $K1
expect_exit 0 custody verify --store "$URL" --case-id LOCK-1
expect_grep 'custody ledger OK' "$TMP/out"
[ "$(pg_sql "SELECT count(*) FROM lifeline_locks WHERE backend IN (SELECT pid FROM pg_stat_activity)")" = 0 ] ||
	fail "a lock row outlived its command"
done_testing
