#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# VMDK and VHD chains made to mislead (class: inputs that hide loss): the
# names and offsets a child records are evidence's bytes, checked before
# they are followed, each refusal naming the file, the field and its offset:
#   a VMDK child whose parent is missing; a VMDK naming a parent
#   (parentCID) without a parentFileNameHint; a VMDK parent of another
#   size (collected, not read: both sizes named); a VHD whose relative
#   parent locator points past the end of the file; a VHD locator with a
#   control byte in its name; a VHD found by its absolute W2ku locator's last
#   component when it has no relative one; a QCOW2 whose backing file is
#   raw (no disk of ours: refused, naming it).
. "$LL_SRC_DIR/tests/cli/lib.sh"
need qemu-img mkfs.ext4 python3 sqlite3
new_case

. "$LL_SRC_DIR/tests/cli/vdisk_chain_hostile_fixture.sh"
mkdir -p "$TMP/nohint" "$TMP/size" "$TMP/vhd"

# 1. a VMDK child whose parent is missing
vdisk_missing_parent vmdk vmdk "its parentFileNameHint"

# 2. parentCID without parentFileNameHint (the hint renamed in place, same length)
(cd "$TMP/nohint" && qemu-img convert -q -f raw -O vmdk ../A.raw base.vmdk &&
 qemu-img create -q -f vmdk -b base.vmdk -F vmdk child.vmdk) || fail "fixture nohint"
python3 - "$TMP/nohint/child.vmdk" <<'PY' || fail "fixture nohint: edit"
import sys
p = sys.argv[1]
b = open(p, "rb").read()
assert b.count(b"parentFileNameHint") == 1
open(p, "wb").write(b.replace(b"parentFileNameHint", b"parentFileNameXXXX"))
PY
expect_exit 4 collect files "$TMP/nohint/child.vmdk"
expect_grep "vmdk image '$TMP/nohint/child.vmdk': its descriptor \(offset [0-9]+\) names a parent \(parentCID\) but no parentFileNameHint" "$TMP/err"
nothing_registered "vmdk no hint"

# 3. a VMDK parent of another size: collected, not read
(cd "$TMP/size" && qemu-img convert -q -f raw -O vmdk ../A.raw base.vmdk &&
 qemu-img create -q -f vmdk -b base.vmdk -F vmdk child.vmdk 8M) || fail "fixture size"
expect_exit 0 --json collect files "$TMP/size/child.vmdk"
ITEMS=$((ITEMS + 1))
[ "$(json_get "$TMP/out" 'len(d["files"])')" = 2 ] || fail "vmdk size: the chain is not 2 files"
[ "$(json_get "$TMP/out" '"media" in d')" = False ] || fail "vmdk size: media hashes recorded"
w=$(json_get "$TMP/out" '" ".join(d.get("warnings", []))')
case $w in *"child.vmdk': its parent 'base.vmdk' "*"holds 6291456 bytes, the disk 8388608"*) ;;
*) fail "vmdk size: the warning does not name both sizes: $w" ;; esac

# 4-6. differencing VHDs written by vhd_diff.py with hostile locators
qemu-img convert -q -f raw -O vpc -o force_size=on "$TMP/A.raw" "$TMP/vhd/base.vhd" || fail "qemu-img vpc"
vhd() { python3 "$LL_SRC_DIR/tests/cli/vhd_diff.py" "$TMP/vhd/base.vhd" "$TMP/A.raw" "$TMP/B.raw" "$@" >/dev/null || fail "vhd_diff.py $*"; }

vhd "$TMP/vhd/past.vhd"
python3 - "$TMP/vhd/past.vhd" <<'PY' || fail "fixture past: edit"
import struct, sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
assert b[512 + 576:512 + 580] == b"W2ru"
struct.pack_into(">Q", b, 512 + 576 + 16, 1 << 40)   # the locator's data offset
open(p, "wb").write(b)
PY
expect_exit 4 collect files "$TMP/vhd/past.vhd"
expect_grep "vhd image '$TMP/vhd/past.vhd': its relative parent locator \(W2ru\) \(entry 0 at offset 1088\) of [0-9]+ bytes at offset 1099511627776 cannot be read" "$TMP/err"
nothing_registered "vhd locator past the end"

vhd "$TMP/vhd/ctl.vhd" --relative "$(printf '.\\ba\033se.vhd')"
expect_exit 4 collect files "$TMP/vhd/ctl.vhd"
expect_grep "vhd image '$TMP/vhd/ctl.vhd': its relative parent locator \(W2ru\) at offset [0-9]+ holds a control byte 0x1b at byte 4" "$TMP/err"
nothing_registered "vhd control byte"

vhd "$TMP/vhd/absonly.vhd" --relative "" --absolute 'D:\Hyper-V\disks\base.vhd'
expect_exit 0 --json collect files "$TMP/vhd/absonly.vhd"
ITEMS=$((ITEMS + 1))
names=$(json_get "$TMP/out" '" ".join(f["orig_path"].rsplit("/",1)[1] for f in d["files"])')
[ "$names" = "absonly.vhd base.vhd" ] || fail "vhd absolute locator: files '$names'"
sqlite3 case.db "SELECT details FROM custody WHERE action='collect' ORDER BY seq DESC LIMIT 1" >"$TMP/entry.json"
f=$(python3 -c 'import json,sys; l=json.load(open(sys.argv[1]))["vdisk_chains"][0]["layers"][0]; print(l["parent_name"] + "|" + l["field"])' "$TMP/entry.json")
[ "$f" = "D:/Hyper-V/disks/base.vhd|absolute parent locator (W2ku)" ] || fail "vhd absolute locator recorded as '$f'"

# 7. a raw backing file
mkdir -p "$TMP/raw"
cp "$TMP/A.raw" "$TMP/raw/base.img"
(cd "$TMP/raw" && qemu-img create -q -f qcow2 -b base.img -F raw child.qcow2) || fail "fixture raw"
expect_exit 4 collect files "$TMP/raw/child.qcow2"
expect_grep "'$TMP/raw/base.img', found as the parent of '$TMP/raw/child.qcow2', is not a QCOW, VMDK, VHD or VHDX disk" "$TMP/err"
nothing_registered "raw backing file"

done_testing
