#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The table record of case-wide pushes (core/pg/ws_changes.c) when it cannot
# be trusted to say what changed: the next pull is a full one, saying why,
# and its case is a fresh `case export` of the server's, table for table.
#   - a record naming a table this lifeline does not know;
#   - a case-wide push with no record (what an older lifeline pushes: the
#     whole-case stamp "" and no row), a table changed on the server;
#   - a store whose table record was never made (an older lifeline's
#     store): full, and the next push makes it again.
. "$LL_SRC_DIR/tests/cli/lib.sh"
need python3 sqlite3
. "$LL_SRC_DIR/tests/cli/pg_lib.sh"
SYSLOG=$SHARED/testdata/logs/plaso_syslog_ssh.log
[ -f "$SYSLOG" ] || skip "no $SYSLOG"
pg_start_workspaces
PULL_CASE=REC-1
. "$LL_SRC_DIR/tests/cli/pg_pull_lib.sh"
expect_exit 0 key new --name "Analyst One" --org "Lab"
expect_exit 0 case init "$TMP/w1" --case-id REC-1 --title "table record" --store "$URL"
expect_exit 0 -C "$TMP/w1" collect files "$SYSLOG"
expect_exit 0 -C "$TMP/w1" analyze timeline E1
expect_exit 0 case attach "$TMP/w2" --store "$URL" --case-id REC-1
key=$(json_get "$TMP/w2/store.json" 'd["case_key"]')
S=lifeline_case_$key
last="(SELECT max(gen) FROM public.lifeline_change_log WHERE case_key = $key)"

# a table lifeline does not know
expect_exit 0 -C "$TMP/w1" case set --question "First question?"
pg_sql "UPDATE public.lifeline_change_log SET tables = tables || '{no_such_table}'
	WHERE case_key = $key AND gen = $last" >/dev/null
sync_json w2
[ "$full" = true ] || fail "a record naming an unknown table was trusted"
echo "$why" | grep -q "names table 'no_such_table'" || fail "the full pull does not say why: $why"
same_as_export w2 "after an unknown table"

# a table changed, not recorded: an older lifeline's case-wide push
expect_exit 0 -C "$TMP/w1" case set --question "Second question?"
pg_sql "DELETE FROM public.lifeline_change_log WHERE case_key = $key AND gen = $last;
	UPDATE $S.case_questions SET text = 'changed by an older lifeline' WHERE n = 1" >/dev/null
sync_json w2
[ "$full" = true ] || fail "a case-wide push with no table record was pulled incrementally"
echo "$why" | grep -q 'no record of the tables push [0-9]* changed' || fail "the full pull does not say why: $why"
same_as_export w2 "after an unrecorded push"
[ "$(sqlite3 "$TMP/w2/case.db" "SELECT text FROM case_questions WHERE n = 1")" = "changed by an older lifeline" ] ||
	fail "the table the unrecorded push changed is not W2's"
sync_json w2
[ "$full" = false ] || fail "the sync after the full pull was not incremental: $why"

# a store without the table record: full; the next push makes it
expect_exit 0 -C "$TMP/w1" case set --question "Third question?"
pg_sql "DROP TABLE public.lifeline_change_log" >/dev/null
sync_json w2
[ "$full" = true ] || fail "a case-wide push on a store without the table record was pulled incrementally"
echo "$why" | grep -q 'keeps no record of the tables it changed' || fail "the full pull does not say why: $why"
same_as_export w2 "without the table record"
expect_exit 0 -C "$TMP/w1" case set --question "Fourth question?"
sync_json w2
[ "$full" = false ] || fail "the sync after the record was made again was a full pull: $why"
same_as_export w2 "after the record was made again"
done_testing
