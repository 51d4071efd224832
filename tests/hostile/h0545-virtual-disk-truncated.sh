#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Virtual disks cut short or renamed (class: inputs that hide loss). A
# sparse VMDK whose grains run past its end opens and libtsk's walk would
# skip what it cannot read without a word; a dynamic VHD without its footer,
# a VHDX cut inside its metadata, a flat extent shorter than its descriptor
# says, a monolithic sparse VMDK renamed after it was made (libvmdk would
# open the extent its descriptor names, another file). Each: `collect files`
# collects it but records no media hashes, warning with the file and the
# offset; `analyze timeline` marks it partial (exit 4) naming file and
# offset, never a clean result. The VHDX cut inside its metadata is refused
# by `collect files` itself (exit 4, nothing registered): whether it has a
# parent is written in the metadata that is gone, and a disk whose chain is
# unknown is not registered as whole (analyze/vdisk_vhdx.c, as h0784).
. "$LL_SRC_DIR/tests/cli/lib.sh"
need qemu-img mkfs.ext4 python3 sqlite3
new_case

mkdir -p "$TMP/tree/dir" "$TMP/v" "$TMP/flat"
head -c 2000000 /dev/urandom >"$TMP/tree/dir/big.bin"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/disk.raw" 6M
qemu-img convert -f raw -O vmdk "$TMP/disk.raw" "$TMP/v/cut.vmdk" || fail "qemu-img vmdk"
full=$(wc -c <"$TMP/v/cut.vmdk")
truncate -s $((full / 2)) "$TMP/v/cut.vmdk"
qemu-img convert -f raw -O vpc "$TMP/disk.raw" "$TMP/v/cut.vhd" || fail "qemu-img vpc"
truncate -s 1000000 "$TMP/v/cut.vhd"
qemu-img convert -f raw -O vhdx "$TMP/disk.raw" "$TMP/v/cut.vhdx" || fail "qemu-img vhdx"
truncate -s 3000000 "$TMP/v/cut.vhdx"
qemu-img convert -f raw -O vmdk -o subformat=monolithicFlat "$TMP/disk.raw" "$TMP/flat/f.vmdk" ||
	fail "qemu-img monolithicFlat"
truncate -s 3000000 "$TMP/flat/f-flat.vmdk"
qemu-img convert -f raw -O vmdk "$TMP/disk.raw" "$TMP/v/made.vmdk" || fail "qemu-img vmdk"
mv "$TMP/v/made.vmdk" "$TMP/v/renamed.vmdk"

# check NAME WHAT FILE...: collected without media hashes, read as partial, both naming NAME and WHAT
check() {
	name=$1 what=$2
	shift 2
	expect_exit 0 --json collect files "$@"
	id=$(json_get "$TMP/out" 'd["id"]')
	[ "$(json_get "$TMP/out" '"media" in d')" = False ] || fail "$name: media hashes recorded for a damaged disk"
	[ -z "$(sqlite3 case.db "SELECT md5 FROM evidence WHERE id='$id'")" ] || fail "$name: a media hash on the row"
	w=$(json_get "$TMP/out" '" ".join(d.get("warnings", []))')
	case $w in *"$name"*$what*) ;; *) fail "$name: collect's warning lacks '$name' and '$what': $w" ;; esac
	expect_exit 4 --json analyze timeline "$id"
	p=$(json_get "$TMP/out" '" ".join(p["reason"] + ": " + p["message"] for p in d["partial"])')
	case $p in *"$name"*$what*) ;; *) fail "$name: the partial entry lacks '$name' and '$what': $p" ;; esac
}

check cut.vmdk 'virtual offset [0-9]' "$TMP/v/cut.vmdk"
check cut.vhd 'offset 999488' "$TMP/v/cut.vhd"
expect_exit 4 collect files "$TMP/v/cut.vhdx"
expect_grep "vhdx image '$TMP/v/cut\.vhdx': its metadata region \(region table entry at offset 196656\) of 1048576 bytes at offset 3145728 is not within the file \(3000000 bytes\)" "$TMP/err"
[ "$(sqlite3 case.db "SELECT count(*) FROM evidence_files WHERE path LIKE '%cut.vhdx'")" = 0 ] ||
	fail "cut.vhdx: registered although refused"
test_count=$((test_count + 1))
check f-flat.vmdk "ends early, at offset 3000000" "$TMP/flat/f.vmdk" "$TMP/flat/f-flat.vmdk"
check renamed.vmdk "names its extent 'made.vmdk'" "$TMP/v/renamed.vmdk"

done_testing
