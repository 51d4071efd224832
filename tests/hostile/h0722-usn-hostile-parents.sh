#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Class: parent references the attacker writes into the change journal or
# the MFT, for the records' full paths (issue #19). A directory made its
# own descendant's child in the MFT (a loop: the walk up stops at 256
# directories and says so), a parent entry number past any MFT (2^48-1,
# sequence 65535), a file as parent ($MFT itself), the root with another
# sequence number, and names that would lie once joined ("x/y", ".", ".."):
# none gives a path, each says why in path_note; the image is still read
# whole and the good records still resolve (equal to fls -r -p).
. "$(dirname "$0")/../cli/lib.sh"
need python3 sqlite3 mkntfs ntfs-3g ntfscp fls istat
truncate -s 16M "$TMP/n.raw"
mkntfs -F -q -Q "$TMP/n.raw" >/dev/null 2>&1 || fail "fixture: mkntfs"
: >"$TMP/empty"
ntfscp "$TMP/n.raw" "$TMP/empty" '/$Extend/$UsnJrnl' >/dev/null 2>&1 || fail "fixture: ntfscp"
mkdir "$TMP/mnt"
ntfs-3g "$TMP/n.raw" "$TMP/mnt" || fail "fixture: ntfs-3g mount (FUSE)"
mkdir -p "$TMP/mnt/a/b/c" "$TMP/mnt/ok" || fail "fixture: mkdir"
umount "$TMP/mnt" || fusermount -u "$TMP/mnt" || fail "fixture: umount"
fls -r -p "$TMP/n.raw" >"$TMP/fls" || fail "fls"
ent() { awk -F'\t' -v p="$1" '$2 == p { n = split($1, a, " "); sub(":", "", a[n]); split(a[n], b, "-"); print b[1] }' "$TMP/fls"; }
A=$(ent a)
C=$(ent a/b/c)
OK=$(ent ok)
[ -n "$A" ] && [ -n "$C" ] && [ -n "$OK" ] || fail "fixture: fls lists no a, a/b/c or ok"
# the loop: a's parent is now c (sequence 1, as ntfs-3g made them)
python3 "$SRC/tests/data/ntfs_set_parent.py" "$TMP/n.raw" "$A" "$C" 1 || fail "fixture: ntfs_set_parent.py"
cat >"$TMP/records" <<EOF2
100 1 $C 1 looped.txt
100 1 281474976710655 65535 far.txt
100 1 0 1 in-mft.txt
100 1 5 4 root-reused.txt
100 1 $OK 1 x/y
100 1 $OK 1 .
100 1 $OK 1 ..
100 1 $OK 1 good.txt
EOF2
python3 "$SRC/tests/data/usn_records.py" "$TMP/J" <"$TMP/records" || fail "fixture: usn_records.py"
ntfscp -N '$J' "$TMP/n.raw" "$TMP/J" '/$Extend/$UsnJrnl' >/dev/null 2>&1 || fail "fixture: ntfscp -N \$J"
python3 "$SRC/tests/data/ntfs_usn_image.py" "$TMP/n.raw" >/dev/null || fail "fixture: ntfs_usn_image.py"

new_case
I=$(add_evidence image "$TMP/n.raw")
expect_exit 0 --json analyze timeline
sqlite3 -json case.db "SELECT attrs FROM events WHERE evidence_id='$I' AND source='usnjrnl' ORDER BY id" >"$TMP/got"
test_count=$((test_count + 1))
python3 - "$TMP/got" "$C" <<'PY' || fail "hostile parent references not refused as expected"
import json, sys
got = [json.loads(e["attrs"]) for e in json.load(open(sys.argv[1]))]
c = sys.argv[2]
want = {
    "looped.txt": "parent entry %s: no root within 256 directories (a loop)" % c,
    "far.txt": "parent entry 281474976710655 not readable in the MFT",
    "in-mft.txt": "parent entry 0 is not a directory",
    "root-reused.txt": "parent entry 5 reused (sequence 4, now 5)",
    "x/y": "the record's name is not an NTFS file name ('/', '.' or '..'); not joined to its parent's path",
    ".": "the record's name is not an NTFS file name ('/', '.' or '..'); not joined to its parent's path",
    "..": "the record's name is not an NTFS file name ('/', '.' or '..'); not joined to its parent's path",
}
assert len(got) == 8, len(got)
for a in got:
    if a["name"] == "good.txt":
        assert a.get("file_path") == "/ok/good.txt" and "path_note" not in a, a
        continue
    assert "file_path" not in a, a
    assert a.get("path_note") == want[a["name"]], (a, want[a["name"]])
print("# 7 hostile references refused with their reason; the good one resolved")
PY
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$I' AND source='fs' AND path = '/ok'")
test_count=$((test_count + 1))
[ "$n" -gt 0 ] || fail "the image's own entries are missing"
done_testing
