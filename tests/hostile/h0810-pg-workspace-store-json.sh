#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# An attached workspace's store.json and server, hostile or gone (issue #20):
# a store.json edited to point at another case (its id, its key, or both) is
# refused before anything is pulled over the workspace; a workspace whose
# server case was removed says so and keeps its case.db byte for byte; a
# password in store.json is refused naming the file and never printed; a
# store.json that is not JSON names its line; a URL given with a password is
# stored without it.
. "$LL_SRC_DIR/tests/cli/lib.sh"
need python3 sqlite3
. "$LL_SRC_DIR/tests/cli/pg_lib.sh"
pg_start_workspaces
expect_exit 0 key new --name "Analyst One" --org "Lab"

# the password given in the URL is never written
expect_exit 0 case init "$TMP/a" --case-id CASE-A --title "case a" --store "$LL_PG_URL"
expect_no_grep "$LL_PG_PASS" "$TMP/a/store.json"
expect_exit 0 case init "$TMP/b" --case-id CASE-B --title "case b" --store "$URL?application_name=x&password=$LL_PG_PASS"
expect_no_grep "$LL_PG_PASS" "$TMP/b/store.json"
expect_grep "application_name=x" "$TMP/b/store.json"
keyb=$(json_get "$TMP/b/store.json" 'd["case_key"]')
cp "$TMP/a/store.json" "$TMP/a.store.json"
sum() { sha256sum "$TMP/a/case.db" | cut -d' ' -f1; }
before=$(sum)

edit() { # edit PYTHON-EXPR: store.json of A changed (d is its JSON)
	python3 - "$TMP/a/store.json" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[2])
json.dump(d, open(sys.argv[1], "w"))
PY
}
# the other case's id and key: refused, A's case.db untouched
edit "d['case_id'] = 'CASE-B'; d['case_key'] = $keyb"
expect_exit 4 -C "$TMP/a" analyze detect
expect_grep "names case 'CASE-B' but the workspace holds case 'CASE-A'" "$TMP/err"
expect_exit 4 -C "$TMP/a" case sync
[ "$(sum)" = "$before" ] || fail "A's case.db changed under an edited store.json"
# the other case's key alone
cp "$TMP/a.store.json" "$TMP/a/store.json"
edit "d['case_key'] = $keyb"
expect_exit 4 -C "$TMP/a" case sync
expect_grep "refusing to mix two cases" "$TMP/err"
[ "$(sum)" = "$before" ] || fail "A's case.db changed under an edited case key"
# a password in store.json: refused, never printed
cp "$TMP/a.store.json" "$TMP/a/store.json"
edit "d['store'] = '$LL_PG_URL'"
expect_exit 4 -C "$TMP/a" case sync
expect_grep 'store.json: field "store": holds a password' "$TMP/err"
expect_no_grep "$LL_PG_PASS" "$TMP/err"
expect_exit 4 -C "$TMP/a" analyze detect
expect_no_grep "$LL_PG_PASS" "$TMP/err"
expect_exit 4 -C "$TMP/a" case status
# not JSON
printf '{"store": \n' >"$TMP/a/store.json"
expect_exit 4 -C "$TMP/a" case sync
expect_grep 'store.json: line 2' "$TMP/err"
cp "$TMP/a.store.json" "$TMP/a/store.json"
expect_exit 0 -C "$TMP/a" case sync

# the server's case removed: said, the workspace kept as it is
before=$(sum)
keya=$(json_get "$TMP/a/store.json" 'd["case_key"]')
pg_sql "DELETE FROM lifeline_cases WHERE case_id = 'CASE-A'; DROP SCHEMA lifeline_case_$keya CASCADE" >/dev/null
expect_exit 3 -C "$TMP/a" analyze detect
expect_grep "attached to case 'CASE-A', which the PostgreSQL server 127.0.0.1:$PG_PORT, database 'lifeline_test' no longer has" "$TMP/err"
expect_exit 3 -C "$TMP/a" case sync
[ "$(sum)" = "$before" ] || fail "A's case.db changed after its server case went"
# a case made again under the same id has another key: refused, not mixed
expect_exit 0 case init "$TMP/a2" --case-id CASE-A --title "another case a" --store "$URL"
expect_exit 4 -C "$TMP/a" case sync
expect_grep "refusing to mix two cases" "$TMP/err"
[ "$(sum)" = "$before" ] || fail "A's case.db changed when its id was made again"
done_testing
