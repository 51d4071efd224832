#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Differencing VHDs read by lifeline's own block reader (analyze/vhd_blocks.c)
# beyond one layer over a dynamic disk (t2772):
#   a chain of 3 (child.vhd over mid.vhd, both differencing, over a dynamic
#   base.vhd), mid and child written with other block sizes, each changing
#   sectors inside the same blocks, so a sector comes from the child, the
#   middle layer or the base; the oracle is raw image B (sha256sum, fls -m);
#   and a differencing VHD over a FIXED VHD (qemu-img subformat=fixed), the
#   oracle raw image C.
. "$(dirname "$0")/lib.sh"
need fls qemu-img mkfs.ext4 debugfs md5sum sha1sum sha256sum python3 sqlite3
new_case
. "$(dirname "$0")/vdisk_chain_check.sh"

mkdir -p "$TMP/c3" "$TMP/fx"
vdisk_raw_base
vdisk_raw_add "$TMP/A.raw" "$TMP/M.raw" mid.txt middle
vdisk_raw_add "$TMP/M.raw" "$TMP/B.raw" child-only.txt child
vdisk_raw_rm "$TMP/B.raw" dir/a.txt
# inside big.bin's data: sector 0 the middle layer's, 1 the child's, 2 the base's,
# 3 the child's over the middle's: one block holds sectors of all three
python3 - "$TMP/tree/big.bin" "$TMP/M.raw" "$TMP/B.raw" <<'PY' || fail "fixture: big.bin's sectors"
import sys
data = open(sys.argv[1], "rb").read()
m = bytearray(open(sys.argv[2], "rb").read())
b = bytearray(open(sys.argv[3], "rb").read())
at = m.find(data[:4096])
assert at > 0 and at % 512 == 0 and b.find(data[:4096]) == at
for buf, s, c in ((m, 0, b"M"), (b, 0, b"M"), (b, 1, b"C"), (m, 3, b"m"), (b, 3, b"C")):
    buf[at + 512 * s:at + 512 * (s + 1)] = c * 512
open(sys.argv[2], "wb").write(m)
open(sys.argv[3], "wb").write(b)
PY
cmp -s "$TMP/M.raw" "$TMP/B.raw" && fail "fixture: B equals M"

qemu-img convert -f raw -O vpc -o force_size=on "$TMP/A.raw" "$TMP/c3/base.vhd" || fail "qemu-img vpc"
python3 "$LL_SRC_DIR/tests/cli/vhd_diff.py" --block 524288 "$TMP/c3/base.vhd" "$TMP/A.raw" "$TMP/M.raw" \
	"$TMP/c3/mid.vhd" >/dev/null || fail "fixture: mid.vhd"
python3 "$LL_SRC_DIR/tests/cli/vhd_diff.py" --block 4096 "$TMP/c3/mid.vhd" "$TMP/M.raw" "$TMP/B.raw" \
	"$TMP/c3/child.vhd" >/dev/null || fail "fixture: child.vhd"

# 1. the chain of 3: one item, child first; the media is B; the walk is fls on B
vdisk_fls_oracle "$TMP/B.raw" "$TMP/fls.body"
grep -q '|/mid.txt|' "$TMP/fls.body" || fail "fixture: fls on B lists no /mid.txt"
vdisk_collect_check "$TMP/c3" vhd "child mid base"
vdisk_media_check "$(vdisk_media_of vhd "$TMP/B.raw")" "chain of 3"
vdisk_layer_media_check "child.vhd:True mid.vhd:True base.vhd:$(sha256sum <"$TMP/A.raw" | cut -d' ' -f1)" "chain of 3"
expect_exit 0 evidence verify "$id"
vdisk_walk_check "$id" "$TMP/fls.body" "chain of 3"

# 2. the middle layer alone is its own chain of 2: M
expect_exit 0 --json collect files "$TMP/c3/mid.vhd"
vdisk_media_check "$(vdisk_media_of vhd "$TMP/M.raw")" "mid.vhd"

# 3. a child over a fixed VHD: C = A with a file added
vdisk_raw_add "$TMP/A.raw" "$TMP/C.raw" over-fixed.txt child
qemu-img convert -f raw -O vpc -o subformat=fixed,force_size=on "$TMP/A.raw" "$TMP/fx/fixed.vhd" ||
	fail "qemu-img vpc fixed"
[ "$(wc -c <"$TMP/fx/fixed.vhd")" -eq $(($(wc -c <"$TMP/A.raw") + 512)) ] || fail "fixture: not a fixed VHD"
python3 "$LL_SRC_DIR/tests/cli/vhd_diff.py" "$TMP/fx/fixed.vhd" "$TMP/A.raw" "$TMP/C.raw" \
	"$TMP/fx/child.vhd" >/dev/null || fail "fixture: child over fixed"
fls -r -m / -i raw "$TMP/C.raw" >"$TMP/flsC.body" || fail "fls on C"
vdisk_collect_check "$TMP/fx" vhd "child fixed"
vdisk_media_check "$(vdisk_media_of vhd "$TMP/C.raw")" "over fixed"
expect_exit 0 analyze timeline "$id"
vdisk_bodyfile_check "$id" "$TMP/flsC.body" "over fixed"

done_testing
