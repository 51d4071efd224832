#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A differencing VHDX's parent locator made to mislead (class: inputs that
# hide loss): its key/value entries are the evidence's bytes, checked
# before they are followed, each refusal naming the file, what is wrong
# and its offset; nothing is registered:
#   a value past the locator's end; a value laid over another; a path that
#   is not UTF-16 (a lone surrogate); a path with a control byte; 65535
#   entries in a locator of a few hundred bytes; no parent_linkage; a
#   parent_linkage that is no GUID; a locator of another type; HasParent
#   without a locator. A locator naming the parent only by a path of the
#   suspect's machine (absolute_win32_path, or volume_path) is followed by
#   its last component next to the child, never opened as it is.
. "$LL_SRC_DIR/tests/cli/lib.sh"
need qemu-img mkfs.ext4 python3 sqlite3
new_case

. "$LL_SRC_DIR/tests/cli/vhdx_fixture.sh"
# case_dir NAME [vhdx_diff.py options]: a fresh pair in $TMP/NAME
case_dir() {
	d=$1
	shift
	mkdir -p "$TMP/$d" && cp "$TMP/base.vhdx" "$TMP/$d/base.vhdx" &&
		python3 "$LL_SRC_DIR/tests/cli/vhdx_diff.py" "$TMP/$d/base.vhdx" "$TMP/A.raw" "$TMP/B.raw" \
			"$TMP/$d/child.vhdx" "$@" >/dev/null || fail "fixture $d"
}
# edit FILE PYTHON: the python runs with b (the file's bytearray), struct, loc (the parent
# locator's offset) and e(i) (the offset of its key/value entry i: parent_linkage,
# relative_path, volume_path, absolute_win32_path, in that order)
edit() {
	python3 - "$1" "$2" <<'PY' || fail "edit $1"
import struct, sys
META = 2097152
b = bytearray(open(sys.argv[1], "rb").read())
loc = META + struct.unpack_from("<I", b, META + 32 + 5 * 32 + 16)[0]
def e(i):
    return loc + 20 + 12 * i
exec(sys.argv[2])
open(sys.argv[1], "wb").write(b)
PY
}
LOC=2162736

# 1. relative_path's value past the locator's end
case_dir past
edit "$TMP/past/child.vhdx" "struct.pack_into('<I', b, e(1) + 4, 0xfffffff0)"
expect_exit 4 collect files "$TMP/past/child.vhdx"
expect_grep "vhdx image '$TMP/past/child.vhdx': its parent locator entry at offset $((LOC + 32)) \(key 26 bytes at [0-9]+, value [0-9]+ bytes at 4294967280\) is not within its locator \([0-9]+ bytes at offset $LOC\)" "$TMP/err"
nothing_registered "value past the end"

# 2. relative_path's value laid over parent_linkage's
case_dir overlap
edit "$TMP/overlap/child.vhdx" "struct.pack_into('<I', b, e(1) + 4, struct.unpack_from('<I', b, e(0) + 4)[0] + 2)"
expect_exit 4 collect files "$TMP/overlap/child.vhdx"
expect_grep "vhdx image '$TMP/overlap/child.vhdx': its parent locator's keys and values overlap at offset [0-9]+ \(locator at offset $LOC\)" "$TMP/err"
nothing_registered "values overlapping"

# 3. relative_path not UTF-16: a lone high surrogate first
case_dir surrogate
edit "$TMP/surrogate/child.vhdx" "struct.pack_into('<H', b, loc + struct.unpack_from('<I', b, e(1) + 4)[0], 0xd800)"
expect_exit 4 collect files "$TMP/surrogate/child.vhdx"
expect_grep "vhdx image '$TMP/surrogate/child.vhdx': its relative_path at offset [0-9]+ is not UTF-16 \(a lone surrogate at byte 0\)" "$TMP/err"
nothing_registered "lone surrogate"

# 4. a control byte in the name
case_dir ctl --relative "$(printf '.\\ba\033se.vhdx')"
expect_exit 4 collect files "$TMP/ctl/child.vhdx"
expect_grep "vhdx image '$TMP/ctl/child.vhdx': its relative_path at offset [0-9]+ holds a control byte 0x1b at byte 4" "$TMP/err"
nothing_registered "control byte"

