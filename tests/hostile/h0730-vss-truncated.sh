#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# An image holding shadow copies, cut short (issue #19 item 2): plaso's
# vsstest.qcow2 as raw, cut at 830000000 bytes (the catalog whole, store 1's
# blocks past the cut: vshadowinfo still lists 2 stores) and at 700000000
# (the catalog's store block at 827719680 gone: vshadowinfo cannot open it).
# Each is a warning naming the file, the volume's offset, the store and the
# image offset that could not be read; what can be read is all there: the
# live volume (as fls on the cut image lists it), the stores listed, store 2
# walked; nothing of another item is lost.
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3 qemu-img vshadowinfo fls
qemu-img convert -O raw "$SRC/tests/data/vss/vsstest.qcow2" "$TMP/full.raw"
for cut in 830000000 700000000; do
	cp --sparse=always "$TMP/full.raw" "$TMP/cut$cut.raw"
	truncate -s $cut "$TMP/cut$cut.raw"
done
rm -f "$TMP/full.raw"
vshadowinfo "$TMP/cut830000000.raw" >"$TMP/vi.830" 2>&1 || fail "vshadowinfo on the image cut at 830000000"
expect_grep "Number of stores:.*2" "$TMP/vi.830"
if vshadowinfo "$TMP/cut700000000.raw" >"$TMP/vi.700" 2>&1; then fail "vshadowinfo opened the catalog cut at 700000000"; fi
expect_grep "unable to read store block at offset: 827719680" "$TMP/vi.700"

new_case
A=$(add_evidence image "$TMP/cut830000000.raw")
B=$(add_evidence image "$TMP/cut700000000.raw")
expect_exit 0 --json analyze timeline
json_get "$TMP/out" '"\n".join(w for i in d["items"] for f in i["files"] for w in f.get("warnings", []))' >"$TMP/warnings"
expect_grep "cut830000000\.raw': NTFS volume at offset 0 \(sector 0\), shadow copy store 1: image offset [0-9]+ could not be read \(the image holds 830000000 bytes\)" "$TMP/warnings"
expect_no_grep "cut830000000\.raw'.*shadow copy store 2" "$TMP/warnings"
expect_grep "cut700000000\.raw': NTFS volume at offset 0 \(sector 0\): shadow copy catalog unreadable \(image offset 827719680 could not be read; the image holds 700000000 bytes\)" "$TMP/warnings"

# what could be read is stored: both stores of A listed, store 2 walked, the live volumes whole
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$A' AND source='vss'")
[ "$n" -eq 2 ] || fail "$A: $n stores listed, vshadowinfo lists 2"
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$A' AND source='fs' AND locator LIKE '%;vss_store=2;%'")
[ "$n" -gt 0 ] || fail "$A: store 2 not walked"
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$B' AND source='vss'")
[ "$n" -eq 0 ] || fail "$B: stores listed from an unreadable catalog"
test_count=$((test_count + 3))
for id in "$A" "$B"; do
	f=$(sqlite3 case.db "SELECT path FROM evidence_files WHERE evidence_id='$id'")
	want=$(fls -r "$f" | wc -l)
	got=$(sqlite3 case.db "SELECT count(*) FROM fs_entries WHERE evidence_id='$id' AND fs_type='ntfs' AND name_kind=''")
	[ "$got" -eq "$want" ] || fail "$id: $got entries of the live volume, fls lists $want"
	test_count=$((test_count + 1))
done
done_testing
