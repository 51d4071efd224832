#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The NTFS change journal (issue #19 items 6 and 7): $Extend/$UsnJrnl:$J of
# an NTFS image is read in place by the image reader, one event per record,
# and every record agrees with usnjls -l on the same image: version, file
# and parent references, USN, time to the nanosecond, reason flags, source
# info, security id, attributes, name. The locator
# part_offset=0;inode=<fls's inode of $J>;usn=<offset> points at the
# record's bytes (icat of that inode, at that offset, holds the same USN).
# Two journals: plaso's UsnJrnl.raw (written by Windows) and one made here
# (300,000 leading zeros, 40 files). The same $J as a loose file gives the
# same records with the locator usn=<offset>.
. "$(dirname "$0")/lib.sh"
need sqlite3 python3 usnjls fls icat mkntfs ntfscp

# mkimg NAME JOURNAL: an NTFS image whose $Extend/$UsnJrnl holds JOURNAL as $J
mkimg() {
	truncate -s 16M "$TMP/$1.raw"
	mkntfs -F -q -Q "$TMP/$1.raw" >/dev/null 2>&1 || fail "mkntfs $1"
	: >"$TMP/empty"
	ntfscp "$TMP/$1.raw" "$TMP/empty" '/$Extend/$UsnJrnl' >/dev/null 2>&1 || fail "ntfscp $1"
	ntfscp -N '$J' "$TMP/$1.raw" "$2" '/$Extend/$UsnJrnl' >/dev/null 2>&1 || fail "ntfscp -N \$J $1"
	python3 "$SRC/tests/data/ntfs_usn_image.py" "$TMP/$1.raw" >"$TMP/$1.inum" || fail "patching $1"
}
python3 "$SRC/tests/data/make_usn_journal.py" "$TMP/made.J" --lead 300000 --files 40 2>/dev/null ||
	fail "make_usn_journal.py"
mkimg plaso "$SRC/tests/data/usn/plaso_UsnJrnl.raw"
mkimg made "$TMP/made.J"

