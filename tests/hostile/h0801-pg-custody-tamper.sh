#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A custody chain altered in the PostgreSQL store (by someone with the
# server's rights, triggers disabled): `custody verify --store` names the
# entry, and `case export` refuses (exit 6) and leaves no case directory,
# so a forged chain never comes back as a SQLite case.
. "$LL_SRC_DIR/tests/cli/lib.sh"
need python3 sqlite3
. "$LL_SRC_DIR/tests/cli/pg_lib.sh"
pg_start

new_case
expect_exit 0 custody add --action note --note "first"
expect_exit 0 custody add --action note --note "second"
expect_exit 0 case push "$TMP/case" --store "$LL_PG_URL"
expect_exit 0 --json custody verify --store "$LL_PG_URL" --case-id T-1
head=$(json_get "$TMP/out" 'd["head"]')

# the append-only trigger holds for an ordinary UPDATE
if pg_sql "UPDATE lifeline_case_1.custody SET note = 'x' WHERE seq = 2" 2>"$TMP/trg.err"; then
	fail "the server's custody table accepted an UPDATE"
fi
expect_grep 'append-only' "$TMP/trg.err"

tamper() { # SQL: applied with the trigger off, then undone by the caller's next tamper
	pg_sql "ALTER TABLE lifeline_case_1.custody DISABLE TRIGGER custody_no_change; $1;
		ALTER TABLE lifeline_case_1.custody ENABLE TRIGGER custody_no_change" >/dev/null
}
check_refused() { # WHAT
	expect_exit 1 custody verify --store "$LL_PG_URL" --case-id T-1
	expect_grep "custody verify: entry [0-9]+" "$TMP/err"
	expect_exit 6 case export --store "$LL_PG_URL" --case-id T-1 "$TMP/back"
	expect_grep "does not verify" "$TMP/err"
	[ ! -e "$TMP/back" ] || fail "$1: export left $TMP/back"
}

# a note rewritten
tamper "UPDATE lifeline_case_1.custody SET note = 'forged' WHERE seq = 2"
check_refused "rewritten note"
tamper "UPDATE lifeline_case_1.custody SET note = 'second' WHERE seq = 2"
expect_exit 0 custody verify --store "$LL_PG_URL" --case-id T-1

# an entry removed from the middle (the chain link breaks)
pg_sql "CREATE TABLE public.saved AS SELECT * FROM lifeline_case_1.custody WHERE seq = 2" >/dev/null
tamper "DELETE FROM lifeline_case_1.custody WHERE seq = 2"
check_refused "removed entry"
tamper "INSERT INTO lifeline_case_1.custody SELECT * FROM public.saved"
expect_exit 0 custody verify --store "$LL_PG_URL" --case-id T-1

# a signature flipped
tamper "UPDATE lifeline_case_1.custody SET signature = set_byte(signature, 10, get_byte(signature, 10) # 1) WHERE seq = 1"
check_refused "flipped signature"
tamper "UPDATE lifeline_case_1.custody SET signature = set_byte(signature, 10, get_byte(signature, 10) # 1) WHERE seq = 1"

# the last entry removed: only --head sees it
tamper "DELETE FROM lifeline_case_1.custody WHERE seq = (SELECT max(seq) FROM lifeline_case_1.custody)"
expect_exit 0 custody verify --store "$LL_PG_URL" --case-id T-1
expect_exit 1 custody verify --store "$LL_PG_URL" --case-id T-1 --head "$head"

done_testing
