# SPDX-License-Identifier: Apache-2.0
# Sourced after lib.sh and new_case by the hostile VHDX tests (h0784, h0785,
# h0786): makes $TMP/A.raw (an ext4 image), $TMP/B.raw (A with 8 bytes
# changed at 3000000: what a child's view differs by) and $TMP/base.vhdx
# (A as a VHDX, by qemu-img), and defines
#   nothing_registered WHAT
#     fails unless the case still holds $ITEMS items (ITEMS=0 to start;
#     a test raises it when it registers one on purpose)
mkdir -p "$TMP/tree"
head -c 200000 /dev/urandom >"$TMP/tree/r.bin"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/A.raw" 6M || fail "fixture: mkfs.ext4"
cp "$TMP/A.raw" "$TMP/B.raw"
printf 'XXXXXXXX' | dd of="$TMP/B.raw" bs=1 seek=3000000 conv=notrunc 2>/dev/null
qemu-img convert -f raw -O vhdx "$TMP/A.raw" "$TMP/base.vhdx" || fail "qemu-img vhdx"
ITEMS=0
nothing_registered() {
	[ "$(sqlite3 case.db 'SELECT count(*) FROM evidence')" = "$ITEMS" ] || fail "$1: an item was registered"
}