new_case
# check NAME ITEM: the item's usnjrnl events against usnjls -l and icat
check() {
	inum=$(cat "$TMP/$1.inum")
	TZ=UTC usnjls -l "$TMP/$1.raw" "$inum" >"$TMP/$1.usnjls" 2>"$TMP/$1.usnjls.err" || fail "usnjls $1"
	jinode=$(fls -r "$TMP/$1.raw" | awk -F'\t' '$2 ~ /\$UsnJrnl:\$J$/ { n = split($1, a, " "); sub(":", "", a[n]); print a[n] }')
	[ -n "$jinode" ] || fail "fls lists no \$UsnJrnl:\$J in $1"
	icat "$TMP/$1.raw" "$jinode" >"$TMP/$1.icat" || fail "icat $1"
	sqlite3 -json case.db "SELECT time_ns, locator, message, attrs, path FROM events WHERE evidence_id='$2' AND source='usnjrnl' ORDER BY json_extract(attrs, '$.usn')" >"$TMP/$1.got"
	test_count=$((test_count + 1))
	python3 - "$TMP/$1.usnjls" "$TMP/$1.got" "$TMP/$1.icat" "$jinode" <<'PY' || fail "$1: lifeline's records differ from usnjls"
import calendar, json, re, struct, sys
ref = [b for b in open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n\n") if b.strip()]
got = json.load(open(sys.argv[2])) if open(sys.argv[2]).read().strip() else []
raw = open(sys.argv[3], "rb").read()
inode = sys.argv[4]
assert len(ref) > 10, ("usnjls lists too few records", len(ref))
assert len(got) == len(ref), ("count", len(got), len(ref))
for r, e in zip(ref, got):
    f = dict(l.split(": ", 1) if ": " in l else (l.rstrip(":"), "") for l in r.split("\n"))
    a = json.loads(e["attrs"])
    m = re.match(r"Version: (\d+)\.(\d+) Length: (\d+)", r)
    assert int(m.group(1)) == a["version"], (r, a)
    assert f["Reference Number"] == a["file_ref"], (r, a)
    assert f["Parent Reference Number"] == a["parent_ref"], (r, a)
    assert int(f["Update Sequence Number"]) == a["usn"], (r, a)
    t = re.match(r"(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)\.(\d{9}) \(UTC\)", f["Time"])
    ns = calendar.timegm(tuple(int(t.group(i)) for i in range(1, 7))) * 10**9 + int(t.group(7))
    assert ns == e["time_ns"], (r, e["time_ns"])
    assert f["Reason"].strip() == a["reasons"], (r, a)
    assert f["Source Info"].strip() == a["source_infos"], (r, a)
    assert int(f["Security Id"]) == a["security_id"], (r, a)
    assert f["Attributes"].strip() == a["file_attribute_names"], (r, a)
    assert f["Name"] == a["name"], (r, a)
    assert e["path"] == "/$Extend/$UsnJrnl:$J", e["path"]
    assert e["locator"] == "part_offset=0;inode=%s;usn=%d" % (inode, a["offset"]), e["locator"]
    # the locator's bytes: the record there, with this USN and length
    off = a["offset"]
    length, major = struct.unpack_from("<IH", raw, off)
    assert length == int(m.group(3)) and major == a["version"], (off, length)
    assert struct.unpack_from("<Q", raw, off + 24)[0] == a["usn"], off
print("# %d records agree with usnjls -l; locators point at their bytes" % len(got))
PY
}
I1=$(add_evidence image "$TMP/plaso.raw")
I2=$(add_evidence image "$TMP/made.raw")
expect_exit 0 --json analyze timeline
check plaso "$I1"
check made "$I2"
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$I2' AND source='fs' AND path LIKE '/\$Extend/\$UsnJrnl%'")
[ "$n" -gt 0 ] || fail "the image's own file-system events are missing"
test_count=$((test_count + 1))

# the same journal as a loose file: its first record lies 300,000 bytes in,
# past the probe's 64 KiB, so it is read as one on --usn-journal's word only;
# then the same records, locator usn=<offset>
cp "$TMP/made.J" "$TMP/UsnJrnl_J"
I3=$(add_evidence file "$TMP/UsnJrnl_J")
expect_exit 4 --json analyze timeline "$I3"
expect_grep "UsnJrnl_J': no reader recognises this content" "$TMP/out"
expect_exit 0 --json analyze timeline "$I3" --usn-journal
# the image's records also carry their paths through its MFT (file_path, path_note: t2732)
sqlite3 case.db "SELECT time_ns, json_remove(attrs, '$.file_path', '$.path_note') FROM events WHERE evidence_id='$I2' AND source='usnjrnl' ORDER BY id" >"$TMP/in_image"
sqlite3 case.db "SELECT time_ns, attrs FROM events WHERE evidence_id='$I3' AND source='usnjrnl' ORDER BY id" >"$TMP/loose"
expect_same "$TMP/in_image" "$TMP/loose" "the loose \$J's records"
# plaso's journal loose: its first record is at offset 0, recognised by content
I4=$(add_evidence file "$SRC/tests/data/usn/plaso_UsnJrnl.raw")
expect_exit 0 --json analyze timeline "$I4"
[ "$(json_get "$TMP/out" '[f["reader"] for i in d["items"] for f in i["files"]]')" = "['usnjrnl']" ] ||
	fail "plaso's UsnJrnl.raw not read by the usnjrnl reader"
a=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$I1' AND source='usnjrnl'")
b=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$I4' AND source='usnjrnl'")
[ "$a" -eq "$b" ] || fail "plaso's journal: $b records loose, $a in the image"
test_count=$((test_count + 2))
# not a journal: refused even with --usn-journal
head -c 100000 /dev/zero >"$TMP/zeros.bin"
I5=$(add_evidence file "$TMP/zeros.bin")
expect_exit 4 --json analyze timeline "$I5" --usn-journal
expect_grep "zeros.bin': no USN record in its 100000 bytes; not a change journal" "$TMP/out"
bad=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$I3' AND source='usnjrnl' AND locator != 'usn=' || json_extract(attrs, '$.offset')")
[ "$bad" -eq 0 ] || fail "$bad loose records without their usn=<offset> locator"
test_count=$((test_count + 1))
done_testing
