#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# libscca parses Prefetch files, which the attacker may have written: like
# libevtx (h0541) it is loaded only in the worker that reads a Prefetch
# file. The binary does not link it (readelf); after `analyze timeline` has
# read an uncompressed and a Windows 10 compressed Prefetch file and a
# disk image holding one (read in the image reader's worker), the
# command's own process — the one that holds the key and case.db — has not
# mapped it (LIFELINE_TEST_MAPS, a hook of test builds), while both files
# were read (so their workers loaded it). `lifeline version` names its
# version. Without it (LIFELINE_TEST_DYNLIB_FAIL), only the Prefetch files
# are lost, each named with the library and its Debian package (exit 4;
# the image's own events stored), the other item is stored, and a later
# run reads them.
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3 readelf sccainfo mkfs.vfat mmd mcopy
D=$SRC/tests/data/prefetch
export MTOOLS_SKIP_CHECK=1
mkfs.vfat -C "$TMP/disk.img" 1024 >/dev/null
mmd -i "$TMP/disk.img" ::/Windows ::/Windows/Prefetch
mcopy -i "$TMP/disk.img" "$D/PING.EXE-B29F6629.pf" ::/Windows/Prefetch/

readelf -d "$LIFELINE" >"$TMP/dyn"
expect_grep 'NEEDED' "$TMP/dyn"
expect_no_grep 'NEEDED.*lib(scca|fwnt)\.so' "$TMP/dyn"

printf 'Jun  3 14:00:00 ward1 sshd[1]: Accepted password for nurse1 from 10.0.0.1 port 1 ssh2\n' >"$TMP/auth.log"
new_case
P=$(add_evidence file "$D/CMD.EXE-087B4001.pf")
M=$(add_evidence file "$D/NOTEPAD.EXE-D8414F97.pf")
S=$(add_evidence file "$TMP/auth.log")
I=$(add_evidence image "$TMP/disk.img")

# events ID SOURCE N: item ID has N events of SOURCE
events() {
	n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$1' AND source='$2'")
	[ "$n" -eq "$3" ] || fail "$n $2 events of $1, want $3"
	test_count=$((test_count + 1))
}

say "analyze timeline: the parent does not map libscca"
LIFELINE_TEST_MAPS=$TMP/maps.timeline expect_exit 0 analyze timeline --year 2024
[ -s "$TMP/maps.timeline" ] || fail "no memory map written"
expect_grep 'libc\.so' "$TMP/maps.timeline"
expect_no_grep 'libscca\.so' "$TMP/maps.timeline"
events "$P" prefetch 1
events "$M" prefetch 2
events "$S" syslog 1
events "$I" prefetch 1

say "lifeline version names libscca's version"
expect_exit 0 --json version
v=$(json_get "$TMP/out" "d['libraries'].get('libscca', '')")
ref=$(sccainfo -V 2>&1 | sed -n '1s/^sccainfo //p')
[ -n "$ref" ] && [ "$v" = "$ref" ] || fail "libscca: version '$v', sccainfo says '$ref'"
test_count=$((test_count + 1))

say "without libscca: the Prefetch files only, named"
LIFELINE_TEST_DYNLIB_FAIL=libscca.so.1 expect_exit 4 --json analyze timeline --year 2024
json_get "$TMP/out" '"\n".join(p["id"] + " " + p["reason"] + " " + p["path"] + ": " + p["message"] for p in d["partial"])' >"$TMP/partial"
[ "$(wc -l <"$TMP/partial")" -eq 3 ] || { cat "$TMP/partial" >&2; fail "not exactly three partial inputs"; }
expect_grep "^$P refused .*CMD\.EXE-087B4001\.pf: .*cannot load libscca\.so\.1: .*\(install libscca1\)" "$TMP/partial"
expect_grep "^$M refused .*NOTEPAD\.EXE-D8414F97\.pf: .*cannot load libscca\.so\.1: .*\(install libscca1\)" "$TMP/partial"
events "$P" prefetch 0
events "$M" prefetch 0
events "$S" syslog 1
# the image: its file system stored, its Prefetch file named as lost
expect_grep "^$I rejected-records .*Prefetch file .*/Windows/Prefetch/PING\.EXE-B29F6629\.pf .*cannot load libscca\.so\.1: .*\(install libscca1\)" "$TMP/partial"
events "$I" prefetch 0
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$I' AND source='fs'")
[ "$n" -gt 0 ] || fail "no fs events of the image without libscca"
test_count=$((test_count + 1))
expect_exit 0 custody verify
expect_exit 0 analyze timeline --year 2024
events "$P" prefetch 1
events "$M" prefetch 2
events "$I" prefetch 1
done_testing
