#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `collect files` of a virtual disk records its media hashes (MD5, SHA-1,
# SHA-256 of the virtual disk's bytes, read through libvmdk/libvhdi in a
# check worker) on the item row and in the custody entry, as an acquired
# image's are: they equal md5sum/sha1sum/sha256sum of the raw image the disk
# was made from, whatever the container (VMDK sparse, VMDK descriptor with
# its flat extent, VHD dynamic and fixed, VHDX, QCOW2 through libqcow). Files that are not one
# virtual disk get none; `evidence verify` still passes.
. "$(dirname "$0")/lib.sh"
need qemu-img mkfs.ext4 md5sum sha1sum sha256sum python3 sqlite3
new_case

mkdir -p "$TMP/tree"
head -c 200000 /dev/urandom >"$TMP/tree/r.bin"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/disk.raw" 6M
MD5=$(md5sum <"$TMP/disk.raw" | cut -d' ' -f1)
SHA1=$(sha1sum <"$TMP/disk.raw" | cut -d' ' -f1)
SHA256=$(sha256sum <"$TMP/disk.raw" | cut -d' ' -f1)
SIZE=$(wc -c <"$TMP/disk.raw")

# check FORMAT FILE...: collected as one item whose media hashes are the raw image's
check() {
	fmt=$1
	shift
	expect_exit 0 --json collect files "$@"
	id=$(json_get "$TMP/out" 'd["id"]')
	got=$(json_get "$TMP/out" '" ".join(str(d["media"][k]) for k in ("format","size","md5","sha1","sha256"))')
	[ "$got" = "$fmt $SIZE $MD5 $SHA1 $SHA256" ] ||
		fail "$fmt: collect reports media '$got', not the raw image's '$fmt $SIZE $MD5 $SHA1 $SHA256'"
	row=$(sqlite3 case.db "SELECT media_size || ' ' || md5 || ' ' || sha1 || ' ' || sha256 FROM evidence WHERE id='$id'")
	[ "$row" = "$SIZE $MD5 $SHA1 $SHA256" ] || fail "$fmt: the item row holds '$row'"
	# the custody entry that closed the collection records them too
	led=$(sqlite3 case.db "SELECT details FROM custody WHERE evidence_id='$id' AND action='collect'")
	case $led in *"$SHA256"*) ;; *) fail "$fmt: the custody entry lacks the media SHA-256: $led" ;; esac
	expect_exit 0 evidence verify "$id"
}

mkdir "$TMP/v" "$TMP/flat"
qemu-img convert -f raw -O vmdk "$TMP/disk.raw" "$TMP/v/sparse.vmdk" || fail "qemu-img vmdk"
check vmdk "$TMP/v/sparse.vmdk"
qemu-img convert -f raw -O vmdk -o subformat=monolithicFlat "$TMP/disk.raw" "$TMP/flat/d.vmdk" ||
	fail "qemu-img monolithicFlat"
check vmdk "$TMP/flat/d-flat.vmdk" "$TMP/flat/d.vmdk"
# force_size: the virtual size is the raw image's, not rounded to a CHS geometry
qemu-img convert -f raw -O vpc -o force_size=on "$TMP/disk.raw" "$TMP/v/dyn.vhd" || fail "qemu-img vpc"
check vhd "$TMP/v/dyn.vhd"
qemu-img convert -f raw -O vpc -o subformat=fixed,force_size=on "$TMP/disk.raw" "$TMP/v/fixed.vhd" ||
	fail "qemu-img vpc fixed"
check vhd "$TMP/v/fixed.vhd"
qemu-img convert -f raw -O vhdx "$TMP/disk.raw" "$TMP/v/d.vhdx" || fail "qemu-img vhdx"
check vhdx "$TMP/v/d.vhdx"
qemu-img convert -f raw -O qcow2 "$TMP/disk.raw" "$TMP/v/d.qcow2" || fail "qemu-img qcow2"
check qcow "$TMP/v/d.qcow2"

# the row's media hash changed after the fact: the custody entry still knows
sqlite3 case.db "UPDATE evidence SET sha256='$(printf '%064d' 0)' WHERE id='$id'"
expect_exit 1 evidence verify "$id"
expect_grep 'media hashes' "$TMP/out"

# the hashes come from a check worker: this process maps none of the disk libraries
for f in "$TMP/v/sparse.vmdk" "$TMP/v/d.vhdx" "$TMP/v/d.qcow2"; do
	rm -f "$TMP/maps"
	LIFELINE_TEST_MAPS=$TMP/maps expect_exit 0 --json collect files "$f"
	[ "$(json_get "$TMP/out" 'd["media"]["sha256"]')" = "$SHA256" ] || fail "$f: no media hash"
	[ -s "$TMP/maps" ] || fail "collect files: no memory map written (LIFELINE_TEST_MAPS)"
	expect_grep 'libc\.so' "$TMP/maps"
	expect_no_grep 'lib(tsk|vmdk|vhdi|qcow|bfio)\.so' "$TMP/maps"
done

# two disks in one item are not one medium; a raw image is not a virtual disk
expect_exit 0 --json collect files "$TMP/v/dyn.vhd" "$TMP/v/d.vhdx"
[ "$(json_get "$TMP/out" '"media" in d')" = False ] || fail "two disks given one media hash"
id=$(json_get "$TMP/out" 'd["id"]')
[ -z "$(sqlite3 case.db "SELECT md5 FROM evidence WHERE id='$id'")" ] || fail "two disks: a media hash on the row"
expect_exit 0 --json collect files "$TMP/disk.raw"
[ "$(json_get "$TMP/out" '"media" in d')" = False ] || fail "a raw file given media hashes"

done_testing
