#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Each library that parses evidence is loaded only in the worker that needs
# it (issue #16): the binary links none of libevtx, libevt, libewf, libtsk
# and their libyal companions (readelf); after `analyze timeline` has read
# an EVTX, an EVT, an E01 and a raw image, after `evidence verify` of the
# E01 and after `analyze detect`, the command's own process — the one that
# holds the key and case.db — has mapped none of them (LIFELINE_TEST_MAPS, a
# hook of test builds), while every item was read (so its worker loaded its
# library); `collect image --format e01` reads its E01 back in a check
# worker (strace). `lifeline version` still names each library's version.
# A machine without one of them (LIFELINE_TEST_DYNLIB_FAIL refuses its
# load, a hook of test builds) costs what needs it only, with a message
# naming the library and the Debian package: an EVTX file (partial, exit 4;
# the other items complete, the case sound, a re-run reads it), an image,
# and `collect image --format e01` (refused before reading: nothing on record, exit 4).
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3 readelf mkfs.ext4

LIBS='lib(evtx|evt|ewf|tsk|vmdk|vhdi|bfio|afflib)\.so'

readelf -d "$LIFELINE" >"$TMP/dyn"
expect_grep 'NEEDED' "$TMP/dyn"
expect_no_grep "NEEDED.*$LIBS" "$TMP/dyn"

mkdir -p "$TMP/tree/etc"
echo hello >"$TMP/tree/etc/motd"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/disk.img" 4M
cp "$SRC/tests/fuzz/corpus/evtx/cc0_4720_local_user_created.evtx" "$TMP/a.evtx"
cp "$SRC/tests/fuzz/corpus/evt/plain.evt" "$TMP/b.evt"
printf 'Jun  3 14:00:00 ward1 sshd[1]: Accepted password for nurse1 from 10.0.0.1 port 1 ssh2\n' >"$TMP/auth.log"

new_case
# the E01 written is read back by a check worker (mode media), not by this process
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true >/dev/null 2>&1; then
	test_count=$((test_count + 1))
	# LeakSanitizer refuses to run under ptrace: off for this one run of an ASan build
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -e trace=execve -o "$TMP/collect.strace" "$LIFELINE" collect image "$TMP/disk.img" \
		--format e01 --exhibit EXH-1 >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "collect image under strace"; }
	expect_grep 'execve\("/proc/self/exe", \["lifeline", "__check", "--mode", "media"' "$TMP/collect.strace"
	expect_grep 'verified in' "$TMP/out"
else
	partial "strace is missing or cannot trace here: collect image's verification in a worker unchecked"
	expect_exit 0 collect image "$TMP/disk.img" --format e01 --exhibit EXH-1
fi
R=$(add_evidence image "$TMP/disk.img")
X=$(add_evidence file "$TMP/a.evtx")
V=$(add_evidence file "$TMP/b.evt")
S=$(add_evidence file "$TMP/auth.log")

# no_libs FILE WHAT: the memory map FILE shows none of the evidence libraries
no_libs() {
	[ -s "$1" ] || fail "$2: no memory map written"
	expect_grep 'libc\.so' "$1"
	expect_no_grep "$LIBS" "$1"
}
# events ID SOURCE: item ID has events of SOURCE
events() {
	n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$1' AND source='$2'")
	[ "$n" -gt 0 ] || fail "no $2 events of $1"
	test_count=$((test_count + 1))
}

say "analyze timeline: the parent maps no evidence library"
LIFELINE_TEST_MAPS=$TMP/maps.timeline expect_exit 0 analyze timeline --year 2024
no_libs "$TMP/maps.timeline" "analyze timeline"
events EXH-1 fs
events "$R" fs
events "$X" evtx
events "$V" evt
events "$S" syslog

say "evidence verify of the E01, analyze detect: neither"
LIFELINE_TEST_MAPS=$TMP/maps.verify expect_exit 0 evidence verify EXH-1
no_libs "$TMP/maps.verify" "evidence verify"
LIFELINE_TEST_MAPS=$TMP/maps.detect expect_exit 0 analyze detect
no_libs "$TMP/maps.detect" "analyze detect"

say "lifeline version names each library's version"
expect_exit 0 --json version
for lib in libtsk libevtx libevt libewf; do
	v=$(json_get "$TMP/out" "d['libraries'].get('$lib', '')")
	case $v in ''|unavailable) fail "$lib: version '$v'" ;; esac
	test_count=$((test_count + 1))
done

say "without libevtx: the EVTX file only, named"
LIFELINE_TEST_DYNLIB_FAIL=libevtx.so.1 expect_exit 4 --json analyze timeline --year 2024
json_get "$TMP/out" '"\n".join(p["id"] + " " + p["reason"] + " " + p["path"] + ": " + p["message"] for p in d["partial"])' >"$TMP/partial"
[ "$(wc -l <"$TMP/partial")" -eq 1 ] || { cat "$TMP/partial" >&2; fail "not exactly one partial input"; }
expect_grep "^$X .*a\.evtx: .*cannot load libevtx\.so\.1: .*\(install libevtx1\)" "$TMP/partial"
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$X'")
[ "$n" -eq 0 ] || fail "$n events of the EVTX item stored without libevtx"
test_count=$((test_count + 1))
events "$V" evt
events EXH-1 fs
events "$S" syslog
expect_exit 0 custody verify
[ "$(sqlite3 case.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
test_count=$((test_count + 1))
expect_exit 0 analyze timeline --year 2024
events "$X" evtx

say "without libtsk: the images only, named"
LIFELINE_TEST_DYNLIB_FAIL=libtsk.so.19 expect_exit 4 --json analyze timeline --year 2024
json_get "$TMP/out" '"\n".join(p["id"] + " " + p["message"] for p in d["partial"])' >"$TMP/partial"
expect_grep "^$R .*cannot load libtsk\.so\.19: .*\(install libtsk19\)" "$TMP/partial"
events "$X" evtx
expect_exit 0 analyze timeline --year 2024
events "$R" fs

say "without libewf: collect image --format e01 refused before reading, nothing on record"
LIFELINE_TEST_DYNLIB_FAIL=libewf.so.2 expect_exit 4 collect image "$TMP/disk.img" --format e01 --exhibit EXH-2
expect_grep "cannot load libewf\.so\.2: .*\(install libewf2\)" "$TMP/err"
expect_no_grep "INCOMPLETE|bytes read" "$TMP/err"
n=$(sqlite3 case.db "SELECT count(*) FROM evidence WHERE id='EXH-2'")
[ "$n" -eq 0 ] || fail "EXH-2 on record without libewf"
[ ! -e evidence/EXH-2 ] || fail "evidence/EXH-2 made without libewf"
test_count=$((test_count + 1))
expect_exit 0 custody verify

done_testing
