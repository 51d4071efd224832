#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# APFS containers (pools) built now with mkapfs, alone and in a GPT partition
# next to ext4, compared with `fls -r -m / -o SECTOR -B APSB` + mactime run on
# the same images; the locator finds the entry with `istat -B`; an
# encrypted-flagged volume, a damaged container and LVM2 labels are reported,
# not fatal.
. "$(dirname "$0")/lib.sh"
need fls mactime istat pstat mkapfs sfdisk mkfs.ext4 python3 sqlite3
new_case
HELPER=$SRC/tests/cli/apfs_link_private.py

# the APSB block of the first volume of the pool at sector $2 of $1
apsb() {
	pstat -o "$2" "$1" | sed -n 's/^|   APSB Block Number: //p' | head -1
}

# compare IMG SECTOR BLOCK ID: our exports of that pool volume against fls/mactime
compare() {
	fls -r -m / -o "$2" -B "$3" "$1" >"$TMP/fls.body" || fail "fls -B $3 on $1"
	mactime -b "$TMP/fls.body" -d -y -z UTC >"$TMP/fls.csv"
	expect_exit 0 timeline export --format bodyfile --evidence "$4" \
		--partition $(($2 * 512)) --pool-block "$3" -o "$TMP/ours.body"
	expect_exit 0 timeline export --format mactime --evidence "$4" \
		--partition $(($2 * 512)) --pool-block "$3" -o "$TMP/ours.csv"
	expect_same "$TMP/ours.body" "$TMP/fls.body" "$1 -B $3: bodyfile differs from fls"
	expect_same "$TMP/ours.csv" "$TMP/fls.csv" "$1 -B $3: mactime differs"
	rm -f "$TMP/ours.body" "$TMP/ours.csv"
}

# --- a container as the whole image ---
truncate -s 128M "$TMP/apfs.img"
mkapfs -L vol1 "$TMP/apfs.img" >"$TMP/mkapfs.log" 2>&1 ||
	{ cat "$TMP/mkapfs.log" >&2; fail "fixture: mkapfs failed"; }
