#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A differencing VHDX's headers, region table and metadata table made to
# mislead (class: inputs that hide loss): the DataWriteGuid that links a
# child to its parent comes from the current header only (valid CRC-32C,
# then the higher sequence number), and every offset, length and count the
# tables give is checked before it is followed; each refusal names the
# file, the structure and its offset, and nothing is registered:
#   both headers' CRC-32C wrong; a parent whose header 1 (higher sequence,
#   another DataWriteGuid) fails its CRC-32C: header 2 links it, collected;
#   a parent whose header 1 is valid but one sequence number behind
#   header 2, with another DataWriteGuid: header 2 links it, collected;
#   a parent whose header 2 is damaged: header 1's DataWriteGuid is its
#   identity, refused as not the child's parent; both region tables' CRC-32C
#   wrong; a region table of 2^32-1 entries; a metadata region past the end;
#   a metadata table of 65535 entries; two metadata items overlapping; an
#   item past its region.
. "$LL_SRC_DIR/tests/cli/lib.sh"
need qemu-img mkfs.ext4 python3 sqlite3
new_case

mkdir -p "$TMP/d"
. "$LL_SRC_DIR/tests/cli/vhdx_fixture.sh"
# case NAME: a fresh pair in $TMP/NAME (child.vhdx, base.vhdx)
case_dir() {
	mkdir -p "$TMP/$1" && cp "$TMP/base.vhdx" "$TMP/$1/base.vhdx" &&
		python3 "$LL_SRC_DIR/tests/cli/vhdx_diff.py" "$TMP/$1/base.vhdx" "$TMP/A.raw" "$TMP/B.raw" \
			"$TMP/$1/child.vhdx" >/dev/null || fail "fixture $1"
}
# edit FILE PYTHON: the python runs with b (the file's bytearray), struct, crc32c, fix(off, len)
# (the CRC-32C at off+4 recomputed over len bytes)
edit() {
	python3 - "$1" "$LL_SRC_DIR/tests/cli" "$2" <<'PY' || fail "edit $1"
import struct, sys
sys.path.insert(0, sys.argv[2])
from vhdx_diff import crc32c
b = bytearray(open(sys.argv[1], "rb").read())
def fix(off, ln):
    struct.pack_into("<I", b, off + 4, 0)
    struct.pack_into("<I", b, off + 4, crc32c(b[off:off + ln]))
exec(sys.argv[3])
open(sys.argv[1], "wb").write(b)
PY
}
H1=65536 H2=131072 R1=196608 R2=262144 META=2097152

# 1. both headers' CRC-32C wrong
case_dir crc
edit "$TMP/crc/child.vhdx" "b[$H1 + 100] ^= 1; b[$H2 + 100] ^= 1"
expect_exit 4 collect files "$TMP/crc/child.vhdx"
expect_grep "vhdx image '$TMP/crc/child.vhdx': neither header is valid \(header at offset 65536: CRC-32C 0x[0-9a-f]{8} stored, 0x[0-9a-f]{8} computed; header at offset 131072: CRC-32C" "$TMP/err"
nothing_registered "headers' CRC"

# 2. the parent's header 1 claims a later sequence and another DataWriteGuid, its CRC-32C wrong:
#    header 2 is still current (the child's link holds)
case_dir stale
edit "$TMP/stale/base.vhdx" "
s = max(struct.unpack_from('<Q', b, o + 8)[0] for o in ($H1, $H2))
struct.pack_into('<Q', b, $H1 + 8, s + 1); b[$H1 + 32:$H1 + 48] = bytes(range(16)); fix($H1, 4096)
b[$H1 + 200] ^= 1"
expect_exit 0 --json collect files "$TMP/stale/child.vhdx"
ITEMS=$((ITEMS + 1))
[ "$(json_get "$TMP/out" 'len(d["files"])')" = 2 ] || fail "stale header: not the pair"

# 2b. the parent's header 1 valid, with another DataWriteGuid, one sequence number behind header 2:
#     header 2 is current (the child's link holds)
case_dir older
edit "$TMP/older/base.vhdx" "
s = max(struct.unpack_from('<Q', b, o + 8)[0] for o in ($H1, $H2))
struct.pack_into('<Q', b, $H2 + 8, s + 1); fix($H2, 4096)
struct.pack_into('<Q', b, $H1 + 8, s); b[$H1 + 32:$H1 + 48] = bytes(range(16)); fix($H1, 4096)"
expect_exit 0 --json collect files "$TMP/older/child.vhdx"
ITEMS=$((ITEMS + 1))
[ "$(json_get "$TMP/out" 'len(d["files"])')" = 2 ] || fail "older header: not the pair"

