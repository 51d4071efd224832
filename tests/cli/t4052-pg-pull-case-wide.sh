#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A case-wide push no longer makes the other workspaces' next pull a full
# one (issue #20, core/pg/ws_changes.c's table record, ws_pull.c). W1 runs
# the case-wide commands in turn (analyze detect, analyze correlate, case
# set, casefile build); after each, W2's `case sync --json` says incremental
# and W2's case.db is, table by table, a fresh `case export` of the server's
# case (the full pull, the oracle). At the end W2's findings list and
# timeline exports and the data of a case file built from W2's case equal
# W1's and the full pull's, byte for byte.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
. "$(dirname "$0")/pg_lib.sh"
EVTX=$SHARED/testdata/evtx/cc0_4624_runas_different_user.evtx
SYSLOG=$SHARED/testdata/logs/plaso_syslog_ssh.log
for f in "$EVTX" "$SYSLOG"; do
	[ -f "$f" ] || skip "no $f"
done
pg_start_workspaces
PULL_CASE=WIDE-1
. "$(dirname "$0")/pg_pull_lib.sh"
expect_exit 0 key new --name "Analyst One" --org "Lab" --out "$TMP/k1"
K1="--key $TMP/k1/examiner.key --cert $TMP/k1/examiner.crt"

# shellcheck disable=SC2086
expect_exit 0 case init "$TMP/w1" --case-id WIDE-1 --title "case-wide pushes" --store "$URL" $K1
for f in "$SYSLOG" "$EVTX"; do
	# shellcheck disable=SC2086
	expect_exit 0 -C "$TMP/w1" collect files "$f" $K1
done
for id in E1 E2; do
	# shellcheck disable=SC2086
	expect_exit 0 -C "$TMP/w1" analyze timeline "$id" $K1
done
expect_exit 0 case attach "$TMP/w2" --store "$URL" --case-id WIDE-1
rmdir "$TMP/w2/evidence" && ln -s "$TMP/w1/evidence" "$TMP/w2/evidence"

# wide CMD...: W1 runs a case-wide command; W2's next pull is incremental and a full pull's case
wide() {
	# shellcheck disable=SC2086
	expect_exit 0 -C "$TMP/w1" "$@" $K1
	expect_no_grep 'pulled the whole case' "$TMP/err"
	sync_json w2
	[ "$full" = false ] || fail "W2's sync after W1's $1 $2 was a full pull: $why"
	same_as_export w2 "after W1's $1 $2"
}
wide analyze detect
# only what detect changed came: not the items' events (each item's `analyses` row did change)
rows=$(json_get "$TMP/sync.json" 'd["pull"]["rows"]')
events=$(sqlite3 "$TMP/w2/case.db" "SELECT count(*) FROM events")
say "rows pulled after detect: $rows, events in the case: $events"
[ "$rows" -lt "$events" ] || fail "W2's pull after detect copied $rows rows, the events again ($events)"
[ "$(sqlite3 "$TMP/w2/case.db" "SELECT count(*) FROM findings")" -ge 1 ] ||
	fail "detect found nothing: the test would prove nothing"
# the push recorded the tables detect wrote
key=$(json_get "$TMP/w2/store.json" 'd["case_key"]')
pg_sql "SELECT t FROM public.lifeline_change_log, unnest(tables) t WHERE case_key = $key
	AND gen = (SELECT max(gen) FROM public.lifeline_change_log WHERE case_key = $key)
	ORDER BY t" >"$TMP/detect.tables"
expect_grep '^findings$' "$TMP/detect.tables"
expect_grep '^finding_events$' "$TMP/detect.tables"
# detect again, nothing changed since: it rebuilds its findings and movement edges as they
# were; the pull copies what the record names (each item's new `analyses` rows), the
# certificates and the chain, not the events nor the movement edges
wide analyze detect
pg_sql "SELECT coalesce(array_to_string(tables, ' '), '') || ' | ' ||
	coalesce(array_to_string(item_tables, ' '), '') FROM public.lifeline_change_log
	WHERE case_key = $key ORDER BY gen DESC LIMIT 1" >"$TMP/detect2.record"