cp "$TMP/apfs.img" "$TMP/empty.img"
python3 "$HELPER" "$TMP/apfs.img" 0 "$(apsb "$TMP/apfs.img" 0)" || fail "apfs helper"
B=$(apsb "$TMP/apfs.img" 0)
[ -n "$B" ] && [ "$B" -gt 0 ] || fail "no APSB block from pstat"
fls -r -m / -o 0 -B "$B" "$TMP/apfs.img" | grep -q '|/private-dir|' || fail "fixture: fls lists nothing"
A=$(add_evidence image "$TMP/apfs.img")
expect_exit 0 analyze timeline "$A"
expect_no_grep 'no file system' "$TMP/out"
compare "$TMP/apfs.img" 0 "$B" "$A"
# the whole item exports the same (one file system: no name prefix)
expect_exit 0 timeline export --format bodyfile --evidence "$A" -o "$TMP/all.body"
expect_same "$TMP/all.body" "$TMP/fls.body" "item export differs from fls -B"
v=$(sqlite3 case.db "SELECT part_offset, pool_block, fs_type, part_desc, entries, error IS NULL FROM fs_volumes WHERE evidence_id='$A'")
[ "$v" = "0|$B|apfs|APFS volume 'vol1'|1|1" ] || fail "fs_volumes: $v"
loc=$(sqlite3 case.db "SELECT DISTINCT locator FROM events WHERE evidence_id='$A' AND path='/private-dir'")
[ "$loc" = "part_offset=0;pool_block=$B;inode=3" ] || fail "locator '$loc'"
# the locator is enough to find the entry with TSK
ino=${loc##*inode=}
istat -o 0 -B "$B" "$TMP/apfs.img" "$ino" | grep -q 'private-dir' || fail "istat -B $B $ino"
# the event filter of the pool volume keeps its events, another block none
expect_exit 0 timeline export --format csv --partition 0 --pool-block "$B" -o "$TMP/ev.csv"
[ "$(grep -c "pool_block=$B;inode=3" "$TMP/ev.csv")" -eq 4 ] || fail "csv --pool-block"
expect_exit 0 timeline export --format csv --partition 0 --pool-block $((B + 1)) -o "$TMP/ev2.csv"
[ "$(wc -l <"$TMP/ev2.csv")" -eq 1 ] || fail "csv of a block with no volume is not empty"
expect_exit 2 timeline export --format bodyfile --pool-block "$B"

# a fresh volume lists nothing, as fls: the volume is still recorded, read
Z=$(add_evidence image "$TMP/empty.img")
expect_exit 0 analyze timeline "$Z"
expect_no_grep 'no file system' "$TMP/out"
compare "$TMP/empty.img" 0 "$B" "$Z"
v=$(sqlite3 case.db "SELECT pool_block, fs_type, entries, error IS NULL FROM fs_volumes WHERE evidence_id='$Z'")
[ "$v" = "$B|apfs|0|1" ] || fail "empty volume: $v"

# --- GPT: an APFS partition and an ext4 partition ---
printf 'label: gpt\nstart=2048, size=262144, type=7C3457EF-0000-11AA-AA11-00306543ECAC\nstart=264192, size=8192, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4\n' >"$TMP/gpt.sfdisk"
truncate -s 140M "$TMP/disk.img"
sfdisk -q "$TMP/disk.img" <"$TMP/gpt.sfdisk" >/dev/null 2>&1 || fail "sfdisk"
dd if="$TMP/apfs.img" of="$TMP/disk.img" bs=1M seek=1 conv=notrunc,sparse status=none
mkdir -p "$TMP/tree"
echo hello >"$TMP/tree/a.txt"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/ext.img" 4M
dd if="$TMP/ext.img" of="$TMP/disk.img" bs=512 seek=264192 conv=notrunc,sparse status=none
rm -f "$TMP/empty.img" "$TMP/ext.img"
[ "$(apsb "$TMP/disk.img" 2048)" = "$B" ] || fail "fixture: no pool at sector 2048"
G=$(add_evidence image "$TMP/disk.img")
expect_exit 0 analyze timeline "$G"
compare "$TMP/disk.img" 2048 "$B" "$G"
# the ext4 partition, as before: part_offset alone, no pool block
fls -r -m / -o 264192 "$TMP/disk.img" >"$TMP/fls.body"
expect_exit 0 timeline export --format bodyfile --evidence "$G" --partition $((264192 * 512)) -o "$TMP/ext.body"
expect_same "$TMP/ext.body" "$TMP/fls.body" "ext4 partition differs from fls"
loc=$(sqlite3 case.db "SELECT locator FROM events WHERE evidence_id='$G' AND path='/a.txt' LIMIT 1")
[ "$loc" = "part_offset=$((264192 * 512));inode=12" ] || fail "ext4 locator '$loc'"
# both file systems in one export: names say which
expect_exit 0 timeline export --format bodyfile --evidence "$G" -o "$TMP/both.body"
expect_grep "^0\|$G@1048576:$B/private-dir\|3\|" "$TMP/both.body"
expect_grep "^0\|$G@$((264192 * 512))/a.txt\|" "$TMP/both.body"
expect_exit 0 timeline export --format mactime --evidence "$G" -o "$TMP/both.csv"
expect_grep ",\"$G@1048576:$B/private-dir\"\$" "$TMP/both.csv"
v=$(sqlite3 case.db "SELECT part_offset || ' ' || pool_block || ' ' || fs_type || ' ' || vs_type FROM fs_volumes WHERE evidence_id='$G' ORDER BY part_offset")
[ "$v" = "1048576 $B apfs gpt
$((264192 * 512)) 0 ext4 gpt" ] || fail "fs_volumes: $v"

# --- a volume flagged encrypted (hardware-assisted: the data are plain), as fls ---
python3 "$HELPER" --encrypted "$TMP/apfs.img" 0 "$B" || fail "apfs helper --encrypted"
pstat "$TMP/apfs.img" | grep -q 'Encrypted: Yes' || fail "fixture: not flagged encrypted"
C=$(add_evidence image "$TMP/apfs.img")
expect_exit 0 analyze timeline "$C"
compare "$TMP/apfs.img" 0 "$B" "$C"

# --- a damaged container: the first 64 KiB only ---
head -c 65536 "$TMP/apfs.img" >"$TMP/cut.img"
D=$(add_evidence image "$TMP/cut.img")
expect_exit 4 analyze timeline "$D"
expect_grep 'APFS container that libtsk .* could not open' "$TMP/out"
rm -f "$TMP/apfs.img" "$TMP/disk.img" "$TMP/cut.img"

# --- LVM2: named, with its offset, not "no file system" ---
lvm_label() { # FILE BYTE_OFFSET
	printf 'LABELONE\001\000\000\000\000\000\000\000\000\000\000\000\040\000\000\000LVM2 001' |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
truncate -s 1M "$TMP/pv.img"
lvm_label "$TMP/pv.img" 512
L=$(add_evidence image "$TMP/pv.img")
expect_exit 4 analyze timeline "$L"
expect_grep 'LVM2 physical volume \(label at byte 512\): libtsk .* without LVM support' "$TMP/out"
truncate -s 4M "$TMP/mbr.img"
printf 'label: dos\nstart=2048, size=4096, type=8e\n' | sfdisk -q "$TMP/mbr.img" >/dev/null 2>&1 || fail "sfdisk dos"
lvm_label "$TMP/mbr.img" $((2048 * 512 + 512))
M=$(add_evidence image "$TMP/mbr.img")
expect_exit 4 analyze timeline "$M"
expect_grep "partition at offset 1048576 .*LVM2 physical volume \\(label at byte $((2048 * 512 + 512))\\)" "$TMP/out"

done_testing
