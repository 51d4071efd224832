#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The server goes away while an attached workspace analyses an item (issue
# #20 item 4): the analysis ends with a clear error saying its work is kept in
# the workspace and not on the server; nothing pulls over that work (commands
# are refused, naming `case sync`); once the server is back, `case sync` takes
# the item's lock again, pushes the work with its custody entry re-sealed and
# pulls: the server has every event, the chain verifies.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
. "$(dirname "$0")/pg_lib.sh"
pg_start_workspaces
pg_big_syslog "$TMP/big.log" 200000
expect_exit 0 key new --name "Analyst One" --org "Lab"
expect_exit 0 case init "$TMP/w" --case-id RETRY-1 --title "retry" --store "$URL"
expect_exit 0 -C "$TMP/w" collect files "$TMP/big.log"
key=$(pg_sql "SELECT case_key FROM lifeline_cases WHERE case_id = 'RETRY-1'")

"$LIFELINE" -C "$TMP/w" analyze timeline E1 --jobs 1 >"$TMP/a.out" 2>"$TMP/a.err" &
p=$!
# the lock taken and the pull over (the session idle): the analysis runs locally
i=0
until [ "$(pg_sql "SELECT count(*) FROM lifeline_locks l JOIN pg_stat_activity a ON a.pid = l.backend
	WHERE l.unit = 'item:E1' AND a.state = 'idle'")" = 1 ] && [ ! -e "$TMP/w/.ll-pull" ]; do
	i=$((i + 1))
	[ $i -lt 600 ] || fail "the analysis never got past its pull"
	kill -0 $p 2>/dev/null || { cat "$TMP/a.err" >&2; fail "the analysis ended before the server was stopped"; }
	sleep 0.1
done
pg_stop_server
set +e
wait $p
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "the analysis exited 0 while its push could not reach the server"
expect_grep "the work is kept in the workspace but is not on the server" "$TMP/a.err"
expect_grep "case sync" "$TMP/a.err"
[ -f "$TMP/w/.ll-unpushed" ] || fail "no .ll-unpushed marker"
[ "$(sqlite3 "$TMP/w/case.db" "SELECT count(*) FROM events")" = 200000 ] || fail "the work is not in the workspace"
expect_exit 0 -C "$TMP/w" case status
expect_grep "work not yet on the server" "$TMP/out"
pg_start_server
# nothing pulls over the waiting work
expect_exit 5 -C "$TMP/w" analyze detect
expect_grep "run 'lifeline case sync' to push it" "$TMP/err"
[ "$(sqlite3 "$TMP/w/case.db" "SELECT count(*) FROM events")" = 200000 ] || fail "the waiting work was lost"
expect_exit 0 -C "$TMP/w" case sync
expect_grep "pushed the waiting work" "$TMP/out"
[ ! -e "$TMP/w/.ll-unpushed" ] || fail "the marker stays after the push"
[ "$(pg_sql "SELECT count(*) FROM lifeline_case_$key.events WHERE evidence_id = 'E1'")" = 200000 ] ||
	fail "the server lacks the item's events"
[ "$(pg_sql "SELECT count(*) FROM lifeline_case_$key.custody WHERE action = 'analyze' AND evidence_id = 'E1'")" = 1 ] ||
	fail "the analysis's custody entry is not in the server once"
expect_exit 0 custody verify --store "$URL" --case-id RETRY-1
expect_grep 'custody ledger OK' "$TMP/out"
expect_exit 0 -C "$TMP/w" custody verify
expect_grep 'custody ledger OK' "$TMP/out"
[ "$(sqlite3 "$TMP/w/case.db" "SELECT count(*) FROM events")" = 200000 ] || fail "the workspace lost events in the sync"
# and the workspace works on as before
expect_exit 0 -C "$TMP/w" analyze detect
done_testing
