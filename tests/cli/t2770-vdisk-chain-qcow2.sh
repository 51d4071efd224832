#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A differencing QCOW2 (issue #19 item 1): `collect files child.qcow2`
# brings its backing chain (child -> mid -> base, found next to it by the
# names each records) as ONE item, every layer's file hashed, the chain's
# order in the custody entry; the media hashes are the child's view, equal
# to `qemu-img convert -O raw child | sha256sum` (raw image B); `analyze
# timeline` walks the child's view through libqcow's parent support: the
# bodyfile equals `fls -m` on B, not on A (the base), and no layer is walked
# alone. --parent-dir finds a parent kept elsewhere.
. "$(dirname "$0")/lib.sh"
need fls mactime qemu-img mkfs.ext4 debugfs md5sum sha1sum sha256sum python3 sqlite3
new_case
. "$(dirname "$0")/vdisk_chain_check.sh"

# A: the base's view; M: A with a file added; B: M with a file removed and another added
mkdir -p "$TMP/q" "$TMP/away"
vdisk_raw_base
vdisk_raw_add "$TMP/A.raw" "$TMP/M.raw" mid.txt middle
vdisk_raw_add "$TMP/M.raw" "$TMP/B.raw" child-only.txt child
vdisk_raw_rm "$TMP/B.raw" dir/a.txt
cmp -s "$TMP/A.raw" "$TMP/B.raw" && fail "fixture: B equals A"

(cd "$TMP/q" &&
 qemu-img convert -f raw -O qcow2 ../A.raw base.qcow2 &&
 qemu-img convert -f raw -O qcow2 -o compat=0.10 -B base.qcow2 -F qcow2 ../M.raw mid.qcow2 &&
 qemu-img convert -f raw -O qcow2 -o compat=0.10 -B mid.qcow2 -F qcow2 ../B.raw child.qcow2) || fail "qemu-img chain"
qemu-img info --backing-chain "$TMP/q/child.qcow2" | grep -c '^image:' | grep -qx 3 || fail "fixture: not a chain of 3"
qemu-img convert -O raw "$TMP/q/child.qcow2" "$TMP/view.raw" || fail "qemu-img convert child"
cmp -s "$TMP/view.raw" "$TMP/B.raw" || fail "fixture: the child's view is not B"
WANT=$(vdisk_media_of qcow "$TMP/view.raw")

vdisk_fls_oracle "$TMP/B.raw" "$TMP/fls.body"
fls -r -m / -i raw "$TMP/A.raw" >"$TMP/flsA.body" || fail "fls on A"
cmp -s "$TMP/fls.body" "$TMP/flsA.body" && fail "fixture: A and B list the same"

# 1. collected as one item, child first, each layer hashed as sha256sum says
vdisk_collect_check "$TMP/q" qcow2 "child mid base"
vdisk_media_check "$WANT" "the child's view"
row=$(sqlite3 case.db "SELECT sha256 FROM evidence WHERE id='$id'")
[ "$row" = "${WANT##* }" ] || fail "the item row's media sha256 '$row'"
# the chain's order in the signed entry: child -> mid -> base, with the names each records
vdisk_custody_order "$id" parent_name "child.qcow2<mid.qcow2 mid.qcow2<base.qcow2 base.qcow2<None"
# each layer's own media: the differencing ones said so, the base read alone is A
vdisk_layer_media_check "child.qcow2:True mid.qcow2:True base.qcow2:$(sha256sum <"$TMP/A.raw" | cut -d' ' -f1)" "layers"
grep -q '"layer_media"' "$TMP/entry.json" || fail "the custody entry lacks layer_media"
expect_exit 0 evidence verify "$id"

# 2. the walk is the child's view (B), not the base's, each layer read once, with the child
vdisk_walk_check "$id" "$TMP/fls.body" "the chain" 2
vdisk_one_volume "$id"

# 3. a parent kept elsewhere: refused without --parent-dir, naming what was looked for; found with it
mv "$TMP/q/base.qcow2" "$TMP/away/"
expect_exit 3 collect files "$TMP/q/child.qcow2"
expect_grep "mid.qcow2' is a differencing disk: its parent 'base.qcow2'" "$TMP/err"
expect_grep "looked for '$TMP/q/base.qcow2'" "$TMP/err"
expect_exit 0 --json collect files "$TMP/q/child.qcow2" --parent-dir "$TMP/away"
id2=$(json_get "$TMP/out" 'd["id"]')
vdisk_media_check "$WANT" "--parent-dir"
expect_exit 0 analyze timeline "$id2"
vdisk_bodyfile_check "$id2" "$TMP/fls.body" "--parent-dir"

done_testing
