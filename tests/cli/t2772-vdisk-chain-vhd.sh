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
. "$(dirname "$0")/vdisk_chain_check.sh"

mkdir -p "$TMP/h"
vdisk_raw_base
vdisk_raw_add "$TMP/A.raw" "$TMP/B.raw" child-only.txt child
# and one sector inside big.bin's data changed, the next one left to the parent (never zeros)
vdisk_raw_sector_x "$TMP/B.raw"
qemu-img convert -f raw -O vpc -o force_size=on "$TMP/A.raw" "$TMP/h/base.vhd" || fail "qemu-img vpc"
python3 "$LL_SRC_DIR/tests/cli/vhd_diff.py" "$TMP/h/base.vhd" "$TMP/A.raw" "$TMP/B.raw" "$TMP/h/child.vhd" >/dev/null ||
	fail "fixture: vhd_diff.py"
WANT=$(vdisk_media_of vhd "$TMP/B.raw")
vdisk_fls_oracle "$TMP/B.raw" "$TMP/fls.body"
vhdiinfo "$TMP/h/child.vhd" >"$TMP/vhdiinfo.txt" || fail "vhdiinfo child.vhd"
expect_grep 'Disk type[[:space:]]+: Differential' "$TMP/vhdiinfo.txt"
expect_grep 'Parent filename[[:space:]]+: base.vhd' "$TMP/vhdiinfo.txt"

vdisk_collect_check "$TMP/h" vhd "child base"
vdisk_custody_order "$id" "parent_name field" "child.vhd<./base.vhd<relative parent locator (W2ru) base.vhd<None<None"
vdisk_media_check "$WANT" "the child's view B"
[ "$(json_get "$TMP/out" 'len(d.get("warnings", []))')" = 0 ] || fail "warnings: $(cat "$TMP/out")"
vdisk_layer_media_check "child.vhd:True base.vhd:$(sha256sum <"$TMP/A.raw" | cut -d' ' -f1)" "layers"
expect_exit 0 evidence verify "$id"

# the walk is the child's view: fls -m on B, one volume
vdisk_walk_check "$id" "$TMP/fls.body" "the chain"
vdisk_one_volume "$id"

# why lifeline reads the blocks itself: libvhdi given the parent reads some of
# the parent's sectors as zeros. A note only: when libvhdi is fixed this says so
lrc=0
python3 "$LL_SRC_DIR/tests/cli/libvhdi_chain_read.py" "$TMP/h/child.vhd" "$TMP/h/base.vhd" "$TMP/B.raw" || lrc=$?
case $lrc in
3) say "note: libvhdi $(vhdiinfo -V 2>/dev/null | head -n1 | tr -dc '0-9') given the parent misreads the chain (why analyze/vhd_blocks.c reads it)" ;;
0) say "note: libvhdi given the parent now reads the chain as B (lifeline's own reader is still used)" ;;
*) fail "the libvhdi check did not run (exit $lrc)" ;;
esac

done_testing
