# SPDX-License-Identifier: Apache-2.0
# Sourced after lib.sh by the change journal's path tests (t2732, t2735):
# makes $TMP/n.raw, an NTFS image written by ntfs-3g (three deep, a renamed
# file, a deleted directory with its file), $TMP/fls (`fls -r -p` of it),
# $TMP/records (one journal record per listed file or directory: its real
# entry, sequence and parent from fls and istat, then three references that
# must not resolve: a reused parent, one past the MFT, a file as parent)
# and $TMP/J, that journal, written into the image as $Extend/$UsnJrnl:$J.
say "fixture: an NTFS image written by ntfs-3g, its journal"
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
