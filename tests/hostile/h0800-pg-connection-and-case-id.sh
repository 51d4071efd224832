#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The PostgreSQL store given hostile or wrong input (issue #20): a wrong
# password, an unreachable server, a malformed URL give clear errors naming
# the server and never print the password; a case id made of quotes and SQL
# is data, never SQL (pushed, found, exported and verified exactly; the
# store's tables intact); a case id that would match everything matches nothing.
. "$LL_SRC_DIR/tests/cli/lib.sh"
need python3 sqlite3
. "$LL_SRC_DIR/tests/cli/pg_lib.sh"
pg_start

BAD="postgresql://lifeline:wrong-Secret-77@127.0.0.1:$PG_PORT/lifeline_test"
new_case
expect_exit 5 case push "$TMP/case" --store "$BAD"
expect_grep "cannot connect to the PostgreSQL server 127\.0\.0\.1:$PG_PORT, database 'lifeline_test'" "$TMP/err"
expect_grep 'password authentication failed' "$TMP/err"
expect_grep 'lifeline:\*\*\*@127' "$TMP/err"
expect_no_grep 'wrong-Secret-77' "$TMP/err"
expect_no_grep 'wrong-Secret-77' "$TMP/out"
expect_exit 5 --json case push "$TMP/case" --store "$BAD"
expect_no_grep 'wrong-Secret-77' "$TMP/out"
expect_no_grep 'wrong-Secret-77' "$TMP/err"
# the password as a parameter
expect_exit 5 custody verify --case-id T-1 \
	--store "postgresql://lifeline@127.0.0.1:$PG_PORT/lifeline_test?sslmode=disable&password=wrong-Secret-77"
expect_grep 'password=\*\*\*' "$TMP/err"
expect_no_grep 'wrong-Secret-77' "$TMP/err"
# nothing listens there
dead=$(pg_free_port)
expect_exit 5 case export --store "postgresql://lifeline:wrong-Secret-77@127.0.0.1:$dead/x" --case-id T-1 "$TMP/x"
expect_grep "cannot connect to the PostgreSQL server 127\.0\.0\.1:$dead, database 'x'" "$TMP/err"
expect_no_grep 'wrong-Secret-77' "$TMP/err"
[ ! -e "$TMP/x" ] || fail "a failed export made its directory"
# a URL libpq cannot parse
expect_exit 5 case push "$TMP/case" --store "postgresql://lifeline:wrong-Secret-77@127.0.0.1:notaport/db"
expect_no_grep 'wrong-Secret-77' "$TMP/err"

# a database no push has written: no store there, said so
expect_exit 3 custody verify --store "$LL_PG_URL" --case-id T-1
expect_grep "holds no lifeline case store" "$TMP/err"

# a case id of quotes and SQL
cd "$TMP"
ID="O'Brien\"; DROP TABLE lifeline_cases; -- \\ \$1 %s"
expect_exit 0 case init "$TMP/evil" --case-id "$ID" --title "quotes"
expect_exit 0 -C "$TMP/evil" custody add --action note --note "it's \"quoted\"	tab"
expect_exit 0 case push "$TMP/evil" --store "$LL_PG_URL"
[ "$(pg_sql "SELECT count(*) FROM lifeline_cases")" = 1 ] || fail "lifeline_cases damaged"
pg_sql "SELECT case_id FROM lifeline_cases" >"$TMP/got.id"
printf '%s\n' "$ID" >"$TMP/want.id"
expect_same "$TMP/want.id" "$TMP/got.id" "case id stored as given"
expect_exit 0 custody verify --store "$LL_PG_URL" --case-id "$ID"
expect_exit 0 custody add --store "$LL_PG_URL" --case-id "$ID" --action note --note "x'); DROP SCHEMA public CASCADE; --"
expect_exit 0 case export --store "$LL_PG_URL" --case-id "$ID" "$TMP/evil-back"
expect_exit 0 -C "$TMP/evil-back" case show
expect_exit 0 -C "$TMP/evil-back" --json case show
[ "$(json_get "$TMP/out" 'd["case_id"]')" = "$ID" ] || fail "exported case id differs"
expect_exit 0 -C "$TMP/evil-back" custody verify
[ "$(sqlite3 "$TMP/evil-back/case.db" "SELECT note FROM custody ORDER BY seq DESC LIMIT 1")" = \
  "x'); DROP SCHEMA public CASCADE; --" ] || fail "custody note changed"
# ids that would match anything if spliced into SQL match nothing
for probe in "x' OR '1'='1" "%" "_" "T-1' --"; do
	expect_exit 3 case export --store "$LL_PG_URL" --case-id "$probe" "$TMP/probe"
	expect_grep "no case" "$TMP/err"
	[ ! -e "$TMP/probe" ] || fail "export of '$probe' made its directory"
done

done_testing
