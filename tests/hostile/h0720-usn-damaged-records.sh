#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Class: damaged change journal records (issue #19 item 6). A $J whose
# records lie about their length (3, 2 GiB), their name's length (0xFFFE)
# or offset (past the record), their version (9), and that is cut short in
# its last record: each is a warning naming the file and the record's
# offset and one rejected record; the scan resumes at the next record, so
# every other record is an event (the generator's offsets are the oracle).
# Inside an NTFS image the warnings also name the image, the journal's path
# and inode. The analysis ends "rejected-records" (exit 4), nothing else lost.
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3 mkntfs ntfscp
python3 "$SRC/tests/data/make_usn_journal.py" "$TMP/d.J" --lead 4096 --files 30 \
	--damage 3,10:namelen,20:nameoff,30:version,40:huge --cut 9000 --offsets "$TMP/d.off" 2>/dev/null ||
	fail "make_usn_journal.py"
truncate -s 16M "$TMP/d.raw"
mkntfs -F -q -Q "$TMP/d.raw" >/dev/null 2>&1 || fail mkntfs
: >"$TMP/empty"
ntfscp "$TMP/d.raw" "$TMP/empty" '/$Extend/$UsnJrnl' >/dev/null 2>&1 || fail ntfscp
ntfscp -N '$J' "$TMP/d.raw" "$TMP/d.J" '/$Extend/$UsnJrnl' >/dev/null 2>&1 || fail "ntfscp -N"
python3 "$SRC/tests/data/ntfs_usn_image.py" "$TMP/d.raw" >"$TMP/inum" || fail "ntfs_usn_image.py"

new_case
L=$(add_evidence file "$TMP/d.J")
I=$(add_evidence image "$TMP/d.raw")
expect_exit 4 --json analyze timeline
cp "$TMP/out" "$TMP/tl.json"
json_get "$TMP/tl.json" '"\n".join(p["id"] + " " + p["reason"] for p in d["partial"])' >"$TMP/partial"
printf '%s rejected-records\n%s rejected-records\n' "$L" "$I" >"$TMP/partial.want"
expect_same "$TMP/partial.want" "$TMP/partial" "partial reasons"
json_get "$TMP/tl.json" '"\n".join(w for i in d["items"] for f in i["files"] for w in f.get("warnings", []))' >"$TMP/warnings"
off() { sed -n "$(($1 + 1))p" "$TMP/d.off"; }
inum=$(cat "$TMP/inum")
for w in "$(off 3): record length out of bounds \\(3\\)" \
	"$(off 10): file name length out of bounds \\(65534\\)" \
	"$(off 20): file name offset out of bounds \\(12288\\)" \
	"$(off 30): unknown major version \\(9\\)" \
	"$(off 40): record length out of bounds \\(2147483640\\)" \
	"$(off 50): record longer than the journal left \\(96\\)"; do
	expect_grep "^'evidence/$L/files/d\\.J': damaged USN record at offset $w; the scan resumes at the next record$" "$TMP/warnings"
	expect_grep "^'evidence/$I/d\\.raw' /\\\$Extend/\\\$UsnJrnl:\\\$J \\(part_offset=0, inode $inum-128-[0-9]+\\): damaged USN record at offset $w; the scan resumes" "$TMP/warnings"
done
# every record not damaged is an event, in both
for e in "$L" "$I"; do
	sqlite3 case.db "SELECT json_extract(attrs, '$.offset') FROM events WHERE evidence_id='$e' AND source='usnjrnl' ORDER BY 1" >"$TMP/got"
	awk 'NR != 4 && NR != 11 && NR != 21 && NR != 31 && NR != 41 && $1 < 8960' "$TMP/d.off" >"$TMP/want"
	expect_same "$TMP/want" "$TMP/got" "$e: the records kept"
	n=$(json_get "$TMP/tl.json" 'sum(f["rejected"] for i in d["items"] if i["id"] == "'"$e"'" for f in i["files"])')
	[ "$n" -eq 6 ] || fail "$e: $n rejected records, 6 damaged"
	test_count=$((test_count + 1))
done
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$I' AND source='fs'")
[ "$n" -gt 0 ] || fail "the image's file-system events are missing"
test_count=$((test_count + 1))
done_testing
