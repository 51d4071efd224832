#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A differencing VHDX (issue #19 item 1; qemu-img cannot make one: written
# by tests/cli/vhdx_diff.py, its sector bitmap holding only the sectors
# where raw image B differs from the parent's view A, one of them followed
# by a parent's sector in the same block): `collect files child.vhdx`
# brings its parent (named by its parent locator's relative_path
# ".\base.vhdx", linked by the parent's DataWriteGuid) as one item, child
# first, each file hashed; the media hashes are B's; `analyze timeline`
# walks B through libvhdi's parent support (file_set_parent_file): the
# bodyfile equals `fls -m` on B. Oracles: vhdiinfo (the parent's name and
# identifier, the parent's own identifier), libvhdi itself reading the
# chain as B (so this fails if libvhdi ever misreads it, as it misreads a
# differencing VHD: t2772), and fls on vhdimount's view where FUSE works.
# (dfvfs's ntfs-differential.vhdx pair is not in the stored copy of its
# test_data, so the pair is made here.)
. "$(dirname "$0")/lib.sh"
need qemu-img mkfs.ext4 debugfs fls vhdiinfo md5sum sha1sum sha256sum python3 sqlite3
new_case

mkdir -p "$TMP/tree/dir" "$TMP/h"
head -c 300000 /dev/urandom >"$TMP/tree/big.bin"
echo hello >"$TMP/tree/dir/a.txt"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/A.raw" 6M
cp "$TMP/A.raw" "$TMP/B.raw"
echo child >"$TMP/c.txt"
debugfs -w -R "write $TMP/c.txt child-only.txt" "$TMP/B.raw" >/dev/null 2>&1 || fail "debugfs write B"
debugfs -w -R "rm dir/a.txt" "$TMP/B.raw" >/dev/null 2>&1 || fail "debugfs rm B"
# one sector inside big.bin changed, the next one left to the parent
python3 - "$TMP/tree/big.bin" "$TMP/B.raw" <<'PY' || fail "fixture: a sector of big.bin"
import sys
data = open(sys.argv[1], "rb").read()
b = bytearray(open(sys.argv[2], "rb").read())
at = b.find(data[:4096])
assert at > 0 and at % 512 == 0
b[at:at + 512] = b"X" * 512
open(sys.argv[2], "wb").write(b)
PY
qemu-img convert -f raw -O vhdx "$TMP/A.raw" "$TMP/h/base.vhdx" || fail "qemu-img vhdx"
python3 "$LL_SRC_DIR/tests/cli/vhdx_diff.py" "$TMP/h/base.vhdx" "$TMP/A.raw" "$TMP/B.raw" "$TMP/h/child.vhdx" >/dev/null ||
	fail "fixture: vhdx_diff.py"
fls -r -m / -i raw "$TMP/B.raw" >"$TMP/fls.body" || fail "fls on B"
grep -q '|/child-only.txt|' "$TMP/fls.body" || fail "fixture: fls lists no /child-only.txt on B"

# the oracles: vhdiinfo names the parent and links it by the parent's own identifier
vhdiinfo "$TMP/h/child.vhdx" >"$TMP/vhdiinfo.txt" || fail "vhdiinfo child.vhdx"
vhdiinfo "$TMP/h/base.vhdx" >"$TMP/vhdiinfo-base.txt" || fail "vhdiinfo base.vhdx"
expect_grep 'Disk type[[:space:]]+: Differential' "$TMP/vhdiinfo.txt"
expect_grep 'Parent filename[[:space:]]+: C:\\vms\\base.vhdx' "$TMP/vhdiinfo.txt"
pid=$(sed -n 's/^[[:space:]]*Identifier[[:space:]]*: //p' "$TMP/vhdiinfo-base.txt")
[ -n "$pid" ] || fail "vhdiinfo gives no identifier for base.vhdx"
expect_grep "Parent identifier[[:space:]]+: $pid" "$TMP/vhdiinfo.txt"
# libvhdi given the parent reads the child's view as B, sector by sector too
python3 - "$TMP/h/child.vhdx" "$TMP/h/base.vhdx" "$TMP/B.raw" <<'PY' || fail "libvhdi does not read the chain as B"
import ctypes, sys
q = ctypes.CDLL("libvhdi.so.1")
q.libvhdi_file_read_buffer_at_offset.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_longlong, ctypes.c_void_p]
def op(p):
    f = ctypes.c_void_p(); e = ctypes.c_void_p()
    assert q.libvhdi_file_initialize(ctypes.byref(f), ctypes.byref(e)) == 1
    assert q.libvhdi_file_open(f, p.encode(), 1, ctypes.byref(e)) == 1
    return f
