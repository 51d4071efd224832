#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The server stops in the middle of a push (issue #20 item 4): lifeline
# exits with a clear error naming the server and the statement (no crash,
# no signal), nothing half-loaded is "ready"; once the server is back, the
# same push works. Then a server gone before a command: a clear error too.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
. "$(dirname "$0")/pg_lib.sh"
pg_start

N=250000
pg_big_case "$TMP/big" $N
"$LIFELINE" case push "$TMP/big" --store "$LL_PG_URL" >"$TMP/push1.out" 2>"$TMP/push1.err" &
pid=$!
pg_wait_copy || { kill -9 $pid; fail "no COPY seen in the server"; }
pg_stop_server immediate
set +e
wait $pid
rc=$?
set -e
cat "$TMP/push1.err"
test_count=$((test_count + 1))
[ "$rc" -ne 0 ] && [ "$rc" -lt 64 ] || fail "push exited $rc when the server went away (want a clear error code)"
expect_grep "went away|server closed the connection|terminat" "$TMP/push1.err"
expect_grep "PostgreSQL server 127\.0\.0\.1:$PG_PORT, database 'lifeline_test'" "$TMP/push1.err"
expect_grep "statement: " "$TMP/push1.err"
expect_no_grep "$LL_PG_PASS" "$TMP/push1.err"

# the server is down: every command says which server it could not reach
expect_exit 5 case push "$TMP/big" --store "$LL_PG_URL"
expect_grep "cannot connect to the PostgreSQL server 127\.0\.0\.1:$PG_PORT, database 'lifeline_test'" "$TMP/err"
expect_no_grep "$LL_PG_PASS" "$TMP/err"
expect_exit 5 custody verify --store "$LL_PG_URL" --case-id BIG-1
expect_grep "cannot connect" "$TMP/err"

# back up: the retry loads everything
pg_start_server
expect_exit 0 --json case push "$TMP/big" --store "$LL_PG_URL"
[ "$(json_get "$TMP/out" 'd["events"]')" = $((N + 1000)) ] || fail "retry events"
key=$(pg_sql "SELECT case_key FROM lifeline_cases WHERE case_id = 'BIG-1' AND state = 'ready'")
[ "$(pg_sql "SELECT count(*) FROM lifeline_case_$key.events")" = $((N + 1000)) ] || fail "server event count"
expect_exit 0 custody verify --store "$LL_PG_URL" --case-id BIG-1

# a restart between two commands: the next command simply works
pg_stop_server fast
pg_start_server
expect_exit 0 custody verify --store "$LL_PG_URL" --case-id BIG-1

done_testing
