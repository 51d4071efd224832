#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Processes at once on one case through a real PostgreSQL 15 server (issue
# #20 item 4): two analyse two items (W1, W2), two collect a new item each
# (W3, W4: the evidence ids are allocated under the server's registration
# lock, so they differ), one adds custody (`custody add --store`). All
# committed work is present in the server and in every workspace after a
# sync, no event id is used twice, and the chain verifies everywhere.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
. "$(dirname "$0")/pg_lib.sh"
EVTX=$SHARED/testdata/evtx/cc0_4624_runas_different_user.evtx
EVTX2=$SHARED/testdata/evtx/cc0_4720_local_user_created.evtx
SYSLOG=$SHARED/testdata/logs/plaso_syslog_ssh.log
for f in "$EVTX" "$EVTX2" "$SYSLOG"; do
	[ -f "$f" ] || skip "no $f"
done
pg_start_workspaces
# E1 big enough that its analysis is still running when E2's is pushed: one
# of the two must move its event ids past the other's
pg_big_syslog "$TMP/big.log" 150000
for k in 1 2 3 4 5; do
	expect_exit 0 key new --name "Examiner $k" --org "Lab" --out "$TMP/k$k"
done
K() { echo "--key $TMP/k$1/examiner.key --cert $TMP/k$1/examiner.crt"; }

# shellcheck disable=SC2046
expect_exit 0 case init "$TMP/w1" --case-id FOUR-1 --title "four at once" --store "$URL" $(K 1)
# shellcheck disable=SC2046
expect_exit 0 -C "$TMP/w1" collect files "$TMP/big.log" $(K 1)
# shellcheck disable=SC2046
expect_exit 0 -C "$TMP/w1" collect files "$EVTX" $(K 1)
for w in w2 w3 w4; do
	expect_exit 0 case attach "$TMP/$w" --store "$URL" --case-id FOUR-1
done
rmdir "$TMP/w2/evidence" && ln -s "$TMP/w1/evidence" "$TMP/w2/evidence"

run() { # run NAME ARGS...: in the background, exit status in $TMP/NAME.rc
	name=$1
	shift
	("$LIFELINE" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"; echo $? >"$TMP/$name.rc") &
}
# shellcheck disable=SC2046
run a1 -C "$TMP/w1" analyze timeline E1 $(K 1)
i=0
until [ "$(pg_sql "SELECT count(*) FROM lifeline_locks WHERE unit = 'item:E1'
	AND backend IN (SELECT pid FROM pg_stat_activity)")" = 1 ]; do
	i=$((i + 1))
	[ $i -lt 300 ] || fail "W1 never took the lock of E1"
	sleep 0.1
done
# shellcheck disable=SC2046
run a2 -C "$TMP/w2" analyze timeline E2 $(K 2)
# shellcheck disable=SC2046
run c3 -C "$TMP/w3" --json collect files "$EVTX2" $(K 3)
# shellcheck disable=SC2046
run c4 -C "$TMP/w4" --json collect files "$SYSLOG" --description "second copy" $(K 4)
# shellcheck disable=SC2046
run n5 custody add --store "$URL" --case-id FOUR-1 --action note --note "a note from the lead" $(K 5)
wait || :
for p in a1 a2 c3 c4 n5; do
	[ "$(cat "$TMP/$p.rc")" = 0 ] || { cat "$TMP/$p.err" >&2; fail "process $p failed"; }
done
id3=$(json_get "$TMP/c3.out" 'd["id"]')
id4=$(json_get "$TMP/c4.out" 'd["id"]')
[ "$id3" != "$id4" ] || fail "two collectors were given the same evidence id $id3"

key=$(pg_sql "SELECT case_key FROM lifeline_cases WHERE case_id = 'FOUR-1'")
S=lifeline_case_$key
[ "$(pg_sql "SELECT string_agg(id, ',' ORDER BY seq) FROM $S.evidence")" = "E1,E2,E3,E4" ] ||
	fail "the server's items: $(pg_sql "SELECT string_agg(id, ',' ORDER BY seq) FROM $S.evidence")"
[ "$(pg_sql "SELECT count(DISTINCT evidence_id) FROM $S.events")" = 2 ] || fail "the events of both analyses are not in the server"
[ "$(pg_sql "SELECT count(*) - count(DISTINCT id) FROM $S.events")" = 0 ] || fail "an event id is used twice"
[ "$(pg_sql "SELECT count(*) FROM $S.custody WHERE action = 'note' AND note = 'a note from the lead'")" = 1 ] ||
	fail "the custody note is not in the server"
[ "$(pg_sql "SELECT count(*) FROM $S.custody WHERE action = 'analyze'")" = 2 ] || fail "not two analyze entries"
expect_exit 0 custody verify --store "$URL" --case-id FOUR-1
expect_grep 'custody ledger OK' "$TMP/out"
for w in w1 w2 w3 w4; do
	expect_exit 0 -C "$TMP/$w" case sync
	expect_exit 0 -C "$TMP/$w" custody verify
	expect_grep 'custody ledger OK' "$TMP/out"
	[ "$(sqlite3 "$TMP/$w/case.db" "SELECT count(*) FROM evidence")" = 4 ] || fail "$w lacks an item"
	sqlite3 "$TMP/$w/case.db" "SELECT id, evidence_id, time_ns, message FROM events ORDER BY id" >"$TMP/$w.events"
done
for w in w2 w3 w4; do
	expect_same "$TMP/w1.events" "$TMP/$w.events" "$w's events differ from w1's"
done
[ -s "$TMP/w1.events" ] || fail "no events"
done_testing
