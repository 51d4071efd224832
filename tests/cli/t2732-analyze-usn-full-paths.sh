#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The change journal's full paths (issue #19): a USN record names its file
# and its parent directory's reference (MFT entry and sequence number); the
# image reader looks the parent up in the same file system's MFT, up to the
# root, and gives the event file_path = parent's path + "/" + name. The
# oracle: fls -r -p of the same image (and istat's sequence numbers). An
# NTFS image written by ntfs-3g (directories three deep, a renamed file, a
# deleted directory with its file) gets a journal whose records point at its
# real entries, plus references that must NOT resolve: a parent entry with
# another sequence number (reused), an entry past the MFT. Plaso's
# Windows-written journal (t2730's image): its records under the root
# resolve to "/name", the root's own records (name ".", itself as parent) to "/".
. "$(dirname "$0")/lib.sh"
need python3 sqlite3 mkntfs ntfs-3g ntfscp fls istat

. "$SRC/tests/cli/usn_paths_fixture.sh"

new_case
I=$(add_evidence image "$TMP/n.raw")
expect_exit 0 --json analyze timeline
sqlite3 -json case.db "SELECT message, attrs FROM events WHERE evidence_id='$I' AND source='usnjrnl' ORDER BY id" >"$TMP/got"
test_count=$((test_count + 1))
python3 - "$TMP/got" "$TMP/fls" "$TMP/records" <<'PY' || fail "the records' paths differ from fls -r -p"
import json, sys
got = json.load(open(sys.argv[1]))
fls = {}
for line in open(sys.argv[2], encoding="utf-8"):
    head, path = line.rstrip("\n").split("\t", 1)
    fls.setdefault(int(head.split()[-1].rstrip(":").split("-")[0]), "/" + path)
recs = [l.split(" ", 4) for l in open(sys.argv[3]).read().split("\n") if l]
assert len(got) == len(recs) >= 12, (len(got), len(recs))
ok = 0
for e, r in zip(got, recs):
    a = json.loads(e["attrs"])
    name = r[4]
    if name == "reused.txt":
        assert "file_path" not in a, a
        assert a["path_note"] == "parent entry %s reused (sequence %s, now %d)" % (
            r[2], r[3], int(r[3]) - 3), a
        assert "'reused.txt'" in e["message"], e["message"]
        continue
    if name == "nowhere.txt":
        assert "file_path" not in a, a
        assert a["path_note"] == "parent entry 40000 not readable in the MFT", a
        continue
    if name == "in-a-file.txt":
        assert "file_path" not in a, a
        assert a["path_note"] == "parent entry %s is not a directory" % r[2], a
        continue
    want = fls[int(r[0])]
    assert a["file_path"] == want, (a, want)
    assert "'%s'" % want in e["message"], e["message"]
    if want.startswith("/gone/"):   # its directory was deleted: TSK lists it, marked
        assert a["path_note"] == "through deleted directory entry %s (an orphan's path, as " \
            "the MFT still records it)" % r[2], a
    else:
        assert "path_note" not in a, a
    ok += 1
assert ok >= 10, ok
print("# %d paths equal fls -r -p's; a reused parent and one past the MFT not resolved" % ok)
PY

say "plaso's Windows-written journal in an NTFS image: records under the root resolve"
truncate -s 16M "$TMP/p.raw"
mkntfs -F -q -Q "$TMP/p.raw" >/dev/null 2>&1 || fail "fixture: mkntfs"
ntfscp "$TMP/p.raw" "$TMP/empty" '/$Extend/$UsnJrnl' >/dev/null 2>&1 || fail "fixture: ntfscp"
ntfscp -N '$J' "$TMP/p.raw" "$SRC/tests/data/usn/plaso_UsnJrnl.raw" '/$Extend/$UsnJrnl' >/dev/null 2>&1 ||
	fail "fixture: ntfscp -N \$J"
python3 "$SRC/tests/data/ntfs_usn_image.py" "$TMP/p.raw" >/dev/null || fail "fixture: ntfs_usn_image.py"
P=$(add_evidence image "$TMP/p.raw")
expect_exit 0 --json analyze timeline "$P"
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$P' AND source='usnjrnl'")
bad=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$P' AND source='usnjrnl'
	AND json_extract(attrs, '$.parent_ref') = '5-5'
	AND json_extract(attrs, '$.file_path') IS NOT (CASE json_extract(attrs, '$.name')
		WHEN '.' THEN '/' ELSE '/' || json_extract(attrs, '$.name') END)")
test_count=$((test_count + 1))
[ "$n" -gt 10 ] && [ "$bad" -eq 0 ] || fail "plaso's journal: $bad of $n records under the root without their path"

say "a loose \$J has no MFT: the name only, no note"
cp "$TMP/J" "$TMP/UsnJrnl_J"
L=$(add_evidence file "$TMP/UsnJrnl_J")
expect_exit 0 --json analyze timeline "$L" --usn-journal
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$L' AND source='usnjrnl'
	AND (json_extract(attrs, '$.file_path') IS NOT NULL OR json_extract(attrs, '$.path_note') IS NOT NULL)")
test_count=$((test_count + 1))
[ "$n" -eq 0 ] || fail "$n loose records with a path or note"
done_testing