# 5. 65535 key/value entries said, a few hundred bytes held
case_dir count
edit "$TMP/count/child.vhdx" "struct.pack_into('<H', b, loc + 18, 0xffff)"
expect_exit 4 collect files "$TMP/count/child.vhdx"
expect_grep "vhdx image '$TMP/count/child.vhdx': its parent locator at offset $LOC says 65535 key/value entries \(12 bytes each after 20\), more than its [0-9]+ bytes" "$TMP/err"
nothing_registered "entry count"

# 6. no parent_linkage (its key renamed, same length), and one that is no GUID
case_dir nolink
edit "$TMP/nolink/child.vhdx" "k = loc + struct.unpack_from('<I', b, e(0))[0]; b[k:k + 2] = 'P'.encode('utf-16-le')"
expect_exit 4 collect files "$TMP/nolink/child.vhdx"
expect_grep "vhdx image '$TMP/nolink/child.vhdx': its parent locator \(offset $LOC\) has no parent_linkage" "$TMP/err"
case_dir badlink --linkage "{zzzzzzzz-0000-0000-0000-000000000000}"
expect_exit 4 collect files "$TMP/badlink/child.vhdx"
expect_grep "vhdx image '$TMP/badlink/child.vhdx': its parent locator \(offset [0-9]+\) has a parent_linkage that is not a GUID in braces" "$TMP/err"
nothing_registered "parent_linkage"

# 7. a locator of another type
case_dir type
edit "$TMP/type/child.vhdx" "b[loc] ^= 0xff"
expect_exit 4 collect files "$TMP/type/child.vhdx"
expect_grep "vhdx image '$TMP/type/child.vhdx': its parent locator at offset $LOC is of type \{b04aef48-d19e-4a81-b789-25b8e9445913\}, not a VHDX's \{b04aefb7-d19e-4a81-b789-25b8e9445913\}" "$TMP/err"
nothing_registered "locator type"

# 8. HasParent, no locator in the table (its entry count cut to 5)
case_dir noloc
edit "$TMP/noloc/child.vhdx" "struct.pack_into('<H', b, 2097152 + 10, 5)"
expect_exit 4 collect files "$TMP/noloc/child.vhdx"
expect_grep "vhdx image '$TMP/noloc/child.vhdx': its file parameters \(offset 2162688\) say it has a parent, its metadata table names no parent locator" "$TMP/err"
nothing_registered "no locator"

# 9. only a path of the suspect's machine: its last component, next to the child
case_dir absonly --no-relative --no-volume --absolute 'D:\Hyper-V\disks\base.vhdx'
case_dir volonly --no-relative --no-absolute
for d in absonly volonly; do
	expect_exit 0 --json collect files "$TMP/$d/child.vhdx"
	ITEMS=$((ITEMS + 1))
	names=$(json_get "$TMP/out" '" ".join(f["orig_path"].rsplit("/",1)[1] for f in d["files"])')
	[ "$names" = "child.vhdx base.vhdx" ] || fail "$d: files '$names'"
	sqlite3 case.db "SELECT details FROM custody WHERE action='collect' ORDER BY seq DESC LIMIT 1" >"$TMP/entry.json"
	python3 -c 'import json,sys; l=json.load(open(sys.argv[1]))["vdisk_chains"][0]["layers"][0]; print(l["parent_name"] + "|" + l["field"])' "$TMP/entry.json" >"$TMP/$d.txt"
done
[ "$(cat "$TMP/absonly.txt")" = "D:/Hyper-V/disks/base.vhdx|absolute_win32_path" ] ||
	fail "absolute_win32_path recorded as '$(cat "$TMP/absonly.txt")'"
[ "$(cat "$TMP/volonly.txt")" = "//?/Volume{5a1c3e3c-0000-0000-0000-100000000000}/vms/base.vhdx|volume_path" ] ||
	fail "volume_path recorded as '$(cat "$TMP/volonly.txt")'"
nothing_registered "suspect's paths"

done_testing
