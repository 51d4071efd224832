#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# kill -9 in the middle of an item's bulk load (rollback-journal mode, see
# ll_store_bulk): the next command rolls the hot journal back, the database
# passes integrity_check, is in WAL mode again, holds none of the killed
# load's events, the ledger verifies, and a re-run loads everything.
. "$(dirname "$0")/lib.sh"
need sqlite3 awk

new_case
# 200,000 lines: long enough that the load is still running when its
# journal appears (the cache spills pages to the database early)
awk 'BEGIN { for (i = 0; i < 200000; i++)
	printf "Mar %2d %02d:%02d:%02d ward%d sshd[%d]: Accepted password for nurse%d from 10.0.%d.%d port %d ssh2\n",
		i % 28 + 1, i % 24, i % 60, i % 60, i % 7, 1000 + i % 3000, i % 90, i % 250, i % 200, 1024 + i }' \
	>"$TMP/auth.log"
id=$(add_evidence file "$TMP/auth.log")

# $! is the lifeline process itself: the kill reaches no other test's process
"$LIFELINE" -q analyze timeline "$id" --year 2024 --tz Europe/Paris >/dev/null 2>&1 &
pid=$!
# kill once the load has spilled pages into the database file (a hot
# journal then holds the pages it changed)
start=$(stat -c %s case.db)
grown() { [ -s case.db-journal ] && [ "$(stat -c %s case.db)" -gt $((start + 4194304)) ]; }
t=0
while ! grown && kill -0 $pid 2>/dev/null && [ $t -lt 3000 ]; do
	sleep 0.01
	t=$((t + 1))
done
if grown && kill -0 $pid 2>/dev/null; then
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	say "killed during the bulk load (database grown, hot journal present)"
	killed=1
else
	wait $pid 2>/dev/null || true
	partial "the load ended before its journal was seen: only the finished state is checked"
	killed=0
fi

# any lifeline command opens the store: the hot journal is rolled back
expect_exit 0 evidence list
[ ! -s case.db-journal ] || fail "the hot journal is still there"
[ "$(sqlite3 case.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check failed"
[ "$(sqlite3 case.db 'PRAGMA journal_mode')" = wal ] || fail "the case is not in WAL mode again"
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id = '$id'")
if [ "$killed" -eq 1 ]; then
	[ "$n" -eq 0 ] || fail "$n events of the killed load are in the case"
	[ "$(sqlite3 case.db "SELECT count(*) FROM time_rules")" -eq 0 ] ||
		fail "time rules of the killed load are in the case"
else
	[ "$n" -eq 200000 ] || fail "$n events after a complete load"
fi
expect_exit 0 custody verify
expect_exit 0 analyze timeline "$id" --year 2024 --tz Europe/Paris
[ "$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id = '$id'")" -eq 200000 ] ||
	fail "the re-run did not load every line"
expect_exit 0 custody verify
done_testing
