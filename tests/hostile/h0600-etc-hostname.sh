#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Issue 17: an image names its own host in /etc/hostname, a file the
# attacker can write. Read by the tsk reader's worker, it reaches the parent
# as raw bytes (FS_HOSTNAME) and is judged there: control characters, 10 KB,
# invalid UTF-8, a bidi override, two names, a NUL are each refused with a
# warning naming why (no byte of it echoed), nothing is stored on the
# volume, the item's events get no host from it, and the file's events are
# all stored (exit 0). A good name next to them is used.
. "$(dirname "$0")/../cli/lib.sh"
need mkfs.ext4 sqlite3 python3
PATH=$PATH:/usr/sbin:/sbin
new_case

# img NAME PYTHON-BYTES: an ext4 image whose /etc/hostname holds the bytes
img() {
	rm -rf "$TMP/tree"
	mkdir -p "$TMP/tree/etc"
	python3 -c 'import sys; open(sys.argv[1], "wb").write(eval(sys.argv[2]))' \
		"$TMP/tree/etc/hostname" "$2"
	echo x >"$TMP/tree/data.txt"
	mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/$1.img" 4M >/dev/null
	expect_exit 0 collect image "$TMP/$1.img" --format raw --exhibit "$1"
}
img ctl 'b"srv\x1b[2Jevil\n"'
img big 'b"a" * 10240'
img utf 'b"srv\xff\xfe01\n"'
img bidi '"srv\u202egnp.exe\n".encode()'
img two 'b"one\ntwo\n"'
img nul 'b"srv\x00evil\n"'
img good 'b"good-01.lab.lan\n"'

expect_exit 0 analyze timeline
for e in ctl big utf bidi two nul; do
	expect_grep "'evidence/$e/$e.raw': /etc/hostname of the file system at offset 0 refused as the image's host name: .*; not stored" "$TMP/out"
	test_count=$((test_count + 1))
	[ "$(sqlite3 case.db "SELECT count(*) FROM fs_volumes WHERE evidence_id = '$e' AND hostname IS NOT NULL")" -eq 0 ] ||
		fail "$e: a refused name was stored"
	test_count=$((test_count + 1))
	[ "$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id = '$e' AND host IS NOT NULL")" -eq 0 ] ||
		fail "$e: events got a host from a refused name"
	test_count=$((test_count + 1))
	[ "$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id = '$e' AND path = '/data.txt'")" -gt 0 ] ||
		fail "$e: the file's events were not stored"
done
# why, in words, without the bytes
expect_grep "ctl.raw.*byte 0x1B at offset 3 is not a letter" "$TMP/out"
expect_grep "big.raw.*10240 bytes, larger than a host name file" "$TMP/out"
expect_grep "utf.raw.*byte 0xFF at offset 3" "$TMP/out"
expect_grep "bidi.raw.*byte 0xE2 at offset 3" "$TMP/out"
expect_grep "two.raw.*a second name line" "$TMP/out"
expect_grep "nul.raw.*a NUL byte at offset 3" "$TMP/out"
expect_no_grep "$(printf '\033')|evil|gnp|$(printf '\342\200\256')" "$TMP/out"
expect_no_grep "$(printf '\033')|evil|gnp|$(printf '\342\200\256')" "$TMP/err"
# in the item's analysis record as well
test_count=$((test_count + 1))
sqlite3 case.db "SELECT warnings FROM analyses WHERE evidence_id = 'bidi'" | grep -q 'refused as the image' ||
	fail "bidi: the refusal is not in the analysis record"
# the good one is used
test_count=$((test_count + 1))
[ "$(sqlite3 case.db "SELECT DISTINCT host || '/' || host_from FROM events WHERE evidence_id = 'good'")" = good-01.lab.lan/image ] ||
	fail "good: the image's own name was not used"
expect_exit 0 custody verify
done_testing
