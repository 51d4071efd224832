#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Shadow copy and BitLocker metadata that lie (issue #19 items 2 and 3):
# - an 8 KiB volume with BitLocker's signature and no metadata: one
#   warning naming the file and offset 0, "BitLocker volume unreadable",
#   no event, exit 4, no crash;
# - an NTFS volume (mkntfs) whose VSS header at 0x1e00 points its catalog
#   at byte 0x7fffffff00, far past the 8 MiB image (vshadowinfo cannot
#   read it either): a warning naming the file, the volume and that image
#   offset; the NTFS volume itself walked whole, as fls lists it.
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3 mkntfs fls vshadowinfo
python3 - "$TMP/bde.img" <<'PY'
import sys
b = bytearray(8192)
b[0:3] = b"\xeb\x58\x90"; b[3:11] = b"-FVE-FS-"; b[11:13] = (512).to_bytes(2, "little"); b[13] = 8
b[510:512] = b"\x55\xaa"
open(sys.argv[1], "wb").write(bytes(b))
PY
truncate -s 8M "$TMP/ntfs.img"
mkntfs -q -F -s 512 -c 4096 "$TMP/ntfs.img" >/dev/null 2>&1 || fail "mkntfs"
python3 - "$TMP/ntfs.img" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[0x1e00:0x1e10] = bytes.fromhex("6b87083876c1484eb7ae04046e6cc752")  # the VSS identifier
b[0x1e10:0x1e14] = (1).to_bytes(4, "little")                         # version 1
b[0x1e14:0x1e18] = (1).to_bytes(4, "little")                         # volume header
b[0x1e30:0x1e38] = (0x7fffffff00).to_bytes(8, "little")              # catalog offset
open(p, "wb").write(bytes(b))
PY
if vshadowinfo "$TMP/ntfs.img" >"$TMP/vi" 2>&1; then fail "vshadowinfo read the lying catalog"; fi
expect_grep "unable to read catalog" "$TMP/vi"

new_case
A=$(add_evidence image "$TMP/bde.img")
N=$(add_evidence image "$TMP/ntfs.img")
expect_exit 4 --json analyze timeline
json_get "$TMP/out" '"\n".join(w for i in d["items"] for f in i["files"] for w in f.get("warnings", []))' >"$TMP/warnings"
expect_grep "bde\.img': image at offset 0 \(sector 0, BitLocker\): BitLocker volume unreadable" "$TMP/warnings"
n=$(grep -c "bde\.img'.*BitLocker" "$TMP/warnings")
[ "$n" -eq 1 ] || fail "the unreadable BitLocker volume is said $n times"
test_count=$((test_count + 1))
expect_grep "ntfs\.img': NTFS volume at offset 0 \(sector 0\): shadow copy catalog unreadable \(image offset 549755813632 could not be read; the image holds 8388608 bytes\)" "$TMP/warnings"
[ "$(sqlite3 case.db "SELECT count(*) FROM events WHERE source IN ('bde', 'vss')")" -eq 0 ] ||
	fail "an event from metadata that could not be read"
test_count=$((test_count + 1))
want=$(fls -r "$TMP/ntfs.img" | wc -l)
got=$(sqlite3 case.db "SELECT count(*) FROM fs_entries WHERE evidence_id='$N' AND name_kind=''")
[ "$got" -eq "$want" ] || fail "the NTFS volume: $got entries, fls lists $want"
test_count=$((test_count + 1))
done_testing
