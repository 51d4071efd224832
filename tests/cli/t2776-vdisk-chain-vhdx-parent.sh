#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A differencing VHDX's parent found and checked as MS-VHDX links them:
#   a parent moved away is refused, naming what was looked for, and found
#   through --parent-dir (its view then B's, as fls on B lists);
#   a parent of the right name that is not the disk the child was made from
#   (base.vhdx made again from the same bytes: another DataWriteGuid) is
#   refused, at collection and when an item holding both is read, naming
#   the child's parent_linkage and the parent's DataWriteGuid, each as
#   vhdiinfo gives it (Parent identifier, Identifier); nothing registered.
. "$(dirname "$0")/lib.sh"
need qemu-img mkfs.ext4 debugfs fls vhdiinfo python3 sqlite3
new_case

mkdir -p "$TMP/tree" "$TMP/h" "$TMP/away" "$TMP/wrong"
head -c 300000 /dev/urandom >"$TMP/tree/big.bin"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/A.raw" 6M
cp "$TMP/A.raw" "$TMP/B.raw"
echo child >"$TMP/c.txt"
debugfs -w -R "write $TMP/c.txt child-only.txt" "$TMP/B.raw" >/dev/null 2>&1 || fail "debugfs write B"
qemu-img convert -f raw -O vhdx "$TMP/A.raw" "$TMP/away/base.vhdx" || fail "qemu-img vhdx"
python3 "$LL_SRC_DIR/tests/cli/vhdx_diff.py" "$TMP/away/base.vhdx" "$TMP/A.raw" "$TMP/B.raw" "$TMP/h/child.vhdx" >/dev/null ||
	fail "fixture: vhdx_diff.py"
fls -r -m / -i raw "$TMP/B.raw" >"$TMP/fls.body" || fail "fls on B"
ITEMS=0
nothing_registered() {
	[ "$(sqlite3 case.db 'SELECT count(*) FROM evidence')" = "$ITEMS" ] || fail "$1: an item was registered"
}

# 1. moved: refused, naming the locator's field, its offset and the places looked at
expect_exit 3 collect files "$TMP/h/child.vhdx"
expect_grep "vhdx image '$TMP/h/child.vhdx' is a differencing disk: its parent './base.vhdx' \(its relative_path, at offset [0-9]+\) is not found; looked for '$TMP/h/./base.vhdx', '$TMP/h/base.vhdx' \(--parent-dir DIR names another place\)" "$TMP/err"
nothing_registered "moved parent"
expect_exit 0 --json collect files "$TMP/h/child.vhdx" --parent-dir "$TMP/away"
ITEMS=1
id=$(json_get "$TMP/out" 'd["id"]')
names=$(json_get "$TMP/out" '" ".join(f["orig_path"].rsplit("/",1)[1] for f in d["files"])')
[ "$names" = "child.vhdx base.vhdx" ] || fail "--parent-dir: files collected: '$names'"
[ "$(json_get "$TMP/out" 'd["media"]["sha256"]')" = "$(sha256sum <"$TMP/B.raw" | cut -d' ' -f1)" ] ||
	fail "--parent-dir: the media is not B"
expect_exit 0 analyze timeline "$id"
expect_exit 0 timeline export --format bodyfile --evidence "$id" -o "$TMP/ours.body"
expect_same "$TMP/ours.body" "$TMP/fls.body" "--parent-dir: bodyfile differs from fls on B"

# 2. a parent of that name made again from the same bytes: another disk, refused
cp "$TMP/h/child.vhdx" "$TMP/wrong/"
qemu-img convert -f raw -O vhdx "$TMP/A.raw" "$TMP/wrong/base.vhdx" || fail "qemu-img vhdx (wrong)"
link=$(vhdiinfo "$TMP/wrong/child.vhdx" | sed -n 's/^[[:space:]]*Parent identifier[[:space:]]*: //p')
own=$(vhdiinfo "$TMP/wrong/base.vhdx" | sed -n 's/^[[:space:]]*Identifier[[:space:]]*: //p')
[ -n "$link" ] && [ -n "$own" ] && [ "$link" != "$own" ] || fail "fixture: vhdiinfo gives '$link' and '$own'"
expect_exit 4 collect files "$TMP/wrong/child.vhdx"
expect_grep "vhdx image '$TMP/wrong/child.vhdx': its parent_linkage \{$link\} \(offset [0-9]+\) is not the DataWriteGuid \{$own\} of '$TMP/wrong/./base.vhdx' \(its current header, offset (65568|131104)\)" "$TMP/err"
nothing_registered "wrong parent"
# an item of both files (a folder): grouped as a chain, its read refused by the same check
expect_exit 0 --json collect files "$TMP/wrong"
ITEMS=2
wid=$(json_get "$TMP/out" 'd["id"]')
expect_exit 4 --json analyze timeline "$wid"
cat "$TMP/out" "$TMP/err" >"$TMP/both"
expect_grep "its parent_linkage \{$link\} \(offset [0-9]+\) is not the DataWriteGuid \{$own\}" "$TMP/both"
n=$(sqlite3 case.db "SELECT count(*) FROM fs_volumes WHERE evidence_id='$wid'")
[ "$n" = 0 ] || fail "the wrong chain was walked ($n volumes)"

done_testing
