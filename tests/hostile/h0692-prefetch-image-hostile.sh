#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Hostile Prefetch files inside a disk image (issue #19 item 7): each costs
# itself only, named by image, path and inode, and the image's file-system
# events and its other Prefetch files are stored:
# - one larger than 16 MiB is not read into memory ("larger than 16 MiB");
# - a compressed (MAM) one cut short is refused with libscca's cause and
#   the offset range of its compressed data;
# - one whose name carries ';' and '=' cannot forge a locator field: they
#   are escaped (%3B, %3D) and the run is still run=1.
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3 mkfs.vfat mmd mcopy
D=$SRC/tests/data/prefetch
export MTOOLS_SKIP_CHECK=1
truncate -s 17M "$TMP/BIG.EXE-00000000.pf"
head -c 3000 "$D/NOTEPAD.EXE-D8414F97.pf" >"$TMP/NOTEPAD.EXE-D8414F97.pf"
cp "$D/CMD.EXE-087B4001.pf" "$TMP/a;run=9.pf"
mkfs.vfat -C "$TMP/disk.img" 40960 >/dev/null
mmd -i "$TMP/disk.img" ::/WINDOWS ::/WINDOWS/prefetch
mcopy -i "$TMP/disk.img" "$TMP/BIG.EXE-00000000.pf" "$TMP/NOTEPAD.EXE-D8414F97.pf" \
	"$TMP/a;run=9.pf" "$D/PING.EXE-B29F6629.pf" ::/WINDOWS/prefetch/

new_case
I=$(add_evidence image "$TMP/disk.img")
expect_exit 4 --json analyze timeline
json_get "$TMP/out" '"\n".join(w for i in d["items"] for f in i["files"] for w in f.get("warnings", []))' >"$TMP/warnings"
json_get "$TMP/out" '"\n".join(p["id"] + " " + p["reason"] + " " + p["message"] for p in d["partial"])' >"$TMP/partial"
expect_grep "^$I rejected-records .*2 record\(s\)" "$TMP/partial"
expect_grep "disk\.img: /WINDOWS/prefetch/BIG\.EXE-00000000\.pf \(part_offset=0, inode [0-9]+\)': larger than 16 MiB: not read" "$TMP/warnings"
expect_grep "disk\.img: /WINDOWS/prefetch/NOTEPAD\.EXE-D8414F97\.pf \(part_offset=0, inode [0-9]+\)': compressed \(MAM\) data from offset 8 to 3000 \(34286 bytes once decompressed\): not read: libscca: lib(fwnt|scca)_" "$TMP/warnings"
loc=$(sqlite3 case.db "SELECT locator FROM events WHERE evidence_id='$I' AND source='prefetch' AND path LIKE '%run=9.pf'")
case $loc in
"part_offset=0;inode="*";prefetch=a%3Brun%3D9.pf;run=1") test_count=$((test_count + 1)) ;;
*) fail "locator of 'a;run=9.pf': '$loc'" ;;
esac
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$I' AND source='prefetch' AND json_extract(attrs,'\$.executable')='PING.EXE'")
[ "$n" -eq 1 ] || fail "PING.EXE: $n events"
test_count=$((test_count + 1))
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$I' AND source='fs' AND path LIKE '/WINDOWS/prefetch/%'")
[ "$n" -ge 4 ] || fail "the Prefetch folder's file-system events: $n"
test_count=$((test_count + 1))
done_testing
