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
. "$(dirname "$0")/vdisk_chain_check.sh"

mkdir -p "$TMP/h"
vdisk_raw_base
vdisk_raw_add "$TMP/A.raw" "$TMP/B.raw" child-only.txt child
vdisk_raw_rm "$TMP/B.raw" dir/a.txt
# one sector inside big.bin changed, the next one left to the parent
vdisk_raw_sector_x "$TMP/B.raw"
qemu-img convert -f raw -O vhdx "$TMP/A.raw" "$TMP/h/base.vhdx" || fail "qemu-img vhdx"
python3 "$LL_SRC_DIR/tests/cli/vhdx_diff.py" "$TMP/h/base.vhdx" "$TMP/A.raw" "$TMP/B.raw" "$TMP/h/child.vhdx" >/dev/null ||
	fail "fixture: vhdx_diff.py"
vdisk_fls_oracle "$TMP/B.raw" "$TMP/fls.body"

# the oracles: vhdiinfo names the parent and links it by the parent's own identifier
vhdiinfo "$TMP/h/child.vhdx" >"$TMP/vhdiinfo.txt" || fail "vhdiinfo child.vhdx"
vhdiinfo "$TMP/h/base.vhdx" >"$TMP/vhdiinfo-base.txt" || fail "vhdiinfo base.vhdx"
expect_grep 'Disk type[[:space:]]+: Differential' "$TMP/vhdiinfo.txt"
expect_grep 'Parent filename[[:space:]]+: C:\\vms\\base.vhdx' "$TMP/vhdiinfo.txt"
pid=$(sed -n 's/^[[:space:]]*Identifier[[:space:]]*: //p' "$TMP/vhdiinfo-base.txt")
[ -n "$pid" ] || fail "vhdiinfo gives no identifier for base.vhdx"
expect_grep "Parent identifier[[:space:]]+: $pid" "$TMP/vhdiinfo.txt"
# libvhdi given the parent reads the child's view as B, sector by sector too
python3 "$LL_SRC_DIR/tests/cli/libvhdi_chain_read.py" "$TMP/h/child.vhdx" "$TMP/h/base.vhdx" "$TMP/B.raw" --sectors ||
	fail "libvhdi does not read the chain as B"
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
WANT=$(vdisk_media_of vhdx "$TMP/B.raw")

# 1. one item, child first, each file hashed, the media B's, the chain in the custody entry
vdisk_collect_check "$TMP/h" vhdx "child base"
vdisk_media_check "$WANT" "the child's view"
w=$(json_get "$TMP/out" '" ".join(d.get("warnings", []))')
[ -z "$w" ] || fail "warnings: $w"
vdisk_custody_order "$id" "format parent_name field" "child.vhdx<vhdx<./base.vhdx<relative_path base.vhdx<vhdx<None<None"
# each layer's own media: the child cannot be read alone (said so), the base alone is A
vdisk_layer_media_check "child.vhdx:True base.vhdx:$(sha256sum <"$TMP/A.raw" | cut -d' ' -f1)" "layers"
expect_exit 0 evidence verify "$id"

# 2. the walk is B, the parent read with the child, not alone
vdisk_walk_check "$id" "$TMP/fls.body" "the chain" 1
vdisk_one_volume "$id"

done_testing
