#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A QCOW2 overlay grown past its backing file (`qemu-img resize` of the
# overlay; class: inputs that hide loss). qemu reads past the backing
# file's end as zeros (the oracle: `qemu-img convert -O raw` of the chain
# gives the overlay's size, zeros there, and what was written past it), but
# libqcow 20201213, given the smaller backing file, loops reading past its
# end and will not read the overlay without it. So the chain is refused,
# never read as another disk nor left to hang: `collect files` collects
# both files without media hashes, warning with both sizes and why;
# `analyze timeline` marks it partial (exit 4) with the same words, and
# does not walk the backing file alone.
. "$LL_SRC_DIR/tests/cli/lib.sh"
need qemu-img qemu-io mkfs.ext4 python3 sqlite3
new_case

mkdir -p "$TMP/tree" "$TMP/g"
head -c 300000 /dev/urandom >"$TMP/tree/r.bin"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/A.raw" 6M
(cd "$TMP/g" && qemu-img convert -q -f raw -O qcow2 ../A.raw base.qcow2 &&
 qemu-img create -q -f qcow2 -b base.qcow2 -F qcow2 child.qcow2 &&
 qemu-img resize -q child.qcow2 8M &&
 qemu-io -c "write -P 0x5a 7M 64k" child.qcow2 >/dev/null) || fail "fixture: the grown overlay"
# the oracle: qemu reads the chain, zeros between the backing file's end and what the overlay holds
qemu-img convert -O raw "$TMP/g/child.qcow2" "$TMP/view.raw" || fail "qemu-img convert the chain"
python3 - "$TMP/A.raw" "$TMP/view.raw" <<'PY' || fail "fixture: qemu's view is not A, zeros, then the overlay's bytes"
import sys
a, v = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
M = 1 << 20
assert len(v) == 8 * M and v[:6 * M] == a
assert v[6 * M:7 * M] == bytes(M) and v[7 * M:7 * M + 65536] == b"\x5a" * 65536
PY

WHY="holds 6291456 bytes, the disk 8388608: an overlay larger than its backing file \(grown by qemu-img resize; qemu reads past the backing file's end as zeros\) is not read: libqcow does not stop at a smaller backing file's end \(its read loops\)"
expect_exit 0 --json collect files "$TMP/g/child.qcow2"
id=$(json_get "$TMP/out" 'd["id"]')
[ "$(json_get "$TMP/out" 'len(d["files"])')" = 2 ] || fail "the backing file not collected with the overlay"
[ "$(json_get "$TMP/out" '"media" in d')" = False ] || fail "media hashes recorded for a chain not read"
json_get "$TMP/out" '"\n".join(d.get("warnings", []))' >"$TMP/w"
expect_grep "child\.qcow2': its backing file 'base\.qcow2' \([^)]*base\.qcow2\) $WHY" "$TMP/w"
expect_exit 4 --json analyze timeline "$id"
json_get "$TMP/out" '"\n".join(p["reason"] + ": " + p["message"] for p in d["partial"])' >"$TMP/p"
expect_grep "^refused: .*child\.qcow2.*$WHY" "$TMP/p"
[ "$(sqlite3 case.db "SELECT count(*) FROM fs_volumes WHERE evidence_id='$id'")" = 0 ] ||
	fail "a layer of the refused chain was walked"

done_testing
