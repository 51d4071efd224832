#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Differencing VHD chains made to mislead (class: inputs that hide loss;
# what evidence says of itself), read by lifeline's own block reader
# (analyze/vhd_blocks.c): each refused with the file and the place named,
# never read as another disk's bytes:
#   a parent replaced by another disk of the same name and size (the
#   child's recorded parent id is not its id); a chain of 3 whose middle
#   layer's table points past its end (the middle layer named); a parent
#   cut short (its footer gone); a child cut short; two children naming each
#   other, and one naming itself (loops: nothing collected).
. "$LL_SRC_DIR/tests/cli/lib.sh"
need qemu-img mkfs.ext4 debugfs python3 sqlite3
new_case

mkdir -p "$TMP/tree" "$TMP/swap" "$TMP/c3" "$TMP/cutp" "$TMP/cutc" "$TMP/loop" "$TMP/self"
head -c 300000 /dev/urandom >"$TMP/tree/r.bin"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/A.raw" 6M
cp "$TMP/A.raw" "$TMP/B.raw"
echo child >"$TMP/c.txt"
debugfs -w -R "write $TMP/c.txt child-only.txt" "$TMP/B.raw" >/dev/null 2>&1 || fail "debugfs write B"
VHD_DIFF="$LL_SRC_DIR/tests/cli/vhd_diff.py"
ITEMS=0

# refused DIR PATTERN: collected, no media hashes, the warning matches PATTERN
refused() {
	expect_exit 0 --json collect files "$TMP/$1/child.vhd"
	ITEMS=$((ITEMS + 1))
	[ "$(json_get "$TMP/out" '"media" in d')" = False ] || fail "$1: media hashes recorded"
	json_get "$TMP/out" '"\n".join(d.get("warnings", []))' >"$TMP/w"
	expect_grep "$2" "$TMP/w"
}

# 1. the parent replaced by another disk of the same name and size: another unique id
qemu-img convert -q -f raw -O vpc -o force_size=on "$TMP/A.raw" "$TMP/swap/base.vhd" || fail "qemu-img vpc"
python3 "$VHD_DIFF" "$TMP/swap/base.vhd" "$TMP/A.raw" "$TMP/B.raw" "$TMP/swap/child.vhd" >/dev/null ||
	fail "fixture swap"
qemu-img convert -q -f raw -O vpc -o force_size=on "$TMP/B.raw" "$TMP/swap/base.vhd" || fail "qemu-img vpc again"
refused swap "vhd image '[^']*/child.vhd': its dynamic header's parent unique id \(at offset 552\) is not the unique id of '[^']*/base.vhd' \(its footer at offset 68 of its last 512 bytes\): another disk than its parent"
id=$(json_get "$TMP/out" 'd["id"]')
expect_exit 4 --json analyze timeline "$id"
json_get "$TMP/out" '" ".join(p["message"] for p in d["partial"])' >"$TMP/p"
expect_grep "parent unique id \(at offset 552\)" "$TMP/p"

# 2. a chain of 3, the middle layer's BAT entry 0 past its end: the middle layer named
qemu-img convert -q -f raw -O vpc -o force_size=on "$TMP/A.raw" "$TMP/c3/base.vhd" || fail "qemu-img vpc c3"
python3 "$VHD_DIFF" --bat 0=0x7fffffff "$TMP/c3/base.vhd" "$TMP/A.raw" "$TMP/A.raw" "$TMP/c3/mid.vhd" >/dev/null ||
	fail "fixture c3 mid"
python3 "$VHD_DIFF" "$TMP/c3/mid.vhd" "$TMP/A.raw" "$TMP/B.raw" "$TMP/c3/child.vhd" >/dev/null || fail "fixture c3 child"
refused c3 "vhd image '[^']*/mid.vhd': its BAT entry 0 \(at offset 1536\) puts block 0's bitmap and data \(2097664 bytes\) at offset 1099511627264, past the end of its data"

# 3. the parent cut short: its footer gone
qemu-img convert -q -f raw -O vpc -o force_size=on "$TMP/A.raw" "$TMP/cutp/base.vhd" || fail "qemu-img vpc cutp"
python3 "$VHD_DIFF" "$TMP/cutp/base.vhd" "$TMP/A.raw" "$TMP/B.raw" "$TMP/cutp/child.vhd" >/dev/null || fail "fixture cutp"
truncate -s 1048576 "$TMP/cutp/base.vhd"
refused cutp "vhd image '[^']*/base.vhd': no footer \(\"conectix\"\) in its last 512 bytes \(1048576 bytes\)"

# 4. the child cut short: its copy of the footer at 0 still names its parent, its blocks are gone
qemu-img convert -q -f raw -O vpc -o force_size=on "$TMP/A.raw" "$TMP/cutc/base.vhd" || fail "qemu-img vpc cutc"
python3 "$VHD_DIFF" "$TMP/cutc/base.vhd" "$TMP/A.raw" "$TMP/B.raw" "$TMP/cutc/child.vhd" >/dev/null || fail "fixture cutc"
truncate -s 1048576 "$TMP/cutc/child.vhd"
refused cutc "vhd image '[^']*/child.vhd': no footer \(\"conectix\"\) in its last 512 bytes \(1048576 bytes\)"

# 5. a names b, b names a; and one naming itself: loops, nothing collected
qemu-img convert -q -f raw -O vpc -o force_size=on "$TMP/A.raw" "$TMP/A.vhd" || fail "qemu-img vpc loop"
for pair in a:b b:a; do
	python3 "$VHD_DIFF" --relative ".\\${pair#*:}.vhd" --absolute "C:\\vms\\${pair#*:}.vhd" --unicode "${pair#*:}.vhd" \
		"$TMP/A.vhd" "$TMP/A.raw" "$TMP/B.raw" "$TMP/loop/${pair%:*}.vhd" >/dev/null || fail "fixture loop $pair"
done
expect_exit 4 collect files "$TMP/loop/a.vhd"
expect_grep "vhd image '$TMP/loop/(\./)?b.vhd': its parent '\./a.vhd' \(found as '[^']*/a.vhd'\) is the chain's own layer '$TMP/loop/a.vhd': a loop; nothing collected" "$TMP/err"
python3 "$VHD_DIFF" --relative '.\child.vhd' "$TMP/A.vhd" "$TMP/A.raw" "$TMP/B.raw" "$TMP/self/child.vhd" >/dev/null ||
	fail "fixture self"
expect_exit 4 collect files "$TMP/self/child.vhd"
expect_grep "vhd image '$TMP/self/child.vhd': its parent '\./child.vhd' .*a loop; nothing collected" "$TMP/err"
[ "$(sqlite3 case.db 'SELECT count(*) FROM evidence')" = "$ITEMS" ] || fail "loops: an item was registered"

done_testing
