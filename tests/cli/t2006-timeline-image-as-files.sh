#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Disk images received as files (`collect files` of every segment): EWF sets
# made by ewfacquire -S and by our own `collect image --segment-size`, split
# raw sets numbered from 001 and from 000 and lettered (.aa); each is read as
# one medium, its later segments recorded as read with the set (no "no
# reader" warning), and the exports equal fls + mactime on the same set.
. "$(dirname "$0")/lib.sh"
need fls mactime ewfacquire mkfs.ext4 split python3 sqlite3
new_case

# an ext4 of 6 MiB whose data does not compress: several 1 MiB segments
mkdir -p "$TMP/tree/dir"
head -c 3000000 /dev/urandom >"$TMP/tree/big.bin"
echo hello >"$TMP/tree/dir/a.txt"
touch -d '2021-03-04 05:06:07' "$TMP/tree/dir/a.txt"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/disk.raw" 6M

# check ID IMGTYPE SEGMENT...: item ID against fls/mactime on the segments
check() {
	id=$1 it=$2
	shift 2
	expect_exit 0 analyze timeline "$id"
	expect_no_grep 'no reader recognises' "$TMP/out"
	expect_no_grep 'warning' "$TMP/out"
	fls -r -m / -i "$it" "$@" >"$TMP/fls.body" || fail "fls -i $it $*"
	mactime -b "$TMP/fls.body" -d -y -z UTC >"$TMP/fls.csv"
	grep -q '|/dir/a.txt|' "$TMP/fls.body" || fail "fixture: fls lists no /dir/a.txt"
	expect_exit 0 timeline export --format bodyfile --evidence "$id" -o "$TMP/ours.body"
	expect_exit 0 timeline export --format mactime --evidence "$id" -o "$TMP/ours.csv"
	expect_same "$TMP/ours.body" "$TMP/fls.body" "$id ($it, $# segments): bodyfile differs"
	expect_same "$TMP/ours.csv" "$TMP/fls.csv" "$id ($it): mactime differs"
	# one volume, read once; every later segment recorded as part of the set
	[ "$(sqlite3 case.db "SELECT count(*) || ' ' || sum(entries) FROM fs_volumes WHERE evidence_id='$id'")" = \
	  "1 $(wc -l <"$TMP/fls.body")" ] || fail "$id: not one volume with fls's entries"
	expect_exit 0 --json analyze timeline "$id"
	n=$(json_get "$TMP/out" 'len([f for f in d["items"][0]["files"] if f.get("segment_of")])')
	[ "$n" -eq $(($# - 1)) ] || fail "$id: $n of $(($# - 1)) later segments recorded as read with the set"
	rm -f "$TMP/ours.body" "$TMP/ours.csv"
}

# --- EWF by ewfacquire, 1 MiB segments ---
mkdir "$TMP/ewf"
ewfacquire -u -q -t "$TMP/ewf/img" -S 1MiB -c none "$TMP/disk.raw" >/dev/null 2>&1 || fail "ewfacquire"
set -- "$TMP"/ewf/img.E*
[ $# -ge 3 ] || fail "fixture: ewfacquire made $# segments"
E=$(add_evidence file "$@")
check "$E" ewf "$@"

# --- EWF by our own collect image, copied out and received as files ---
expect_exit 0 --json collect image --format e01 --segment-size 1MiB --compression none "$TMP/disk.raw"
O=$(json_get "$TMP/out" 'd["id"]')
mkdir "$TMP/own"
cp evidence/"$O"/*.E* "$TMP/own/"
set -- "$TMP"/own/*.E*
[ $# -ge 3 ] || fail "fixture: collect image made $# segments"
F=$(add_evidence file "$@")
check "$F" ewf "$@"

# --- split raw: .001 …, .000 …, .aa … ---
mkdir "$TMP/s1" "$TMP/s0" "$TMP/sa"
split -b 1000000 -d -a 3 --numeric-suffixes=1 "$TMP/disk.raw" "$TMP/s1/disk."
split -b 1000000 -d -a 3 "$TMP/disk.raw" "$TMP/s0/disk."
split -b 1000000 "$TMP/disk.raw" "$TMP/sa/disk."
for d in s1 s0 sa; do
	set -- "$TMP/$d"/disk.*
	[ $# -ge 6 ] || fail "fixture: split made $# segments"
	S=$(add_evidence file "$@")
	check "$S" raw "$@"
done

# a set given out of order on the command line is still read in order
set -- "$TMP"/s1/disk.003 "$TMP"/s1/disk.001 "$TMP"/s1/disk.00[24567]
S=$(add_evidence file "$@")
check "$S" raw "$TMP"/s1/disk.*

# a lone later segment is not a set: it is probed like any file
S=$(add_evidence file "$TMP/s1/disk.004")
expect_exit 4 analyze timeline "$S"
expect_grep 'no reader recognises' "$TMP/out"

done_testing
