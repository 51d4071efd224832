#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The store's layout version and its change record (core/pg/pg_schema.h,
# ws_changes.c): layout 2 is layout 1 with public.lifeline_changes and
# lifeline_change_log. Against a real PostgreSQL 15 server:
#   - a new store is layout 2 with its change record before any workspace push;
#   - a store of layout 1 (an older lifeline's: no record): the pull is a
#     full one naming layout 1; the next push makes it layout 2 (a lifeline
#     of layout 1 then refuses it, naming layout 2) and the pulls become
#     incremental again;
#   - a store of a newer layout (3): sync and attach refused, naming it;
#   - a store that says layout 2 but whose change record was dropped: a
#     full pull naming layout 2 and the missing record.
# After every pull the workspace is a fresh `case export` (the full pull).
. "$LL_SRC_DIR/tests/cli/lib.sh"
need python3 sqlite3
. "$LL_SRC_DIR/tests/cli/pg_lib.sh"
SYSLOG=$SHARED/testdata/logs/plaso_syslog_ssh.log
[ -f "$SYSLOG" ] || skip "no $SYSLOG"
pg_start_workspaces
PULL_CASE=LAY-1
. "$LL_SRC_DIR/tests/cli/pg_pull_lib.sh"
expect_exit 0 key new --name "Analyst One" --org "Lab"
expect_exit 0 case init "$TMP/w1" --case-id LAY-1 --title "layouts" --store "$URL"
# made with the store: layout 2, the record present before any workspace push
[ "$(pg_sql "SELECT version FROM public.lifeline_store")" = 2 ] || fail "a new store is not layout 2"
[ "$(pg_sql "SELECT to_regclass('public.lifeline_changes') IS NOT NULL
	AND to_regclass('public.lifeline_change_log') IS NOT NULL")" = t ] ||
	fail "a new store of layout 2 has no change record"
expect_exit 0 -C "$TMP/w1" collect files "$SYSLOG"
expect_exit 0 -C "$TMP/w1" analyze timeline E1
expect_exit 0 case attach "$TMP/w2" --store "$URL" --case-id LAY-1

# an older lifeline's store: layout 1, no change record
pg_sql "DROP TABLE public.lifeline_changes, public.lifeline_change_log;
	UPDATE public.lifeline_store SET version = 1" >/dev/null
sync_json w2
[ "$full" = true ] || fail "a pull from a store of layout 1 was incremental"
echo "$why" | grep -q 'store is of layout 1, made by an older lifeline' || fail "the full pull does not name layout 1: $why"
same_as_export w2 "from a store of layout 1"
# the first push of this lifeline makes it layout 2
expect_exit 0 -C "$TMP/w1" custody add --action note --note "made layout 2"
[ "$(pg_sql "SELECT version FROM public.lifeline_store")" = 2 ] ||
	fail "the first push into a store of layout 1 did not make it layout 2"
[ "$(pg_sql "SELECT to_regclass('public.lifeline_changes') IS NOT NULL
	AND to_regclass('public.lifeline_change_log') IS NOT NULL")" = t ] ||
	fail "the store made layout 2 has no change record"
# W2 kept no generation from that store: one full pull, then incremental
sync_json w2
same_as_export w2 "after the store was made layout 2"
expect_exit 0 -C "$TMP/w1" case set --question "After the upgrade?"
sync_json w2
[ "$full" = false ] || fail "the pulls stayed full after the store was made layout 2: $why"
same_as_export w2 "incremental on layout 2"

# a newer lifeline's store: refused, naming its layout, the workspace left as it was
cp "$TMP/w2/case.db" "$TMP/w2.before"
pg_sql "UPDATE public.lifeline_store SET version = 3" >/dev/null
expect_exit 4 -C "$TMP/w2" case sync
expect_grep 'layout 3' "$TMP/err"
expect_grep 'reads layouts 1 to 2' "$TMP/err"
cmp -s "$TMP/w2.before" "$TMP/w2/case.db" || fail "a refused sync changed the workspace's case.db"
expect_exit 4 -C "$TMP/w1" custody add --action note --note "into layout 3"
expect_grep 'layout 3' "$TMP/err"
expect_exit 4 case attach "$TMP/w3" --store "$URL" --case-id LAY-1
expect_grep 'layout 3' "$TMP/err"
[ "$(pg_sql "SELECT version FROM public.lifeline_store")" = 3 ] || fail "a refused command changed the layout"
pg_sql "UPDATE public.lifeline_store SET version = 2" >/dev/null

# layout 2 without its change record: full, naming both
expect_exit 0 -C "$TMP/w1" case set --question "Record dropped?"
pg_sql "DROP TABLE public.lifeline_changes" >/dev/null
sync_json w2
[ "$full" = true ] || fail "a pull from a layout 2 store without its change record was incremental"
echo "$why" | grep -q 'layout 2 but has no change record' || fail "the full pull does not say why: $why"
same_as_export w2 "layout 2 without its change record"
expect_exit 0 -C "$TMP/w2" custody verify
expect_grep 'custody ledger OK' "$TMP/out"
done_testing
