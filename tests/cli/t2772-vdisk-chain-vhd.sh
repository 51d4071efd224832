#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A differencing VHD (disk type 4; qemu-img cannot make one: written by
# tests/cli/vhd_diff.py with W2ru/W2ku parent locators, its bitmaps holding
# only the sectors where raw image B differs from the parent's view A):
# `collect files child.vhd` brings its parent (named by its relative
# locator ".\base.vhd") as one item, child first, each file hashed, the
# chain in the custody entry; vhdiinfo (libvhdi) names the same parent.
# Its media is read by lifeline's own block reader (analyze/vhd_blocks.c):
# the media hashes are those of B.raw (sha256sum), the walk equals `fls -m`
# on B.raw, the base's own media is A.raw's. Why not libvhdi: libvhdi
# 20210425, given the parent, reads a parent's sector that follows a
# child's sector in a block as zeros; checked below through libvhdi itself
# and said as a note (the test does not depend on it: a fixed libvhdi
# passes too).
. "$(dirname "$0")/lib.sh"
need fls qemu-img mkfs.ext4 debugfs vhdiinfo md5sum sha1sum sha256sum python3 sqlite3
new_case

mkdir -p "$TMP/tree/dir" "$TMP/h"
head -c 300000 /dev/urandom >"$TMP/tree/big.bin"
echo hello >"$TMP/tree/dir/a.txt"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/A.raw" 6M
cp "$TMP/A.raw" "$TMP/B.raw"
echo child >"$TMP/c.txt"
debugfs -w -R "write $TMP/c.txt child-only.txt" "$TMP/B.raw" >/dev/null 2>&1 || fail "debugfs write B"
# and one sector inside big.bin's data changed, the next one left to the parent (never zeros)
python3 - "$TMP/tree/big.bin" "$TMP/B.raw" <<'PY' || fail "fixture: a sector of big.bin"
import sys
data = open(sys.argv[1], "rb").read()
b = bytearray(open(sys.argv[2], "rb").read())
at = b.find(data[:4096])
assert at > 0 and at % 512 == 0
b[at:at + 512] = b"X" * 512
open(sys.argv[2], "wb").write(b)
PY
qemu-img convert -f raw -O vpc -o force_size=on "$TMP/A.raw" "$TMP/h/base.vhd" || fail "qemu-img vpc"
python3 "$LL_SRC_DIR/tests/cli/vhd_diff.py" "$TMP/h/base.vhd" "$TMP/A.raw" "$TMP/B.raw" "$TMP/h/child.vhd" >/dev/null ||
	fail "fixture: vhd_diff.py"
SIZE=$(wc -c <"$TMP/B.raw")
WANT="vhd $SIZE $(md5sum <"$TMP/B.raw" | cut -d' ' -f1) $(sha1sum <"$TMP/B.raw" | cut -d' ' -f1) $(sha256sum <"$TMP/B.raw" | cut -d' ' -f1)"
fls -r -m / -i raw "$TMP/B.raw" >"$TMP/fls.body" || fail "fls on B"
grep -q '|/child-only.txt|' "$TMP/fls.body" || fail "fixture: fls lists no /child-only.txt on B"
vhdiinfo "$TMP/h/child.vhd" >"$TMP/vhdiinfo.txt" || fail "vhdiinfo child.vhd"
expect_grep 'Disk type[[:space:]]+: Differential' "$TMP/vhdiinfo.txt"
expect_grep 'Parent filename[[:space:]]+: base.vhd' "$TMP/vhdiinfo.txt"

expect_exit 0 --json collect files "$TMP/h/child.vhd"
id=$(json_get "$TMP/out" 'd["id"]')
names=$(json_get "$TMP/out" '" ".join(f["orig_path"].rsplit("/",1)[1] for f in d["files"])')
[ "$names" = "child.vhd base.vhd" ] || fail "files collected: '$names'"
for f in child base; do
	want=$(sha256sum <"$TMP/h/$f.vhd" | cut -d' ' -f1)
	row=$(sqlite3 case.db "SELECT sha256 FROM evidence_files WHERE evidence_id='$id' AND path LIKE '%/$f.vhd'")
	[ "$row" = "$want" ] || fail "$f.vhd: evidence_files holds '$row', sha256sum '$want'"
done
sqlite3 case.db "SELECT details FROM custody WHERE evidence_id='$id' AND action='collect'" >"$TMP/entry.json"
order=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=d["vdisk_chains"][0]
print(" ".join(l["path"].rsplit("/",1)[1]+"<"+str(l.get("parent_name"))+"<"+str(l.get("field")) for l in c["layers"]))' "$TMP/entry.json")
[ "$order" = "child.vhd<./base.vhd<relative parent locator (W2ru) base.vhd<None<None" ] || fail "chain recorded as '$order'"
got=$(json_get "$TMP/out" '" ".join(str(d["media"][k]) for k in ("format","size","md5","sha1","sha256"))')
[ "$got" = "$WANT" ] || fail "media '$got', not the child's view B '$WANT'"
[ "$(json_get "$TMP/out" 'len(d.get("warnings", []))')" = 0 ] || fail "warnings: $(cat "$TMP/out")"
lm=$(json_get "$TMP/out" '" ".join(l["path"].rsplit("/",1)[1] + ":" + (l.get("sha256") or str(l["differencing"])) for l in d["layer_media"])')
[ "$lm" = "child.vhd:True base.vhd:$(sha256sum <"$TMP/A.raw" | cut -d' ' -f1)" ] || fail "layer media: '$lm'"
expect_exit 0 evidence verify "$id"

# the walk is the child's view: fls -m on B, one volume
expect_exit 0 --json analyze timeline "$id"
w=$(json_get "$TMP/out" 'sum(len(f["warnings"]) for f in d["items"][0]["files"]) + len(d["partial"])')
[ "$w" -eq 0 ] || fail "$w warnings: $(cat "$TMP/out")"
expect_exit 0 timeline export --format bodyfile --evidence "$id" -o "$TMP/ours.body"
expect_same "$TMP/ours.body" "$TMP/fls.body" "the chain's bodyfile differs from fls on B"
[ "$(sqlite3 case.db "SELECT count(*) FROM fs_volumes WHERE evidence_id='$id'")" = 1 ] ||
	fail "not one volume (a layer walked alone?)"

# why lifeline reads the blocks itself: libvhdi given the parent reads some of
# the parent's sectors as zeros. A note only: when libvhdi is fixed this says so
lrc=0
python3 - "$TMP/h/child.vhd" "$TMP/h/base.vhd" "$TMP/B.raw" <<'PY' || lrc=$?
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
sys.exit(3 if buf.raw != want else 0)
PY
case $lrc in
3) say "note: libvhdi $(vhdiinfo -V 2>/dev/null | head -n1 | tr -dc '0-9') given the parent misreads the chain (why analyze/vhd_blocks.c reads it)" ;;
0) say "note: libvhdi given the parent now reads the chain as B (lifeline's own reader is still used)" ;;
*) fail "the libvhdi check did not run (exit $lrc)" ;;
esac

done_testing
