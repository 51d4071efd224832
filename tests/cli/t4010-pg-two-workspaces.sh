#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Two analysts, two workspaces, one case through a real PostgreSQL 15 server
# (issue #20): W1 is made with `case init --store`, W2 with `case attach`.
# W1 collects and analyses item A while W2 analyses item B, at the same time
# (both in the background); then detect and correlate in W1. After `case
# sync`, the timeline exports of W1 and W2 are byte-identical and equal to a
# single-machine SQLite case given the same inputs in the same order (the
# order the pushes committed, read from the server's chain); every table but
# custody and certificates is row for row the single-machine case's; the
# chain verifies in both workspaces and in the server, each entry signed by
# the examiner who made it.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
. "$(dirname "$0")/pg_lib.sh"
EVTX=$SHARED/testdata/evtx/cc0_4624_runas_different_user.evtx
EVTX2=$SHARED/testdata/evtx/cc0_4720_local_user_created.evtx
SYSLOG=$SHARED/testdata/logs/plaso_syslog_ssh.log
SYSLOG2=$SHARED/testdata/evtx/cc0_4732_user_added_to_local_admins.evtx
for f in "$EVTX" "$EVTX2" "$SYSLOG" "$SYSLOG2"; do
	[ -f "$f" ] || skip "no $f"
done
pg_start_workspaces

# two examiners: each workspace signs with its own key
pg_two_examiners

# W1: made in the server too; the URL given with its password is stored without
# shellcheck disable=SC2086
expect_exit 0 case init "$TMP/w1" --case-id TEAM-1 --title "team case" --store "$LL_PG_URL" $K1
[ -f "$TMP/w1/store.json" ] || fail "no store.json in W1"
expect_no_grep "$LL_PG_PASS" "$TMP/w1/store.json"
[ "$(json_get "$TMP/w1/store.json" 'd["case_id"]')" = TEAM-1 ] || fail "store.json case id"
[ "$(pg_sql "SELECT state FROM lifeline_cases WHERE case_id = 'TEAM-1'")" = ready ] ||
	fail "TEAM-1 is not ready in the server"
expect_exit 0 -C "$TMP/w1" case status
expect_grep "attached: case TEAM-1" "$TMP/out"
# item B registered from W1 first
LIFELINE_KEY=$TMP/k1/examiner.key LIFELINE_CERT=$TMP/k1/examiner.crt \
	"$LIFELINE" -C "$TMP/w1" --json collect files "$SYSLOG" >"$TMP/b.json" 2>"$TMP/b.err" ||
	{ cat "$TMP/b.err" >&2; fail "collect B"; }
B=$(json_get "$TMP/b.json" 'd["id"]')
[ "$(pg_sql "SELECT count(*) FROM lifeline_case_$(pg_sql "SELECT case_key FROM lifeline_cases WHERE case_id = 'TEAM-1'").evidence WHERE id = '$B'")" = 1 ] ||
	fail "item $B is not in the server after the collect"

# W2: attached; its evidence/ is the shared path where the files were collected
expect_exit 0 case attach "$TMP/w2" --store "$URL" --case-id TEAM-1
rmdir "$TMP/w2/evidence" && ln -s "$TMP/w1/evidence" "$TMP/w2/evidence"
expect_exit 0 -C "$TMP/w2" case status
expect_grep "attached: case TEAM-1" "$TMP/out"

# at once: W1 collects A and analyses it; W2 analyses B
(
	# shellcheck disable=SC2086
	"$LIFELINE" -C "$TMP/w1" --json collect files "$EVTX" "$EVTX2" $K1 >"$TMP/a.json" 2>"$TMP/a.err" &&
		A=$(json_get "$TMP/a.json" 'd["id"]') &&
		"$LIFELINE" -C "$TMP/w1" analyze timeline "$A" $K1 >"$TMP/w1.out" 2>"$TMP/w1.err"
	echo $? >"$TMP/w1.rc"
) &
p1=$!
(
	# shellcheck disable=SC2086
	"$LIFELINE" -C "$TMP/w2" analyze timeline "$B" $K2 >"$TMP/w2.out" 2>"$TMP/w2.err"
	echo $? >"$TMP/w2.rc"
) &
p2=$!
wait $p1 $p2 || :
[ "$(cat "$TMP/w1.rc")" = 0 ] || { cat "$TMP/a.err" "$TMP/w1.err" >&2; fail "W1's collect+analysis failed"; }
[ "$(cat "$TMP/w2.rc")" = 0 ] || { cat "$TMP/w2.err" >&2; fail "W2's analysis failed"; }
A=$(json_get "$TMP/a.json" 'd["id"]')
# W2 goes on after W1's last pull: W1's case-wide commands must pull it first
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w2" collect files "$SYSLOG2" $K2
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w2" analyze timeline E3 $K2
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w1" analyze detect $K1
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w1" analyze correlate $K1
# the case file: a case-wide command too (its seal entry goes to the server)
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/w1" casefile build -o "$TMP/cf-w1" --no-pdf $K1
expect_exit 0 -C "$TMP/w1" case sync
expect_exit 0 -C "$TMP/w2" case sync

