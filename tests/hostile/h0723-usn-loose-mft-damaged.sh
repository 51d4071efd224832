#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Class: a damaged or forged loose $MFT beside a loose $J (issue #19): a
# directory's record with a torn sector (its last two bytes not the update
# sequence number), the last record cut short by the file's end, a parent
# loop (a directory made its own descendant's child), a parent entry past
# the end of the $MFT. None gives a path; each record's path_note names the
# $MFT and the offset; every record keeps its name and is stored; the good
# one still resolves, and the analysis is not failed. The records name
# real files of the volume (their entries, sequence numbers and names), so
# the check of the pairing by content (analyze/usn/mft_pair.h) takes the
# $MFT as the journal's own; their parents are the damaged ones.
. "$(dirname "$0")/../cli/lib.sh"
need python3 sqlite3 mkntfs ntfs-3g ntfscp fls icat istat
truncate -s 16M "$TMP/n.raw"
mkntfs -F -q -Q "$TMP/n.raw" >/dev/null 2>&1 || fail "fixture: mkntfs"
mkdir "$TMP/mnt"
ntfs-3g "$TMP/n.raw" "$TMP/mnt" || fail "fixture: ntfs-3g mount (FUSE)"
# the files before cut: its record is the $MFT's last, cut short below
mkdir -p "$TMP/mnt/a/b/c" "$TMP/mnt/ok" "$TMP/mnt/torn" &&
	for f in looped torn cut far good; do : >"$TMP/mnt/ok/$f.txt" || exit 1; done &&
	mkdir "$TMP/mnt/cut" || fail "fixture: mkdir"
umount "$TMP/mnt" || fusermount -u "$TMP/mnt" || fail "fixture: umount"
fls -r -p "$TMP/n.raw" >"$TMP/fls" || fail "fls"
ent() { awk -F'\t' -v p="$1" '$2 == p { n = split($1, a, " "); sub(":", "", a[n]); split(a[n], b, "-"); print b[1] }' "$TMP/fls"; }
A=$(ent a)
B=$(ent a/b)
C=$(ent a/b/c)
OK=$(ent ok)
T=$(ent torn)
K=$(ent cut)
[ -n "$A" ] && [ -n "$C" ] && [ -n "$OK" ] && [ -n "$T" ] && [ -n "$K" ] || fail "fixture: fls lists no a, a/b/c, ok, torn or cut"
# the loop: a's parent is now c
python3 "$SRC/tests/data/ntfs_set_parent.py" "$TMP/n.raw" "$A" "$C" 1 || fail "fixture: ntfs_set_parent.py"
mkdir "$TMP/x"
icat "$TMP/n.raw" 0 >"$TMP/x/\$MFT" || fail "icat \$MFT"
rsize=$(python3 -c 'import struct,sys; print(struct.unpack_from("<I", open(sys.argv[1],"rb").read(32), 0x1c)[0])' "$TMP/x/\$MFT")
# torn: the last two bytes of the record's second sector; cut: the file ends in the middle of cut's record
python3 - "$TMP/x/\$MFT" "$T" "$K" "$rsize" <<'PY' || fail "fixture: damaging the \$MFT"
import sys
p, t, k, rs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
with open(p, "r+b") as f:
    f.seek(t * rs + 1022)
    b = f.read(2)
    f.seek(t * rs + 1022)
    f.write(bytes([b[0] ^ 0xFF, b[1]]))
    f.truncate(k * rs + 512)
PY
# each record: a real file's entry and sequence number, its name, a damaged parent
for f in looped:$C torn:$T cut:$K far:40000 good:$OK; do
	e=$(ent "ok/${f%%:*}.txt")
	[ -n "$e" ] || fail "fixture: fls lists no ok/${f%%:*}.txt"
	echo "$e $(istat "$TMP/n.raw" "$e" | sed -n 's/^Entry: .* Sequence: \([0-9]*\).*/\1/p') ${f#*:} 1 ${f%%:*}.txt"
done >"$TMP/records"
python3 "$SRC/tests/data/usn_records.py" "$TMP/x/\$J" <"$TMP/records" || fail "fixture: usn_records.py"

new_case
L=$(add_evidence file "$TMP/x/\$MFT" "$TMP/x/\$J")
expect_exit 0 --json analyze timeline "$L"
cp "$TMP/out" "$TMP/run.json"
mft=$(sqlite3 case.db "SELECT path FROM evidence_files WHERE evidence_id='$L' AND path LIKE '%MFT'")
sqlite3 -json case.db "SELECT message, attrs FROM events WHERE evidence_id='$L' AND source='usnjrnl' ORDER BY id" >"$TMP/got"
test_count=$((test_count + 1))
python3 - "$TMP/got" "$mft" "$rsize" "$A" "$B" "$C" "$T" "$K" <<'PY' || fail "the damaged \$MFT's entries not named as expected"
import json, sys
got = json.load(open(sys.argv[1]))
mft, rs = sys.argv[2], int(sys.argv[3])
a, b, c, t, k = (int(x) for x in sys.argv[4:9])
size = k * rs + 512
assert [json.loads(e["attrs"])["name"] for e in got] == \
    ["looped.txt", "torn.txt", "cut.txt", "far.txt", "good.txt"], got
notes = {}
for e in got:
    x = json.loads(e["attrs"])
    assert x["name"] in e["message"], e  # the name kept, or its full path
    if x["name"] == "good.txt":
        assert x.get("file_path") == "/ok/good.txt" and "path_note" not in x, x
        continue
    assert "file_path" not in x, x
    notes[x["name"]] = x["path_note"]
loop = "parent entry %d: no root within 256 directories (a loop), in '%s' at offset " % (c, mft)
assert notes["looped.txt"].startswith(loop), notes
assert int(notes["looped.txt"][len(loop):]) in (a * rs, b * rs, c * rs), notes
assert notes["torn.txt"].startswith(
    "parent entry %d not readable in the MFT: '%s': $MFT record at offset %d: sector 1 fails "
    "its update sequence check (offset %d: " % (t, mft, t * rs, t * rs + 1022)), notes
assert notes["cut.txt"] == "parent entry %d not readable in the MFT: '%s': the record at offset " \
    "%d is cut short by the file's end (512 of its %d bytes)" % (k, mft, k * rs, rs), notes
assert notes["far.txt"] == "parent entry 40000 not readable in the MFT: entry 40000 would be at " \
    "offset %d, past the end of '%s' (%d bytes)" % (40000 * rs, mft, size), notes
print("# 4 damaged or forged entries named with file and offset; the good one resolved")
PY
n=$(json_get "$TMP/run.json" 'd["rejected"]')
p=$(json_get "$TMP/run.json" 'len(d["partial"])')
test_count=$((test_count + 1))
[ "$n" -eq 0 ] && [ "$p" -eq 0 ] || fail "$n records rejected, $p files partial"
done_testing
