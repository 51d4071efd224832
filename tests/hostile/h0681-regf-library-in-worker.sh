#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# libregf is loaded only in the hive reader's worker (as h0541 for the
# other evidence libraries): the binary does not link it (readelf); after
# `analyze timeline` has read a hive (so its worker loaded libregf), the
# command's own process — the one holding the key and case.db — has not
# mapped it (LIFELINE_TEST_MAPS, a hook of test builds). `lifeline version`
# names its version. Without it (LIFELINE_TEST_DYNLIB_FAIL) only the hive is
# partial, with a message naming the library and its Debian package; the
# other item is complete and a re-run reads the hive.
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3 readelf

readelf -d "$LIFELINE" >"$TMP/dyn"
expect_grep 'NEEDED' "$TMP/dyn"
expect_no_grep 'NEEDED.*lib(regf|bfio)\.so' "$TMP/dyn"

new_case
cp "$SRC/tests/fuzz/corpus/regf/NTUSER-RunTests.DAT" "$TMP/NTUSER.DAT"
printf 'Jun  3 14:00:00 ward1 sshd[1]: Accepted password for nurse1 from 10.0.0.1 port 1 ssh2\n' >"$TMP/auth.log"
H=$(add_evidence file "$TMP/NTUSER.DAT")
S=$(add_evidence file "$TMP/auth.log")
n_of() { sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$1' AND source='$2'"; }

say "analyze timeline: the worker reads the hive, the parent maps no libregf"
LIFELINE_TEST_MAPS=$TMP/maps expect_exit 0 analyze timeline --year 2024
[ -s "$TMP/maps" ] || fail "no memory map written"
expect_grep 'libc\.so' "$TMP/maps"
expect_no_grep 'libregf\.so' "$TMP/maps"
test_count=$((test_count + 1))
[ "$(n_of "$H" registry)" -eq 895 ] || fail "$(n_of "$H" registry) registry events, expected 893 keys and 2 Run values"

say "lifeline version names libregf's version"
expect_exit 0 --json version
v=$(json_get "$TMP/out" "d['libraries'].get('libregf', '')")
case $v in '' | unavailable) fail "libregf: version '$v'" ;; esac
test_count=$((test_count + 1))

say "without libregf: the hive only, named"
LIFELINE_TEST_DYNLIB_FAIL=libregf.so.1 expect_exit 4 --json analyze timeline --year 2024
json_get "$TMP/out" '"\n".join(p["id"] + " " + p["reason"] + " " + p["path"] + ": " + p["message"] for p in d["partial"])' >"$TMP/partial"
[ "$(wc -l <"$TMP/partial")" -eq 1 ] || { cat "$TMP/partial" >&2; fail "not exactly one partial input"; }
expect_grep "^$H .*NTUSER\.DAT: .*cannot load libregf\.so\.1: .*\(install libregf1\)" "$TMP/partial"
test_count=$((test_count + 1))
[ "$(n_of "$H" registry)" -eq 0 ] || fail "events of the hive stored without libregf"
test_count=$((test_count + 1))
[ "$(n_of "$S" syslog)" -eq 1 ] || fail "the syslog item lost"
expect_exit 0 custody verify
expect_exit 0 analyze timeline --year 2024
test_count=$((test_count + 1))
[ "$(n_of "$H" registry)" -eq 895 ] || fail "re-run: $(n_of "$H" registry) registry events"
done_testing
