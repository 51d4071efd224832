# SPDX-License-Identifier: Apache-2.0
# Sourced after lib.sh and new_case by the hostile differencing-chain tests
# (h0780 qcow2, h0781 vmdk and vhd): makes $TMP/A.raw and $TMP/B.raw (two
# ext4 images of 6 MiB, their trees holding random files of other sizes)
# and defines
#   nothing_registered WHAT
#     fails unless the case still holds $ITEMS items and as many evidence
#     folders (ITEMS=0 to start; a test raises it when it registers one on
#     purpose): a refused chain leaves nothing behind
#   vdisk_missing_parent FORMAT KIND FIELD
#     a child disk (qemu-img's FORMAT) whose parent is gone: `collect files`
#     exits 3 naming the child (a KIND image), the parent's name, the FIELD
#     that holds it with its offset, and where it was looked for; nothing
#     registered
mkdir -p "$TMP/tree" "$TMP/miss"
head -c 200000 /dev/urandom >"$TMP/tree/r.bin"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/A.raw" 6M || fail "fixture: mkfs.ext4 A.raw"
head -c 2000000 /dev/urandom >"$TMP/tree/r.bin"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/B.raw" 6M || fail "fixture: mkfs.ext4 B.raw"
ITEMS=0

nothing_registered() {
	[ "$(sqlite3 case.db 'SELECT count(*) FROM evidence')" = "$ITEMS" ] || fail "$1: an item was registered"
	[ "$(ls evidence | wc -l)" = "$ITEMS" ] || fail "$1: an evidence folder was left"
}

vdisk_missing_parent() {
	(cd "$TMP/miss" && qemu-img convert -q -f raw -O "$1" ../A.raw "base.$1" &&
	 qemu-img create -q -f "$1" -b "base.$1" -F "$1" "child.$1" && rm "base.$1") || fail "fixture miss ($1)"
	expect_exit 3 collect files "$TMP/miss/child.$1"
	expect_grep "$2 image '$TMP/miss/child.$1' is a differencing disk: its parent 'base.$1' \($3, at offset [0-9]+\) is not found; looked for '$TMP/miss/base.$1'" "$TMP/err"
	nothing_registered "$1: missing parent"
}
