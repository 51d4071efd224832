#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Virtual disks received as files (`collect files`): a VMDK (monolithic
# sparse, and a descriptor with its flat extent as one item), a VHD (dynamic
# and fixed), a VHDX and a QCOW2 (through libqcow), made by qemu-img from one ext4 image, are read as
# their virtual disk (libtsk's image layer, libvmdk, libvhdi): the exports
# equal fls + mactime on the raw image they were made from, the item's
# reading names the format, and a VMDK's extent is read with its
# descriptor, not walked a second time as a raw image of its own.
. "$(dirname "$0")/lib.sh"
need fls mactime qemu-img mkfs.ext4 python3 sqlite3
new_case

mkdir -p "$TMP/tree/dir"
head -c 300000 /dev/urandom >"$TMP/tree/big.bin"
echo hello >"$TMP/tree/dir/a.txt"
touch -d '2021-03-04 05:06:07' "$TMP/tree/dir/a.txt"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/disk.raw" 6M
fls -r -m / -i raw "$TMP/disk.raw" >"$TMP/fls.body" || fail "fls on the raw image"
mactime -b "$TMP/fls.body" -d -y -z UTC >"$TMP/fls.csv"
grep -q '|/dir/a.txt|' "$TMP/fls.body" || fail "fixture: fls lists no /dir/a.txt"

# check ID FORMAT NFILES: item ID read as FORMAT, equal to fls on the raw image
check() {
	id=$1 fmt=$2 nfiles=$3
	expect_exit 0 --json analyze timeline "$id"
	expect_no_grep 'no reader recognises' "$TMP/out"
	w=$(json_get "$TMP/out" 'sum(len(f["warnings"]) for f in d["items"][0]["files"]) + len(d["partial"])')
	[ "$w" -eq 0 ] || fail "$id ($fmt): $w warnings"
	r=$(json_get "$TMP/out" '" ".join(sorted(set(f["reader"] for f in d["items"][0]["files"])))')
	[ "$r" = tsk ] || fail "$id ($fmt): read by '$r', not the image reader"
	n=$(json_get "$TMP/out" 'len([f for f in d["items"][0]["files"] if f.get("segment_of")])')
	[ "$n" -eq $((nfiles - 1)) ] || fail "$id ($fmt): $n of $((nfiles - 1)) extents recorded as read with the set"
	expect_exit 0 timeline export --format bodyfile --evidence "$id" -o "$TMP/ours.body"
	expect_exit 0 timeline export --format mactime --evidence "$id" -o "$TMP/ours.csv"
	expect_same "$TMP/ours.body" "$TMP/fls.body" "$id ($fmt): bodyfile differs from fls on the raw image"
	expect_same "$TMP/ours.csv" "$TMP/fls.csv" "$id ($fmt): mactime differs"
	[ "$(sqlite3 case.db "SELECT count(*) || ' ' || sum(entries) FROM fs_volumes WHERE evidence_id='$id'")" = \
	  "1 $(wc -l <"$TMP/fls.body")" ] || fail "$id ($fmt): not one volume with fls's entries"
	rm -f "$TMP/ours.body" "$TMP/ours.csv"
}

mkdir "$TMP/v"
qemu-img convert -f raw -O vmdk "$TMP/disk.raw" "$TMP/v/sparse.vmdk" || fail "qemu-img vmdk"
head -c 4 "$TMP/v/sparse.vmdk" | grep -q KDMV || fail "fixture: no KDMV"
E=$(add_evidence file "$TMP/v/sparse.vmdk")
check "$E" vmdk 1

mkdir "$TMP/flat"
qemu-img convert -f raw -O vmdk -o subformat=monolithicFlat "$TMP/disk.raw" "$TMP/flat/disk.vmdk" ||
	fail "qemu-img vmdk monolithicFlat"
[ -f "$TMP/flat/disk-flat.vmdk" ] || fail "fixture: no flat extent"
# the extent first on the command line: the descriptor still leads the set
E=$(add_evidence file "$TMP/flat/disk-flat.vmdk" "$TMP/flat/disk.vmdk")
check "$E" vmdk 2

qemu-img convert -f raw -O vpc "$TMP/disk.raw" "$TMP/v/dyn.vhd" || fail "qemu-img vpc"
E=$(add_evidence file "$TMP/v/dyn.vhd")
check "$E" vhd 1

qemu-img convert -f raw -O vpc -o subformat=fixed "$TMP/disk.raw" "$TMP/v/fixed.vhd" || fail "qemu-img vpc fixed"
E=$(add_evidence file "$TMP/v/fixed.vhd")
check "$E" vhd 1

qemu-img convert -f raw -O vhdx "$TMP/disk.raw" "$TMP/v/disk.vhdx" || fail "qemu-img vhdx"
E=$(add_evidence file "$TMP/v/disk.vhdx")
check "$E" vhdx 1

# QCOW2: libtsk has no reader of its own; libqcow's, given to libtsk as an external image
qemu-img convert -f raw -O qcow2 "$TMP/disk.raw" "$TMP/v/disk.qcow2" || fail "qemu-img qcow2"
E=$(add_evidence file "$TMP/v/disk.qcow2")
check "$E" qcow 1

done_testing
