#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# case push / export of the case file's fixture case (tests/cli/casefile_fixture.sh:
# an image, a log, hospital disruption and harm records, findings, analyses,
# a correlation result, custody entries by the examiner) with a mandate and
# its questions: every table row for row and the findings and timeline
# exports identical after SQLite -> PostgreSQL -> SQLite.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3 openssl
. "$(dirname "$0")/casefile_fixture.sh"
. "$(dirname "$0")/pg_lib.sh"
pg_start

casefile_case "$TMP/case"
expect_exit 0 case set --requesting-authority "Juge d'instruction" --question "Qui ?" \
	--question "Quand ? «depuis»" --jurisdiction fr
expect_exit 0 --json case push "$TMP/case" --store "$LL_PG_URL"
for t in systems harm_events disruptions findings finding_events correlation case_questions; do
	want=$(sqlite3 case.db "SELECT count(*) FROM $t")
	[ "$(json_get "$TMP/out" "d['tables']['$t']")" = "$want" ] || fail "push counted $t wrong"
done
expect_exit 0 case export --store "$LL_PG_URL" --case-id PJ-2025-0042 "$TMP/back"
expect_exit 0 -C "$TMP/back" custody verify
for t in $(sqlite3 case.db "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
	sqlite3 case.db "SELECT quote(rowid), * FROM \"$t\" ORDER BY rowid" >"$TMP/a.rows"
	sqlite3 "$TMP/back/case.db" "SELECT quote(rowid), * FROM \"$t\" ORDER BY rowid" >"$TMP/b.rows"
	[ "$t" = custody ] && { head -n "$(wc -l <"$TMP/a.rows")" "$TMP/b.rows" >"$TMP/b.h"; mv "$TMP/b.h" "$TMP/b.rows"; }
	expect_same "$TMP/a.rows" "$TMP/b.rows" "table $t differs after the round trip"
done
[ "$(sqlite3 "$TMP/back/case.db" "SELECT action FROM custody ORDER BY seq DESC LIMIT 1")" = push ] ||
	fail "the exported chain does not end with the push entry"
for fmt in bodyfile mactime jsonl csv l2tcsv; do
	expect_exit 0 -C "$TMP/case" timeline export --format "$fmt" -o "$TMP/a.$fmt"
	expect_exit 0 -C "$TMP/back" timeline export --format "$fmt" -o "$TMP/b.$fmt"
	expect_same "$TMP/a.$fmt" "$TMP/b.$fmt" "$fmt export differs"
done
expect_exit 0 -C "$TMP/case" --json findings list
mv "$TMP/out" "$TMP/a.findings"
expect_exit 0 -C "$TMP/back" --json findings list
expect_same "$TMP/a.findings" "$TMP/out" "findings list differs"
expect_exit 0 -C "$TMP/case" --json case show
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps([d["mandate"], d["evidence"], d["case_id"], d["title"], d["created"]], sort_keys=True))' "$TMP/out" >"$TMP/a.show"
expect_exit 0 -C "$TMP/back" --json case show
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps([d["mandate"], d["evidence"], d["case_id"], d["title"], d["created"]], sort_keys=True))' "$TMP/out" >"$TMP/b.show"
expect_same "$TMP/a.show" "$TMP/b.show" "case show differs"

done_testing
