#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Hostile registry hives inside a disk image (issue #19 items 4 and 7):
# each costs itself only, named by image, path and inode, and the image's
# file-system events and its other hives are stored:
# - a SYSTEM hive cut short (libregf refuses it): its cells are scanned,
#   the keys whose named-key cells are whole in the kept bytes (hivexml's
#   byte runs: regf_oracle.py cut) are events marked ;salvaged;
# - an NTUSER.DAT that is not a hive: refused with libregf's cause, no
#   key invented;
# - without libregf (LIFELINE_TEST_DYNLIB_FAIL) the hives are named as not
#   read, the file system is still walked.
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3 hivexsh hivexml mkfs.vfat mmd mcopy
export MTOOLS_SKIP_CHECK=1
sh "$SRC/tests/data/make_hives.sh" "$SRC" "$TMP/h" >"$TMP/make.log" 2>&1 ||
	{ cat "$TMP/make.log" >&2; fail "fixture: make_hives.sh"; }
cut=12288
head -c $cut "$TMP/h/SOFTWARE" >"$TMP/SYSTEM"
head -c 20000 /dev/urandom >"$TMP/NTUSER.DAT"
mkfs.vfat -C "$TMP/disk.img" 8192 >/dev/null || fail "fixture: mkfs.vfat"
mmd -i "$TMP/disk.img" ::/Windows ::/Windows/System32 ::/Windows/System32/config \
	::/Users ::/Users/eve ::/Users/bob || fail "fixture: mmd"
mcopy -i "$TMP/disk.img" "$TMP/SYSTEM" ::/Windows/System32/config/SYSTEM || fail "fixture: mcopy"
mcopy -i "$TMP/disk.img" "$TMP/NTUSER.DAT" ::/Users/eve/NTUSER.DAT || fail "fixture: mcopy"
mcopy -i "$TMP/disk.img" "$TMP/h/NTUSER.DAT" ::/Users/bob/NTUSER.DAT || fail "fixture: mcopy"

new_case
I=$(add_evidence image "$TMP/disk.img")
expect_exit 4 --json analyze timeline
json_get "$TMP/out" '"\n".join(w for i in d["items"] for f in i["files"] for w in f.get("warnings", []))' >"$TMP/warnings"
expect_grep "disk\.img: /Windows/System32/config/SYSTEM \(part_offset=0, inode [0-9]+\)': not a readable registry hive" "$TMP/warnings"
expect_grep "disk\.img: /Users/eve/NTUSER\.DAT \(part_offset=0, inode [0-9]+\)': not a readable registry hive: .*libregf" "$TMP/warnings"
q() { sqlite3 case.db "$1"; }

say "the cut hive: the keys whole in its first $cut bytes, salvaged"
python3 "$SRC/tests/cli/regf_oracle.py" cut "$TMP/h/SOFTWARE" $cut >"$TMP/want" || fail "oracle: cut"
[ -s "$TMP/want" ] || fail "oracle: no key whole in $cut bytes"
q "SELECT message || char(9) || (time_ns / 1000000000) FROM events WHERE evidence_id = '$I'
	AND source = 'registry' AND path = '/Windows/System32/config/SYSTEM' AND category IS NULL" |
	LC_ALL=C sort >"$TMP/got"
expect_same "$TMP/want" "$TMP/got" "salvaged keys of the cut SYSTEM differ from hivexml's"
n=$(q "SELECT count(*) FROM events WHERE evidence_id = '$I' AND path = '/Windows/System32/config/SYSTEM'
	AND source = 'registry' AND locator NOT LIKE 'part_offset=0;inode=%;hive=/Windows/System32/config/SYSTEM;key=%;salvaged'")
test_count=$((test_count + 1))
[ "$n" -eq 0 ] || fail "$n salvaged events without the image's locator and ;salvaged"

say "the file that is not a hive: no key; the other profile's hive read whole"
n=$(q "SELECT count(*) FROM events WHERE evidence_id = '$I' AND source = 'registry' AND path = '/Users/eve/NTUSER.DAT'")
test_count=$((test_count + 1))
[ "$n" -eq 0 ] || fail "$n keys invented from random bytes"
python3 "$SRC/tests/cli/regf_oracle.py" paths "$TMP/h/NTUSER.DAT" >"$TMP/paths" || fail "regfexport"
n=$(q "SELECT count(*) FROM events WHERE evidence_id = '$I' AND source = 'registry' AND path = '/Users/bob/NTUSER.DAT' AND category IS NULL")
test_count=$((test_count + 1))
[ "$n" -eq "$(wc -l <"$TMP/paths")" ] || fail "bob's NTUSER.DAT: $n keys, regfexport lists $(wc -l <"$TMP/paths")"
n=$(q "SELECT count(*) FROM events WHERE evidence_id = '$I' AND source = 'fs'")
test_count=$((test_count + 1))
[ "$n" -ge 10 ] || fail "the image's file-system events: $n"

say "without libregf: the hives named, the file system walked"
new_case "$TMP/case2"
I=$(add_evidence image "$TMP/disk.img")
LIFELINE_TEST_DYNLIB_FAIL=libregf.so.1 expect_exit 4 --json analyze timeline
json_get "$TMP/out" '"\n".join(w for i in d["items"] for f in i["files"] for w in f.get("warnings", []))' >"$TMP/warnings"
expect_grep "disk\.img: /Users/bob/NTUSER\.DAT \(part_offset=0, inode [0-9]+\)': .*libregf\.so\.1" "$TMP/warnings"
n=$(q "SELECT count(*) FROM events WHERE evidence_id = '$I' AND source = 'registry'")
test_count=$((test_count + 1))
[ "$n" -eq 0 ] || fail "$n registry events without libregf"
n=$(q "SELECT count(*) FROM events WHERE evidence_id = '$I' AND source = 'fs'")
test_count=$((test_count + 1))
[ "$n" -ge 10 ] || fail "without libregf, the image's file-system events: $n"
done_testing
