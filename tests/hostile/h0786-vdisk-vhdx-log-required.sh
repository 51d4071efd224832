#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# VHDX whose tables cannot be trusted as they stand (class: inputs that hide
# loss). A current header with a LogGuid that is not zero has writes in its
# log not yet replayed into the BAT and metadata (MS-VHDX 2.2.2.1, 2.3.3);
# libvhdi does not replay it, so the disk would be read from stale tables.
# A metadata item marked IsRequired that is not one MS-VHDX defines is one
# a reader must fail on (2.6.1.2). Each is refused, naming the file, the
# offset and the GUID, nothing registered:
#   a plain VHDX (qemu-img) with a LogGuid: collection refused; registered
#   anyway as an image, analysis refuses it (partial, exit 4) and no
#   timeline row is read from it; a differencing VHDX with a LogGuid; a
#   differencing VHDX whose parent has one; a plain VHDX with an unknown
#   required metadata item. The same unknown item not required is
#   collected (the check is of the flag, not of the GUID alone), as is the
#   plain disk before any edit.
. "$LL_SRC_DIR/tests/cli/lib.sh"
need qemu-img mkfs.ext4 python3 sqlite3
new_case

mkdir -p "$TMP/plain" "$TMP/req" "$TMP/opt"
. "$LL_SRC_DIR/tests/cli/vhdx_fixture.sh"
# edit FILE PYTHON: the python runs with b (the file's bytearray), struct,
# fix(off, len) (the CRC-32C at off+4 recomputed over len bytes), cur (the
# current header's offset) and meta (the metadata table's offset)
edit() {
	python3 - "$1" "$LL_SRC_DIR/tests/cli" "$2" <<'PY' || fail "edit $1"
import struct, sys
sys.path.insert(0, sys.argv[2])
from vhdx_diff import crc32c, guid_bytes, METADATA_REGION
b = bytearray(open(sys.argv[1], "rb").read())
def fix(off, ln):
    struct.pack_into("<I", b, off + 4, 0)
    struct.pack_into("<I", b, off + 4, crc32c(b[off:off + ln]))
s1, s2 = (struct.unpack_from("<Q", b, o + 8)[0] for o in (65536, 131072))
cur = 65536 if s1 >= s2 else 131072
n = struct.unpack_from("<I", b, 196608 + 8)[0]
meta = [struct.unpack_from("<Q", b, 196608 + 16 + 32 * i + 16)[0] for i in range(n)
        if b[196608 + 16 + 32 * i:196608 + 32 + 32 * i] == guid_bytes(METADATA_REGION)][0]
exec(sys.argv[3])
open(sys.argv[1], "wb").write(b)
PY
}
LOG="b[cur + 48:cur + 64] = bytes(range(1, 17)); fix(cur, 4096); print(cur + 48)"
LOGGUID='\{04030201-0605-0807-090a-0b0c0d0e0f10\}'
# an item of a GUID nobody defines, after the others, 8 bytes in the region's free end
ITEM="
k = struct.unpack_from('<H', b, meta + 10)[0]
e = meta + 32 + 32 * k
b[e:e + 16] = bytes.fromhex('00112233445566778899aabbccddeeff')
struct.pack_into('<IIIxxxx', b, e + 16, 1048576 - 8, 8, FLAGS)
struct.pack_into('<H', b, meta + 10, k + 1)
print(e)"

# 0. the plain disk as qemu-img made it: collected (the fixture is sound)
cp "$TMP/base.vhdx" "$TMP/plain/ok.vhdx"
expect_exit 0 collect files "$TMP/plain/ok.vhdx"
ITEMS=$((ITEMS + 1))

# 1. a plain VHDX with a LogGuid in its current header: collection refused
cp "$TMP/base.vhdx" "$TMP/plain/log.vhdx"
at=$(edit "$TMP/plain/log.vhdx" "$LOG")
expect_exit 4 collect files "$TMP/plain/log.vhdx"
expect_grep "vhdx image '$TMP/plain/log.vhdx': its current header \(offset $at\) has LogGuid $LOGGUID: its log holds writes not replayed" "$TMP/err"
nothing_registered "plain VHDX with a log"

# 1b. the same disk registered by hand as an image: analysis refuses to read it
id=$(add_evidence image "$TMP/plain/log.vhdx")
ITEMS=$((ITEMS + 1))
expect_exit 4 --json analyze timeline "$id"
p=$(json_get "$TMP/out" '" ".join(p["reason"] + ": " + p["message"] for p in d["partial"])')
case $p in *"log.vhdx': its current header (offset $at) has LogGuid"*) ;;
*) fail "analysis of a VHDX with a log: the partial entry lacks the file, offset and LogGuid: $p" ;;
esac

# 2. a differencing VHDX with a LogGuid
mkdir -p "$TMP/diff"
cp "$TMP/base.vhdx" "$TMP/diff/base.vhdx"
python3 "$LL_SRC_DIR/tests/cli/vhdx_diff.py" "$TMP/diff/base.vhdx" "$TMP/A.raw" "$TMP/B.raw" \
	"$TMP/diff/child.vhdx" >/dev/null || fail "fixture diff"
cp -r "$TMP/diff" "$TMP/plog"
at=$(edit "$TMP/diff/child.vhdx" "$LOG")
expect_exit 4 collect files "$TMP/diff/child.vhdx"
expect_grep "vhdx image '$TMP/diff/child.vhdx': its current header \(offset $at\) has LogGuid $LOGGUID" "$TMP/err"
nothing_registered "differencing VHDX with a log"

# 3. a differencing VHDX whose parent has a LogGuid (the child links its DataWriteGuid, unchanged)
at=$(edit "$TMP/plog/base.vhdx" "$LOG")
expect_exit 4 collect files "$TMP/plog/child.vhdx"
expect_grep "vhdx image '$TMP/plog/./base.vhdx': its current header \(offset $at\) has LogGuid $LOGGUID" "$TMP/err"
nothing_registered "parent with a log"

# 4. an unknown metadata item marked IsRequired: refused
cp "$TMP/base.vhdx" "$TMP/req/req.vhdx"
at=$(edit "$TMP/req/req.vhdx" "FLAGS = 4$ITEM")
expect_exit 4 collect files "$TMP/req/req.vhdx"
expect_grep "vhdx image '$TMP/req/req.vhdx': its metadata item \{33221100-5544-7766-8899-aabbccddeeff\} \(table entry at offset $at\) is marked IsRequired" "$TMP/err"
nothing_registered "unknown required metadata item"

# 4b. the same item not required (IsUser only): a reader may skip it, collected
cp "$TMP/base.vhdx" "$TMP/opt/opt.vhdx"
edit "$TMP/opt/opt.vhdx" "FLAGS = 1$ITEM" >/dev/null
expect_exit 0 collect files "$TMP/opt/opt.vhdx"

done_testing