say "the second detect's record: $(cat "$TMP/detect2.record")"
expect_no_grep 'movement_edges|events|findings' "$TMP/detect2.record"
rows=$(json_get "$TMP/sync.json" 'd["pull"]["rows"]')
# what it should copy: the rows of what the record names, the certificates and the chain
want=$(sqlite3 "$TMP/w2/case.db" "SELECT (SELECT count(*) FROM certificates) + (SELECT count(*) FROM custody)")
last="(SELECT max(gen) FROM public.lifeline_change_log WHERE case_key = $key)"
for t in $(pg_sql "SELECT t FROM public.lifeline_change_log, unnest(tables) t WHERE case_key = $key AND gen = $last"); do
	want=$((want + $(sqlite3 "$TMP/w2/case.db" "SELECT count(*) FROM \"$t\"")))
done
pg_sql "SELECT p.t || ' ' || p.i FROM public.lifeline_change_log, unnest(item_tables, items) AS p(t, i)
	WHERE case_key = $key AND gen = $last" >"$TMP/detect2.pairs"
while read -r t i; do
	c=evidence_id
	[ "$t" = evidence ] && c=id
	want=$((want + $(sqlite3 "$TMP/w2/case.db" "SELECT count(*) FROM \"$t\" WHERE $c = '$i'")))
done <"$TMP/detect2.pairs"
[ "$rows" = "$want" ] ||
	fail "W2's pull after a detect that changed nothing copied $rows rows, not the $want of its record, the certificates and the chain"
wide analyze correlate
wide case set --jurisdiction fr --question "Who logged on?"
wide casefile build -o "$TMP/cf-w1" --no-pdf
[ "$(sqlite3 "$TMP/w2/case.db" "SELECT count(*) FROM case_questions")" = 1 ] ||
	fail "case set's question did not reach W2"
# W1's own pull after its push was incremental too
sync_json w1
[ "$full" = false ] || fail "W1's sync was a full pull: $why"

# the exports of W2, W1 and the full pull (the last `case export`), byte for byte
F=$pg_fresh
for w in w1 w2 full; do
	d=$TMP/$w
	[ "$w" = full ] && d=$F
	expect_exit 0 -C "$d" --json findings list
	# but the workspace's own pull time
	python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); d.pop("workspace", None)
print(json.dumps(d, indent=1, sort_keys=True))' "$TMP/out" >"$TMP/$w.findings"
	for fmt in jsonl csv; do
		expect_exit 0 -C "$d" timeline export --format "$fmt" -o "$TMP/$w.$fmt"
	done
done
for f in findings jsonl csv; do
	[ -s "$TMP/w2.$f" ] || fail "W2's $f export is empty"
	expect_same "$TMP/w1.$f" "$TMP/w2.$f" "W2's $f export differs from W1's"
	expect_same "$TMP/full.$f" "$TMP/w2.$f" "W2's $f export differs from the full pull's"
done
# the case file's data from W2's case (a copy, detached: no push) and from the full pull
cp -R "$TMP/w2" "$TMP/w2copy"
rm "$TMP/w2copy/store.json"
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w2copy" casefile build -o "$TMP/cf-w2" --no-pdf $K1
# shellcheck disable=SC2086
expect_exit 0 -C "$F" casefile build -o "$TMP/cf-full" --no-pdf $K1
for f in timeline/timeline.csv timeline/timeline.jsonl analysis/findings.json annex-events.html; do
	# but the annex's own build time
	for c in w1 w2 full; do
		grep -v 'dcterms\.\|version of 20' "$TMP/cf-$c/bag/data/$f" >"$TMP/cf-$c.f"
	done
	[ -s "$TMP/cf-w2.f" ] || fail "the case file's $f is empty"
	expect_same "$TMP/cf-w1.f" "$TMP/cf-w2.f" "the case file's $f from W2 differs from W1's"
	expect_same "$TMP/cf-full.f" "$TMP/cf-w2.f" "the case file's $f from W2 differs from the full pull's"
done
expect_exit 0 -C "$TMP/w2" custody verify
expect_grep 'custody ledger OK' "$TMP/out"
done_testing
