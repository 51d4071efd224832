#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Values the server could only take by changing them (issue #20: "byte-
# identical values"): text that is not UTF-8 (a file name's raw bytes) is
# refused by name in a UTF8 database and kept byte for byte in a SQL_ASCII
# one; text with a NUL byte and a value of another storage class than its
# column (text in an integer column) are refused, naming table, rowid and
# column; a LATIN1 database is refused. Nothing half-pushed is left ready.
. "$LL_SRC_DIR/tests/cli/lib.sh"
need python3 sqlite3
. "$LL_SRC_DIR/tests/cli/pg_lib.sh"
pg_start

new_case
sqlite3 case.db "INSERT INTO evidence(id, seq, kind, state, started_ns) VALUES ('E1', 1, 'file', 'registered', 1);
INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, locator, message, path)
 VALUES (1, 'E1', 5, 'mtime', 'fs', 'tsk', 'x', 'caf' || CAST(X'E9' AS TEXT) || '.log', CAST(X'2F74C3A97374FF' AS TEXT)),
 (2, 'E1', 6, 'mtime', 'fs', 'tsk', 'y', 'ok', NULL)"
expect_exit 4 case push "$TMP/case" --store "$LL_PG_URL"
expect_grep 'table events, rowid 1, column path: text that is not UTF-8 \(byte 6\)' "$TMP/err"
expect_grep 'SQL_ASCII' "$TMP/err"
[ "$(pg_sql "SELECT count(*) FROM lifeline_cases WHERE state = 'ready'")" = 0 ] || fail "a refused push left a ready case"

# a SQL_ASCII database keeps the bytes
PG_DB=postgres pg_sql "CREATE DATABASE raw_bytes ENCODING 'SQL_ASCII' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'"
RAW="postgresql://lifeline:$LL_PG_PASS@127.0.0.1:$PG_PORT/raw_bytes"
expect_exit 0 case push "$TMP/case" --store "$RAW"
expect_exit 0 case export --store "$RAW" --case-id T-1 "$TMP/back"
for db in "$TMP/case/case.db" "$TMP/back/case.db"; do
	sqlite3 "$db" "SELECT id, hex(message), typeof(message), quote(hex(path)), typeof(path) FROM events ORDER BY id"
done >"$TMP/both"
head -2 "$TMP/both" >"$TMP/a"
tail -2 "$TMP/both" >"$TMP/b"
expect_same "$TMP/a" "$TMP/b" "raw bytes of text changed on the way"
expect_grep '^1\|636166E92E6C6F67\|text\|' "$TMP/a"
expect_exit 0 -C "$TMP/back" custody verify

# text with a NUL byte: PostgreSQL text cannot hold it
expect_exit 0 case init "$TMP/nul" --case-id T-NUL --title t
cd "$TMP/nul"
sqlite3 case.db "INSERT INTO evidence(id, seq, kind, state, started_ns, notes) VALUES ('E1', 1, 'file', 'registered', 1, CAST(X'610062' AS TEXT))"
expect_exit 4 case push "$TMP/nul" --store "$RAW"
expect_grep 'table evidence, rowid 1, column notes: text with a NUL byte at 1' "$TMP/err"

# text where an integer belongs: refused, not converted
expect_exit 0 case init "$TMP/cls" --case-id T-CLS --title t
cd "$TMP/cls"
sqlite3 case.db "INSERT INTO evidence(id, seq, kind, state, started_ns, media_size) VALUES ('E1', 1, 'file', 'registered', 1, 'big')"
[ "$(sqlite3 case.db "SELECT typeof(media_size) FROM evidence")" = text ] || fail "fixture: media_size not text"
expect_exit 4 case push "$TMP/cls" --store "$RAW"
expect_grep 'table evidence, rowid 1, column media_size: text where the server keeps bigint' "$TMP/err"

# a blob where text belongs: refused (it would arrive as the text "\x4142")
sqlite3 case.db "UPDATE evidence SET media_size = 1, notes = X'4142'"
expect_exit 4 case push "$TMP/cls" --store "$RAW"
expect_grep 'table evidence, rowid 1, column notes: a blob where the server keeps text' "$TMP/err"

# a database in another encoding would convert text: refused
PG_DB=postgres pg_sql "CREATE DATABASE latin ENCODING 'LATIN1' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'"
expect_exit 4 case push "$TMP/cls" --store "postgresql://lifeline:$LL_PG_PASS@127.0.0.1:$PG_PORT/latin"
expect_grep 'encoded LATIN1' "$TMP/err"

done_testing