# one chain: verified in both workspaces and the server; both examiners signed
for w in w1 w2; do
	expect_exit 0 -C "$TMP/$w" custody verify
	expect_grep 'custody ledger OK' "$TMP/out"
done
expect_exit 0 custody verify --store "$URL" --case-id TEAM-1
expect_grep 'custody ledger OK' "$TMP/out"
sqlite3 "$TMP/w1/case.db" "SELECT DISTINCT actor FROM custody WHERE action = 'analyze' ORDER BY actor" >"$TMP/actors"
printf 'Analyst One\nAnalyst Two\n' >"$TMP/actors.want"
expect_same "$TMP/actors.want" "$TMP/actors" "the analyses are not signed by their own examiners"
# the order the analyses reached the server
order=$(sqlite3 "$TMP/w1/case.db" "SELECT evidence_id FROM custody WHERE action = 'analyze' ORDER BY seq" | tr '\n' ' ')
say "analyses pushed in the order: $order"

# the single-machine case: same inputs, same order
expect_exit 0 key new --name "Solo" --org "Lab" --out "$TMP/k3"
K3="--key $TMP/k3/examiner.key --cert $TMP/k3/examiner.crt"
expect_exit 0 case init "$TMP/solo" --case-id TEAM-1 --title "team case"
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/solo" collect files "$SYSLOG" $K3
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/solo" collect files "$EVTX" "$EVTX2" $K3
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/solo" collect files "$SYSLOG2" $K3
for id in $order; do
	# shellcheck disable=SC2086
	expect_exit 0 -C "$TMP/solo" analyze timeline "$id" $K3
done
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/solo" analyze detect $K3
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/solo" analyze correlate $K3
# shellcheck disable=SC2086
expect_exit 0 -C "$TMP/solo" casefile build -o "$TMP/cf-solo" --no-pdf $K3
# the case files' data: the timeline and the findings the same (the report,
# the custody annex and the CASE graph name the examiners and the entries' times)
for f in timeline/timeline.csv timeline/timeline.jsonl analysis/findings.json annex-events.html; do
	# but the annex's own build time
	grep -v 'dcterms\.\|version of 20' "$TMP/cf-solo/bag/data/$f" >"$TMP/cf-solo.f"
	grep -v 'dcterms\.\|version of 20' "$TMP/cf-w1/bag/data/$f" >"$TMP/cf-w1.f"
	[ -s "$TMP/cf-w1.f" ] || fail "the case file's $f is empty"
	expect_same "$TMP/cf-solo.f" "$TMP/cf-w1.f" "the case file's $f differs from the single-machine case's"
done
[ "$(sqlite3 "$TMP/w1/case.db" "SELECT count(*) FROM custody WHERE action = 'seal'")" -ge 1 ] ||
	fail "the case file's seal entry is not in the server's chain"

for fmt in jsonl csv l2tcsv; do
	for w in w1 w2 solo; do
		expect_exit 0 -C "$TMP/$w" timeline export --format "$fmt" -o "$TMP/$w.$fmt"
	done
	[ -s "$TMP/w1.$fmt" ] || fail "empty $fmt export"
	expect_same "$TMP/w1.$fmt" "$TMP/w2.$fmt" "W1's and W2's $fmt exports differ"
	expect_same "$TMP/solo.$fmt" "$TMP/w1.$fmt" "the $fmt export differs from the single-machine case's"
done
[ "$(sqlite3 "$TMP/w1/case.db" "SELECT count(DISTINCT evidence_id) FROM events")" = 3 ] ||
	fail "the events of the three items are not in the case"
# every table but the chain's, row for row (times of analyses and of the
# correlation document are the run's own: compared without them)
for t in $(sqlite3 "$TMP/solo/case.db" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
	case $t in custody | certificates) continue ;; esac
	cols=$(sqlite3 "$TMP/solo/case.db" "SELECT group_concat(quote(name), ',') FROM pragma_table_info('$t')
		WHERE name NOT IN ('time_ns', 'created_ns', 'started_ns', 'registered_ns', 'details', 'command', 'doc', 'updated_ns')")
	sqlite3 "$TMP/solo/case.db" "SELECT rowid, $cols FROM \"$t\" ORDER BY rowid" >"$TMP/solo.rows"
	sqlite3 "$TMP/w1/case.db" "SELECT rowid, $cols FROM \"$t\" ORDER BY rowid" >"$TMP/w1.rows"
	expect_same "$TMP/solo.rows" "$TMP/w1.rows" "table $t differs from the single-machine case's"
done
[ "$(sqlite3 "$TMP/w1/case.db" "SELECT count(*) FROM findings")" -gt 0 ] || say "no findings (the inputs raise none)"
done_testing
