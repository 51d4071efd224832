#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Differencing VHDs whose block allocation table or header is made to
# mislead (class: inputs that hide loss): lifeline reads a differencing
# VHD's blocks itself (analyze/vhd_blocks.c), so every offset the child
# gives is checked against its size before a byte is read. Each child is
# collected with its parent, its media refused (no hashes) with a warning
# naming the file, the field and its offset, never read as other bytes:
#   a BAT entry past the end of the file; a block whose data runs into the
#   footer; a block whose bitmap lies in the footer; two blocks that
#   overlap; a block over the dynamic header; a block size that is not a
#   power of two, or too large; a table with fewer entries than the disk
#   needs, or larger than the file; a damaged dynamic header (checksum).
. "$LL_SRC_DIR/tests/cli/lib.sh"
need qemu-img mkfs.ext4 debugfs python3 sqlite3
new_case

mkdir -p "$TMP/tree" "$TMP/v"
head -c 300000 /dev/urandom >"$TMP/tree/r.bin"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/A.raw" 6M
cp "$TMP/A.raw" "$TMP/B.raw"
echo child >"$TMP/c.txt"
debugfs -w -R "write $TMP/c.txt child-only.txt" "$TMP/B.raw" >/dev/null 2>&1 || fail "debugfs write B"
qemu-img convert -q -f raw -O vpc -o force_size=on "$TMP/A.raw" "$TMP/v/base.vhd" || fail "qemu-img vpc"

# child NAME [vhd_diff.py options]: every one of the 3 blocks of 2 MiB written, laid out at
# sectors 6, 4103 and 8200 (offsets 3072, 2100736, 4198400); the footer at offset 6296064
child() {
	name=$1
	shift
	python3 "$LL_SRC_DIR/tests/cli/vhd_diff.py" --all-blocks "$@" "$TMP/v/base.vhd" "$TMP/A.raw" \
		"$TMP/B.raw" "$TMP/v/$name.vhd" >"$TMP/layout" || fail "fixture $name: vhd_diff.py"
}
child good
[ "$(tr '\n' ' ' <"$TMP/layout")" = "3 0 3072 1 2100736 2 4198400 " ] || fail "fixture: layout $(cat "$TMP/layout")"
[ "$(wc -c <"$TMP/v/good.vhd")" -eq 6296576 ] || fail "fixture: good.vhd is not 6296576 bytes"

# refused NAME PATTERN: collected (child and base), no media hashes, the warning matches PATTERN
refused() {
	expect_exit 0 --json collect files "$TMP/v/$1.vhd"
	names=$(json_get "$TMP/out" '" ".join(f["orig_path"].rsplit("/",1)[1] for f in d["files"])')
	[ "$names" = "$1.vhd base.vhd" ] || fail "$1: files collected '$names'"
	[ "$(json_get "$TMP/out" '"media" in d')" = False ] || fail "$1: media hashes recorded"
	json_get "$TMP/out" '"\n".join(d.get("warnings", []))' >"$TMP/w"
	expect_grep "vhd image '[^']*/$1.vhd': $2" "$TMP/w"
}

# the undamaged child is read (the checks refuse only what is wrong)
expect_exit 0 --json collect files "$TMP/v/good.vhd"
[ "$(json_get "$TMP/out" 'd["media"]["sha256"]')" = "$(sha256sum <"$TMP/B.raw" | cut -d' ' -f1)" ] ||
	fail "good: media is not B's"

# 1. a BAT entry past the end of the file; also refused by `analyze timeline`
child past --bat 1=0x7fffffff
refused past "its BAT entry 1 \(at offset 1540\) puts block 1's bitmap and data \(2097664 bytes\) at offset 1099511627264, past the end of its data \(its footer at offset 6296064\)"
id=$(json_get "$TMP/out" 'd["id"]')
expect_exit 4 --json analyze timeline "$id"
json_get "$TMP/out" '" ".join(p["message"] for p in d["partial"])' >"$TMP/p"
expect_grep "its BAT entry 1 \(at offset 1540\)" "$TMP/p"

# 2. the last block one sector later: its data runs 512 bytes into the footer
child intofooter --bat 2=8201
refused intofooter "its BAT entry 2 \(at offset 1544\) puts block 2's bitmap and data \(2097664 bytes\) at offset 4198912, past the end of its data \(its footer at offset 6296064\)"

# 3. a block whose bitmap is the footer
child bitmap --bat 2=12297
refused bitmap "its BAT entry 2 \(at offset 1544\) puts block 2's bitmap and data \(2097664 bytes\) at offset 6296064, past the end"

# 4. block 1 one sector before its place: over block 0's last sector
child overlap --bat 1=4102
refused overlap "its BAT entries 0 and 1 \(at offsets 1536 and 1540\) put blocks at offsets 3072 and 2100224 that overlap"

# 5. block 0 over the dynamic header
child header --bat 0=1
refused header "its BAT entry 0 \(at offset 1536\) puts a block at offset 512, over its dynamic header \(offsets 512 to 1536\)"

# 6-7. a block size that is not a power of two; one too large
child pow2 --block-size-field 3000000
refused pow2 "its block size 3000000 \(at offset 544\) is not a power of two from 512 bytes to 256 MiB"
child large --block-size-field 536870912
refused large "its block size 536870912 \(at offset 544\) is not a power of two from 512 bytes to 256 MiB"

# 8-9. a table with fewer entries than the disk's blocks; one larger than the file
child few --entries 2
refused few "its block allocation table holds 2 entries \(at offset 540\), its disk of 6291456 bytes needs 3"
child huge --entries 268435456
refused huge "its block allocation table \(268435456 entries at offset 1536, its header's table offset at offset 528\) runs past the end of its data \(its footer at offset 6296064\)"

# 10. a dynamic header changed after it was written (its checksum no longer matches)
child damaged
python3 - "$TMP/v/damaged.vhd" <<'PY' || fail "fixture damaged: edit"
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(512 + 100)
    f.write(b"\x01")
PY
refused damaged "its dynamic header's checksum \(at offset 548\) does not match its bytes"

done_testing