c, b = op(sys.argv[1]), op(sys.argv[2])
assert q.libvhdi_file_set_parent_file(c, b, ctypes.byref(ctypes.c_void_p())) == 1
want = open(sys.argv[3], "rb").read()
buf = ctypes.create_string_buffer(len(want))
assert q.libvhdi_file_read_buffer_at_offset(c, buf, len(want), 0, ctypes.byref(ctypes.c_void_p())) == len(want)
assert buf.raw == want
for at in range(0, len(want), 512):
    s = ctypes.create_string_buffer(512)
    q.libvhdi_file_read_buffer_at_offset(c, s, 512, at, ctypes.byref(ctypes.c_void_p()))
    assert s.raw == want[at:at + 512], at
PY
# and vhdimount's view of the chain (its last layer) lists what fls lists on B
if command -v vhdimount >/dev/null && [ -e /dev/fuse ] && mkdir -p "$TMP/mnt" &&
   vhdimount "$TMP/h/child.vhdx" "$TMP/mnt" >/dev/null 2>&1; then
	fls -r -m / -i raw "$TMP/mnt/vhdi2" >"$TMP/fls-fuse.body"
	st=$?
	fusermount -u "$TMP/mnt" 2>/dev/null || umount "$TMP/mnt" 2>/dev/null || true
	[ $st -eq 0 ] || fail "fls on vhdimount's view"
	expect_same "$TMP/fls-fuse.body" "$TMP/fls.body" "vhdimount's view of the chain is not B"
else
	say "SKIP (part): vhdimount cannot mount here (no FUSE); libvhdi's read above is the oracle"
fi
WANT="vhdx $(wc -c <"$TMP/B.raw") $(md5sum <"$TMP/B.raw" | cut -d' ' -f1) $(sha1sum <"$TMP/B.raw" | cut -d' ' -f1) $(sha256sum <"$TMP/B.raw" | cut -d' ' -f1)"

# 1. one item, child first, each file hashed, the media B's, the chain in the custody entry
expect_exit 0 --json collect files "$TMP/h/child.vhdx"
id=$(json_get "$TMP/out" 'd["id"]')
names=$(json_get "$TMP/out" '" ".join(f["orig_path"].rsplit("/",1)[1] for f in d["files"])')
[ "$names" = "child.vhdx base.vhdx" ] || fail "files collected: '$names'"
for f in child base; do
	want=$(sha256sum <"$TMP/h/$f.vhdx" | cut -d' ' -f1)
	row=$(sqlite3 case.db "SELECT sha256 FROM evidence_files WHERE evidence_id='$id' AND path LIKE '%/$f.vhdx'")
	[ "$row" = "$want" ] || fail "$f.vhdx: evidence_files holds '$row', sha256sum '$want'"
done
got=$(json_get "$TMP/out" '" ".join(str(d["media"][k]) for k in ("format","size","md5","sha1","sha256"))')
[ "$got" = "$WANT" ] || fail "media '$got', not the child's view '$WANT'"
w=$(json_get "$TMP/out" '" ".join(d.get("warnings", []))')
[ -z "$w" ] || fail "warnings: $w"
sqlite3 case.db "SELECT details FROM custody WHERE evidence_id='$id' AND action='collect'" >"$TMP/entry.json"
order=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=d["vdisk_chains"][0]
print(" ".join(l["path"].rsplit("/",1)[1]+"<"+str(l.get("format"))+"<"+str(l.get("parent_name"))+"<"+str(l.get("field")) for l in c["layers"]))' "$TMP/entry.json")
[ "$order" = "child.vhdx<vhdx<./base.vhdx<relative_path base.vhdx<vhdx<None<None" ] || fail "chain recorded as '$order'"
# each layer's own media: the child cannot be read alone (said so), the base alone is A
lm=$(json_get "$TMP/out" '" ".join(l["path"].rsplit("/",1)[1] + ":" + (l.get("sha256") or str(l["differencing"])) for l in d["layer_media"])')
[ "$lm" = "child.vhdx:True base.vhdx:$(sha256sum <"$TMP/A.raw" | cut -d' ' -f1)" ] || fail "layer media: '$lm'"
expect_exit 0 evidence verify "$id"

# 2. the walk is B, the parent read with the child, not alone
expect_exit 0 --json analyze timeline "$id"
w=$(json_get "$TMP/out" 'sum(len(f["warnings"]) for f in d["items"][0]["files"]) + len(d["partial"])')
[ "$w" -eq 0 ] || fail "$w warnings: $(cat "$TMP/out")"
n=$(json_get "$TMP/out" 'len([f for f in d["items"][0]["files"] if f.get("segment_of")])')
[ "$n" -eq 1 ] || fail "$n of 1 parent layer recorded as read with the child"
expect_exit 0 timeline export --format bodyfile --evidence "$id" -o "$TMP/ours.body"
expect_same "$TMP/ours.body" "$TMP/fls.body" "the chain's bodyfile differs from fls on B"
[ "$(sqlite3 case.db "SELECT count(*) FROM fs_volumes WHERE evidence_id='$id'")" = 1 ] ||
	fail "not one volume (a layer walked alone?)"

done_testing
