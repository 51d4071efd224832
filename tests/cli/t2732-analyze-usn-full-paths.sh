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

say "fixture: an NTFS image written by ntfs-3g"
truncate -s 16M "$TMP/n.raw"
mkntfs -F -q -Q "$TMP/n.raw" >/dev/null 2>&1 || fail "fixture: mkntfs"
# $Extend/$UsnJrnl made first, so that it takes no entry of the files below
: >"$TMP/empty"
ntfscp "$TMP/n.raw" "$TMP/empty" '/$Extend/$UsnJrnl' >/dev/null 2>&1 || fail "fixture: ntfscp"
mkdir "$TMP/mnt"
ntfs-3g "$TMP/n.raw" "$TMP/mnt" || fail "fixture: ntfs-3g mount (FUSE)"
m=$TMP/mnt
mkdir -p "$m/Users/alice/Documents" "$m/Data/projects/q3" "$m/gone" &&
	echo r >"$m/Users/alice/Documents/report.docx" && echo b >"$m/Data/projects/q3/budget.xlsx" &&
	echo t >"$m/Data/top.txt" && echo s >"$m/gone/secret.txt" && echo o >"$m/Data/old.txt" &&
	mv "$m/Data/old.txt" "$m/Data/projects/new.txt" && rm -r "$m/gone" ||
	fail "fixture: writing into the mounted image"
umount "$m" || fusermount -u "$m" || fail "fixture: umount"
fls -r -p "$TMP/n.raw" >"$TMP/fls" || fail "fls -r -p"

# the journal: one record per listed file or directory (its real entry,
# sequence and parent, from fls and istat), then the references that must
# not resolve
python3 - "$TMP/n.raw" "$TMP/fls" >"$TMP/records" <<'PY' || fail "fixture: the journal's records"
import re, subprocess, sys
img, fls = sys.argv[1], sys.argv[2]
seq = lambda e: int(re.search(r"Sequence: (\d+)", subprocess.run(["istat", img, str(e)],
                capture_output=True, text=True, check=True).stdout).group(1))
alloc = lambda e: "Not Allocated" not in subprocess.run(["istat", img, str(e)],
                capture_output=True, text=True, check=True).stdout
paths = {}
for line in open(fls, encoding="utf-8"):
    head, path = line.rstrip("\n").split("\t", 1)
    if "$" in path:
        continue
    paths[path] = int(head.split()[-1].rstrip(":").split("-")[0])
for path, e in paths.items():
    parent = paths.get(path.rsplit("/", 1)[0], 5) if "/" in path else 5
    # a deleted entry's sequence was raised on delete: its references carry one less
    s = seq(e) if alloc(e) else seq(e) - 1
    ps = 5 if parent == 5 else (seq(parent) if alloc(parent) else seq(parent) - 1)
    print(e, s, parent, ps, path.rsplit("/", 1)[-1])
d = paths["Data"]
print(paths["Data/top.txt"], 1, d, seq(d) + 3, "reused.txt")   # parent entry reused
print(paths["Data/top.txt"], 1, 40000, 1, "nowhere.txt")        # past the MFT
print(paths["Data/top.txt"], 1, paths["Data/top.txt"], 1, "in-a-file.txt")  # a file as parent
PY
python3 "$SRC/tests/data/usn_records.py" "$TMP/J" <"$TMP/records" || fail "fixture: usn_records.py"
ntfscp -N '$J' "$TMP/n.raw" "$TMP/J" '/$Extend/$UsnJrnl' >/dev/null 2>&1 || fail "fixture: ntfscp -N \$J"
python3 "$SRC/tests/data/ntfs_usn_image.py" "$TMP/n.raw" >/dev/null || fail "fixture: ntfs_usn_image.py"

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
