#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A case-wide push re-sends only the events partitions of the items whose
# events the command changed (issue #20, core/pg/pg_sync.c push_case): after
# W1's `analyze detect` (findings, not events) both items' partitions on the
# server are the same tables as before (same oid), after W1's `analyze
# timeline` of every item (events made again) they are new ones; a second
# detect does not re-send its findings. After each
# push W1's case.db is, table by table, a fresh `case export` of the
# server's case (the full pull, the oracle), and so is W2's after its sync.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
. "$(dirname "$0")/pg_lib.sh"
EVTX=$SHARED/testdata/evtx/cc0_4624_runas_different_user.evtx
SYSLOG=$SHARED/testdata/logs/plaso_syslog_ssh.log
for f in "$EVTX" "$SYSLOG"; do
	[ -f "$f" ] || skip "no $f"
done
pg_start_workspaces
PULL_CASE=PART-1
. "$(dirname "$0")/pg_pull_lib.sh"
expect_exit 0 key new --name "Analyst One" --org "Lab"
expect_exit 0 case init "$TMP/w1" --case-id PART-1 --title "partitions" --store "$URL"
for f in "$SYSLOG" "$EVTX"; do
	expect_exit 0 -C "$TMP/w1" collect files "$f"
done
for id in E1 E2; do
	expect_exit 0 -C "$TMP/w1" analyze timeline "$id"
done
expect_exit 0 case attach "$TMP/w2" --store "$URL" --case-id PART-1
rmdir "$TMP/w2/evidence" && ln -s "$TMP/w1/evidence" "$TMP/w2/evidence"
key=$(json_get "$TMP/w2/store.json" 'd["case_key"]')

# partitions OUT: each events partition of the case and its table's oid
partitions() {
	pg_sql "SELECT c.relname || ' ' || c.oid FROM pg_class c JOIN pg_namespace n
		ON n.oid = c.relnamespace WHERE n.nspname = 'lifeline_case_$key'
		AND c.relkind = 'r' AND c.relname ~ '^events_p[0-9]+$' ORDER BY c.relname" >"$1"
	[ "$(wc -l <"$1")" -eq 2 ] || fail "the server has not two events partitions: $(cat "$1")"
}
# both_equal WHEN: W1 (just pushed) and W2 (after its sync) equal a fresh export
both_equal() {
	same_as_export w1 "W1 after its $1"
	sync_json w2
	[ "$full" = false ] || fail "W2's sync after W1's $1 was a full pull: $why"
	same_as_export w2 "W2 after W1's $1"
}

partitions "$TMP/p0"
expect_exit 0 -C "$TMP/w1" analyze detect
[ "$(sqlite3 "$TMP/w1/case.db" "SELECT count(*) FROM findings")" -ge 1 ] ||
	fail "detect found nothing: the test would prove nothing"
partitions "$TMP/p1"
expect_same "$TMP/p0" "$TMP/p1" "detect's push made the events partitions again (events unchanged)"
both_equal detect

# detect again, nothing changed: its push does not re-send the findings (their rows'
# transaction ids on the server kept), what it changed reaches the server
xids() {
	pg_sql "SELECT string_agg(DISTINCT xmin::text, ',') FROM lifeline_case_$key.$1"
}
findings=$(xids findings)
[ -n "$findings" ] || fail "the server has no findings: the test would prove nothing"
expect_exit 0 -C "$TMP/w1" analyze detect
[ "$(xids findings)" = "$findings" ] || fail "a detect that changed nothing re-sent the findings"
both_equal "second detect"

# every item's events made again: their partitions are new tables
sqlite3 "$TMP/w1/case.db" "SELECT evidence_id, count(*), max(id) FROM events GROUP BY 1 ORDER BY 1" >"$TMP/ev0"
expect_exit 0 -C "$TMP/w1" analyze timeline
sqlite3 "$TMP/w1/case.db" "SELECT evidence_id, count(*), max(id) FROM events GROUP BY 1 ORDER BY 1" >"$TMP/ev1"
cmp -s "$TMP/ev0" "$TMP/ev1" && fail "the timeline left the events as they were: the test would prove nothing"
partitions "$TMP/p2"
cut -d' ' -f2 "$TMP/p1" >"$TMP/o1"
cut -d' ' -f2 "$TMP/p2" >"$TMP/o2"
if grep -qxFf "$TMP/o1" "$TMP/o2"; then
	fail "a partition whose events changed was kept: $(tr '\n' ' ' <"$TMP/p2")"
fi
both_equal "timeline of every item"
expect_exit 0 -C "$TMP/w2" custody verify
expect_grep 'custody ledger OK' "$TMP/out"
done_testing
