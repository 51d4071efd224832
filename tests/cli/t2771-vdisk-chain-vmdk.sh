#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A VMDK snapshot chain (issue #19 item 1): child.vmdk names mid.vmdk
# (parentFileNameHint, parentCID), mid names base.vmdk; each child holds
# only the grains qemu-io wrote into it (tests/cli/vdisk_child.py). `collect
# files child.vmdk` brings the chain as one item, child first, each file
# hashed as sha256sum says, the chain's order in the custody entry; the
# media hashes are `qemu-img convert -O raw child.vmdk`'s; `analyze timeline`
# reads the child's view through libvmdk's parent handles: its bodyfile
# equals `fls -m` on raw image B, and no layer is walked alone.
. "$(dirname "$0")/lib.sh"
need fls qemu-img qemu-io mkfs.ext4 debugfs md5sum sha1sum sha256sum python3 sqlite3
new_case
. "$(dirname "$0")/vdisk_chain_check.sh"

mkdir -p "$TMP/v"
vdisk_raw_base
vdisk_raw_add "$TMP/A.raw" "$TMP/M.raw" mid.txt middle
vdisk_raw_add "$TMP/M.raw" "$TMP/B.raw" child-only.txt child
vdisk_raw_rm "$TMP/B.raw" dir/a.txt

(cd "$TMP/v" &&
 qemu-img convert -f raw -O vmdk ../A.raw base.vmdk &&
 qemu-img create -q -f vmdk -b base.vmdk -F vmdk mid.vmdk &&
 python3 "$LL_SRC_DIR/tests/cli/vdisk_child.py" vmdk ../A.raw ../M.raw mid.vmdk >/dev/null &&
 qemu-img create -q -f vmdk -b mid.vmdk -F vmdk child.vmdk &&
 python3 "$LL_SRC_DIR/tests/cli/vdisk_child.py" vmdk ../M.raw ../B.raw child.vmdk >/dev/null) ||
	fail "fixture: the VMDK chain"
grep -aq 'parentFileNameHint="mid.vmdk"' "$TMP/v/child.vmdk" || fail "fixture: child names no mid.vmdk"
# the child holds only some grains: alone it is not B
[ "$(wc -c <"$TMP/v/child.vmdk")" -lt $(($(wc -c <"$TMP/B.raw") / 4)) ] || fail "fixture: the child holds every grain"
qemu-img convert -O raw "$TMP/v/child.vmdk" "$TMP/view.raw" || fail "qemu-img convert child"
cmp -s "$TMP/view.raw" "$TMP/B.raw" || fail "fixture: the child's view is not B"
WANT=$(vdisk_media_of vmdk "$TMP/view.raw")
vdisk_fls_oracle "$TMP/B.raw" "$TMP/fls.body"

vdisk_collect_check "$TMP/v" vmdk "child mid base"
vdisk_media_check "$WANT" "the child's view"
vdisk_custody_order "$id" parent_name "child.vmdk<mid.vmdk mid.vmdk<base.vmdk base.vmdk<None"
expect_exit 0 evidence verify "$id"

vdisk_walk_check "$id" "$TMP/fls.body" "the chain" 2
vdisk_one_volume "$id"

done_testing
