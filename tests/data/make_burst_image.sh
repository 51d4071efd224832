#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Builds two ext4 images at test time with mkfs.ext4 -d (tests of the
# file-system detectors; docs/rules.md):
#   clean.img  DIRS x FILES patient records, written over about a week
#   burst.img  the same tree after an attack: ENC of the files rewritten and
#              renamed to NAME.EXT.locked over 6 minutes from 2024-03-10T02:00:00Z
#              (in-place encryption keeps the birth time), then RECOVER-FILES.txt
#              dropped in every directory at 02:06:00Z + the directory's index in s
# and their bodies (fls -r -m /) as clean.body and burst.body. The tree is
# written by python3 (a shell loop forks too much); debugfs sets ctime and
# crtime, which touch cannot.
# usage: make_burst_image.sh OUTDIR [DIRS FILES ENC]
# Exit 77 when a tool is missing (the caller skips), anything else non-zero
# is a broken fixture (the caller fails).
set -eu
PATH=$PATH:/usr/sbin:/sbin
for t in mkfs.ext4 debugfs fls python3; do
	command -v "$t" >/dev/null 2>&1 || { echo "needs $t" >&2; exit 77; }
done
out=$1
dirs=${2:-40}
files=${3:-100}
enc=${4:-3000}
mkdir -p "$out"
rm -rf "$out/clean" "$out/burst"
python3 - "$out" "$dirs" "$files" "$enc" <<'PY'
import os, sys
out, dirs, files, enc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
base, attack = 1709251200, 1710036000      # 2024-03-01T00:00Z, 2024-03-10T02:00Z
cmds = {"clean": [], "burst": []}
def put(img, rel, data, t, birth):
    p = os.path.join(out, img, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data)
    os.utime(p, (t, t))
    cmds[img].append("set_inode_field /%s ctime @%d" % (rel, t))
    cmds[img].append("set_inode_field /%s crtime @%d" % (rel, birth))
i = 0
for d in range(dirs):
    for _ in range(files):
        rel = "Patients/ward%02d/rec%05d.%s" % (d, i, ("docx", "pdf", "xlsx")[i % 3])
        t = base + i * 137
        put("clean", rel, b"patient record %d\n" % i, t, t)
        if i < enc:
            put("burst", rel + ".locked", os.urandom(64), attack + i * 360 // enc, t)
        else:
            put("burst", rel, b"patient record %d\n" % i, t, t)
        i += 1
for d in range(dirs):
    t = attack + 360 + d
    put("burst", "Patients/ward%02d/RECOVER-FILES.txt" % d,
        b"Your files are encrypted. Write to us.\n", t, t)
for img in cmds:
    with open(os.path.join(out, img + ".debugfs"), "w") as f:
        f.write("\n".join(cmds[img]) + "\n")
PY
for img in clean burst; do
	rm -f "$out/$img.img"
	mkfs.ext4 -q -F -N $((dirs * files + dirs + 200)) -d "$out/$img" "$out/$img.img" 32M
	debugfs -w -f "$out/$img.debugfs" "$out/$img.img" >/dev/null 2>&1
	fls -r -m / "$out/$img.img" >"$out/$img.body"
done
