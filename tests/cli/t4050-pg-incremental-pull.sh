#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Incremental pulls of an attached workspace (issue #20, core/pg/ws_pull.c)
# through a real PostgreSQL 15 server. Two workspaces write in turn (evidence
# registered, items analysed, custody entries, a case-wide detect, pulled
# incrementally since its push records the tables it changed); each
# `case sync` says whether it pulled only what changed or the whole case and
# why. After every sync W2's case.db is, table by table and row for row (the
# chain and certificates too), a fresh `case export` of the server's case:
# the oracle is the full pull. The fallbacks: a command
# that stopped before its push (.ll-dirty), and a server restored from a
# dump (pg_dump/psql) whose chain then goes another way than the kept head.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
. "$(dirname "$0")/pg_lib.sh"
EVTX=$SHARED/testdata/evtx/cc0_4624_runas_different_user.evtx
SYSLOG=$SHARED/testdata/logs/plaso_syslog_ssh.log
SYSLOG2=$SHARED/testdata/evtx/cc0_4732_user_added_to_local_admins.evtx
for f in "$EVTX" "$SYSLOG" "$SYSLOG2"; do
	[ -f "$f" ] || skip "no $f"
done
pg_start_workspaces
pg_two_examiners

PULL_CASE=INC-1
. "$(dirname "$0")/pg_pull_lib.sh"

# shellcheck disable=SC2086
expect_exit 0 case init "$TMP/w1" --case-id INC-1 --title "incremental" --store "$URL" $K1
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w1" collect files "$SYSLOG" $K1
expect_exit 0 case attach "$TMP/w2" --store "$URL" --case-id INC-1
rmdir "$TMP/w2/evidence" && ln -s "$TMP/w1/evidence" "$TMP/w2/evidence"
[ "$(json_get "$TMP/w2/store.json" 'd["head_seq"]')" -ge 1 ] || fail "store.json keeps no head seq"
[ "$(json_get "$TMP/w2/store.json" 'd["pull_gen"]')" -ge 1 ] || fail "store.json keeps no change generation"

# nothing new: only the chain is read again
sync_json w2
[ "$full" = false ] || fail "a sync with nothing new pulled the whole case: $why"
[ "$items" = 0 ] && [ "$entries" = 0 ] || fail "a sync with nothing new pulled $items items, $entries entries"
same_as_export w2 "nothing new"

# W2 registers and analyses E2, W1 analyses E1 and adds a custody entry
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w2" collect files "$EVTX" $K2
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w2" analyze timeline E2 $K2
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w1" analyze timeline E1 $K1
# W1's command pulled W2's registration and analysis before it, not the whole case
expect_no_grep 'pulled the whole case' "$TMP/err"
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w1" custody add --action transfer --to "Lab B" --note "to the lab" $K1
sync_json w2
[ "$full" = false ] || fail "the sync after item writes pulled the whole case: $why"
[ "$items" = 1 ] || fail "the sync pulled $items items, not E1 alone"
[ "$entries" -ge 2 ] || fail "the sync did not pull W1's analysis and custody entries"
same_as_export w2 "after item writes"
sync_json w1
[ "$full" = false ] || fail "W1's sync pulled the whole case: $why"
same_as_export w1 "after its own writes"

# a case-wide command: the next pull elsewhere copies the tables it recorded (t4052)
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w1" analyze detect $K1
sync_json w2
[ "$full" = false ] || fail "the sync after a case-wide detect was a full pull: $why"
same_as_export w2 "after a case-wide detect"

# a command that stopped before its push: its local work is unknown, the whole case comes back
sqlite3 "$TMP/w2/case.db" "UPDATE events SET message = 'forged' WHERE rowid = (SELECT min(rowid) FROM events)"
: >"$TMP/w2/.ll-dirty"
sync_json w2
[ "$full" = true ] || fail "a workspace marked dirty was pulled incrementally"
echo "$why" | grep -q 'stopped before its push' || fail "the full pull does not say why: $why"
[ ! -e "$TMP/w2/.ll-dirty" ] || fail "the dirty marker outlived the full pull"
same_as_export w2 "after a stopped command"
sync_json w2
[ "$full" = false ] || fail "the sync after a full pull was not incremental: $why"

# the server restored from a dump: its chain goes another way than W2's kept head
pg_as "$PG_BIN/pg_dump" -h "$PG_DIR" -p "$PG_PORT" -U lifeline -d lifeline_test >"$TMP/dump.sql" ||
	fail "pg_dump"
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w2" custody add --action note --note "W2's entry, lost by the restore" $K2
PG_DB=postgres pg_sql "DROP DATABASE lifeline_test WITH (FORCE)" >/dev/null
PG_DB=postgres pg_sql "CREATE DATABASE lifeline_test" >/dev/null
pg_as "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U lifeline \
	-d lifeline_test <"$TMP/dump.sql" >/dev/null || fail "psql restore"
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w1" collect files "$SYSLOG2" $K1
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w1" analyze timeline E3 $K1
sync_json w2
[ "$full" = true ] || fail "a server whose chain does not extend the kept head was pulled incrementally"
echo "$why" | grep -q 'does not extend the kept head' || fail "the full pull does not say why: $why"
same_as_export w2 "after the server's restore"
# shellcheck disable=SC2154 # pg_fresh: the last export's folder (pg_lib.sh)
expect_no_grep "lost by the restore" "$pg_fresh/case.db"
sync_json w1
[ "$full" = false ] || fail "W1's sync was not incremental: $why"
same_as_export w1 "at the end"
expect_exit 0 -C "$TMP/w2" custody verify
expect_grep 'custody ledger OK' "$TMP/out"
done_testing
