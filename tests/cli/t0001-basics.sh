#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Global options, help, version, usage errors and case discovery.
. "$(dirname "$0")/lib.sh"

expect_exit 0 --help
expect_grep '^usage: lifeline' "$TMP/out"
expect_exit 0 --version
expect_grep '^lifeline [0-9]' "$TMP/out"
expect_grep 'libtsk' "$TMP/out"
expect_exit 0 version --json
expect_grep '"schema": "lifeline.version/1"' "$TMP/out"
expect_exit 2
expect_exit 2 no-such-command
expect_grep "not a lifeline command" "$TMP/err"
expect_exit 2 --bogus
expect_exit 2 case
expect_exit 2 case frob
expect_exit 0 case --help
expect_exit 0 help custody add
expect_grep '^usage: lifeline custody add' "$TMP/out"

# outside a case: input missing (3), in text and JSON
cd "$TMP"
expect_exit 3 case show
expect_grep 'not in a lifeline case' "$TMP/err"
expect_exit 3 --json case show
expect_grep '"code": "notfound"' "$TMP/out"

# init: required options, refuses to overwrite
expect_exit 2 case init "$TMP/c"
expect_exit 0 case init "$TMP/c" --case-id C-7 --title "Ransomware at St Example" \
	--agency "Police" --authority "Order 2024/17"
for f in case.db evidence exports; do [ -e "$TMP/c/$f" ] || fail "no $f"; done
[ "$(sqlite3 "$TMP/c/case.db" 'PRAGMA journal_mode')" = wal ] || fail "not WAL"
[ "$(sqlite3 "$TMP/c/case.db" 'PRAGMA user_version')" -ge 1 ] || fail "no schema version"
expect_exit 5 case init "$TMP/c" --case-id C-8 --title x
expect_grep 'already holds a case' "$TMP/err"
mkdir "$TMP/notempty" && touch "$TMP/notempty/x"
expect_exit 5 case init "$TMP/notempty" --case-id C-9 --title x

# discovery: -C, the current directory, a parent
expect_exit 0 -C "$TMP/c" case show
expect_grep 'C-7' "$TMP/out"
mkdir -p "$TMP/c/exports/deep/er"
cd "$TMP/c/exports/deep/er"
expect_exit 0 --json case show
expect_grep '"case_id": "C-7"' "$TMP/out"
expect_grep '"authority": "Order 2024/17"' "$TMP/out"
expect_exit 3 -C "$TMP/nowhere" case show
done_testing