# 3. the parent's header 2 damaged: header 1, with its own DataWriteGuid, is current: not the child's parent
case_dir h2bad
edit "$TMP/h2bad/base.vhdx" "
s = max(struct.unpack_from('<Q', b, o + 8)[0] for o in ($H1, $H2))
b[$H1 + 32:$H1 + 48] = bytes(range(16)); struct.pack_into('<Q', b, $H1 + 8, s - 1); fix($H1, 4096)
b[$H2:$H2 + 4] = b'HEAD'"
expect_exit 4 collect files "$TMP/h2bad/child.vhdx"
expect_grep "its parent_linkage \{[0-9a-f-]{36}\} \(offset [0-9]+\) is not the DataWriteGuid \{03020100-0504-0706-0809-0a0b0c0d0e0f\} of '$TMP/h2bad/./base.vhdx' \(its current header, offset 65568\)" "$TMP/err"
nothing_registered "parent's header 2 damaged"

# 4. both region tables' CRC-32C wrong
case_dir regcrc
edit "$TMP/regcrc/child.vhdx" "b[$R1 + 60] ^= 1; b[$R2 + 60] ^= 1"
expect_exit 4 collect files "$TMP/regcrc/child.vhdx"
expect_grep "vhdx image '$TMP/regcrc/child.vhdx': neither region table is valid \(at offset 196608: CRC-32C 0x[0-9a-f]{8} stored, 0x[0-9a-f]{8} computed; at offset 262144: CRC-32C" "$TMP/err"
nothing_registered "region tables' CRC"

# 5. a region table of 2^32-1 entries (its CRC-32C right)
case_dir regn
edit "$TMP/regn/child.vhdx" "struct.pack_into('<I', b, $R1 + 8, 0xffffffff); fix($R1, 65536)"
expect_exit 4 collect files "$TMP/regn/child.vhdx"
expect_grep "vhdx image '$TMP/regn/child.vhdx': its region table at offset 196608 holds 4294967295 entries \(at most 2047\)" "$TMP/err"
nothing_registered "region entries"

# 6. the metadata region past the end of the file
case_dir regpast
edit "$TMP/regpast/child.vhdx" "
for o in ($R1, $R2):
    struct.pack_into('<Q', b, o + 16 + 32 + 16, 1 << 40); fix(o, 65536)"
expect_exit 4 collect files "$TMP/regpast/child.vhdx"
expect_grep "vhdx image '$TMP/regpast/child.vhdx': its metadata region \(region table entry at offset 196656\) of 1048576 bytes at offset 1099511627776 is not within the file" "$TMP/err"
nothing_registered "metadata region past the end"

# 7. a metadata table of 65535 entries
case_dir metan
edit "$TMP/metan/child.vhdx" "struct.pack_into('<H', b, $META + 10, 0xffff)"
expect_exit 4 collect files "$TMP/metan/child.vhdx"
expect_grep "vhdx image '$TMP/metan/child.vhdx': its metadata table at offset 2097152 holds 65535 entries \(at most 2047\)" "$TMP/err"
nothing_registered "metadata entries"

# 8. the disk size item laid over the file parameters
case_dir overlap
edit "$TMP/overlap/child.vhdx" "struct.pack_into('<I', b, $META + 64 + 16, 65536 + 4)"
expect_exit 4 collect files "$TMP/overlap/child.vhdx"
expect_grep "vhdx image '$TMP/overlap/child.vhdx': its metadata items \(table entries at offsets 2097184 and 2097216\) overlap" "$TMP/err"
nothing_registered "metadata items overlapping"

# 9. the parent locator item past its region
case_dir itempast
edit "$TMP/itempast/child.vhdx" "struct.pack_into('<I', b, $META + 32 + 5 * 32 + 16, 1048576 - 8)"
expect_exit 4 collect files "$TMP/itempast/child.vhdx"
expect_grep "vhdx image '$TMP/itempast/child.vhdx': its metadata item \(table entry at offset 2097344\) of [0-9]+ bytes at region offset 1048568 is not within the metadata region \(1048576 bytes at offset 2097152\)" "$TMP/err"
nothing_registered "metadata item past its region"

done_testing
