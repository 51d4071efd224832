# SPDX-License-Identifier: Apache-2.0
# Sourced after lib.sh by the change journal's path tests (t2732, t2735):
# makes $TMP/n.raw, an NTFS image written by ntfs-3g (three deep, a renamed
# file, a deleted directory with its file), $TMP/fls (`fls -r -p` of it),
# $TMP/records (one journal record per listed file or directory: its real
# entry, sequence and parent from fls and istat, then three references that
# must not resolve: a reused parent, one past the MFT, a file as parent)
# and $TMP/J, that journal, written into the image as $Extend/$UsnJrnl:$J.
# Set usn_fx to make them in another folder than $TMP (a second volume,
# t2736) and usn_fx_tag to end every name of the tree with it (another
# volume's files at the same MFT entries).
fx=${usn_fx:-$TMP}
t=${usn_fx_tag:-}
say "fixture: an NTFS image written by ntfs-3g, its journal"
truncate -s 16M "$fx/n.raw"
mkntfs -F -q -Q "$fx/n.raw" >/dev/null 2>&1 || fail "fixture: mkntfs"
# $Extend/$UsnJrnl made first, so that it takes no entry of the files below
: >"$fx/empty"
ntfscp "$fx/n.raw" "$fx/empty" '/$Extend/$UsnJrnl' >/dev/null 2>&1 || fail "fixture: ntfscp"
mkdir "$fx/mnt"
ntfs-3g "$fx/n.raw" "$fx/mnt" || fail "fixture: ntfs-3g mount (FUSE)"
m=$fx/mnt
mkdir -p "$m/Users$t/alice$t/Documents$t" "$m/Data$t/projects$t/q3$t" "$m/gone$t" &&
	echo r >"$m/Users$t/alice$t/Documents$t/report$t.docx" &&
	echo b >"$m/Data$t/projects$t/q3$t/budget$t.xlsx" && echo t >"$m/Data$t/top$t.txt" &&
	echo s >"$m/gone$t/secret$t.txt" && echo o >"$m/Data$t/old$t.txt" &&
	mv "$m/Data$t/old$t.txt" "$m/Data$t/projects$t/new$t.txt" && rm -r "$m/gone$t" ||
	fail "fixture: writing into the mounted image"
umount "$m" || fusermount -u "$m" || fail "fixture: umount"
fls -r -p "$fx/n.raw" >"$fx/fls" || fail "fls -r -p"

# the journal: one record per listed file or directory (its real entry,
# sequence and parent, from fls and istat), then the references that must
# not resolve
python3 - "$fx/n.raw" "$fx/fls" "$t" >"$fx/records" <<'PY' || fail "fixture: the journal's records"
import re, subprocess, sys
img, fls, t = sys.argv[1], sys.argv[2], sys.argv[3]
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
d, top = paths["Data" + t], paths["Data%s/top%s.txt" % (t, t)]
print(top, 1, d, seq(d) + 3, "reused.txt")   # parent entry reused
print(top, 1, 40000, 1, "nowhere.txt")        # past the MFT
print(top, 1, top, 1, "in-a-file.txt")        # a file as parent
PY
python3 "$SRC/tests/data/usn_records.py" "$fx/J" <"$fx/records" || fail "fixture: usn_records.py"
ntfscp -N '$J' "$fx/n.raw" "$fx/J" '/$Extend/$UsnJrnl' >/dev/null 2>&1 || fail "fixture: ntfscp -N \$J"
python3 "$SRC/tests/data/ntfs_usn_image.py" "$fx/n.raw" >/dev/null || fail "fixture: ntfs_usn_image.py"
