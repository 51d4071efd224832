#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A VMDK snapshot chain (issue #19 item 1): child.vmdk names mid.vmdk
# (parentFileNameHint, parentCID), mid names base.vmdk; each child holds
# only the grains qemu-io wrote into it (tests/cli/vdisk_child.py). `collect
# files child.vmdk` brings the chain as one item, child first, each file
# hashed as sha256sum says, the chain's order in the custody entry; the
# media hashes are `qemu-img convert -O raw child.vmdk`'s; `analyze timeline`
# reads the child's view through libvmdk's parent handles: its bodyfile
# equals `fls -m` on raw image B, and no layer is walked alone.
. "$(dirname "$0")/lib.sh"
need fls qemu-img qemu-io mkfs.ext4 debugfs md5sum sha1sum sha256sum python3 sqlite3
new_case

mkdir -p "$TMP/tree/dir" "$TMP/v"
head -c 300000 /dev/urandom >"$TMP/tree/big.bin"
echo hello >"$TMP/tree/dir/a.txt"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/A.raw" 6M
cp "$TMP/A.raw" "$TMP/M.raw"
echo middle >"$TMP/m.txt"
debugfs -w -R "write $TMP/m.txt mid.txt" "$TMP/M.raw" >/dev/null 2>&1 || fail "debugfs write M"
cp "$TMP/M.raw" "$TMP/B.raw"
echo child >"$TMP/c.txt"
debugfs -w -R "write $TMP/c.txt child-only.txt" "$TMP/B.raw" >/dev/null 2>&1 || fail "debugfs write B"
debugfs -w -R "rm dir/a.txt" "$TMP/B.raw" >/dev/null 2>&1 || fail "debugfs rm B"

(cd "$TMP/v" &&
 qemu-img convert -f raw -O vmdk ../A.raw base.vmdk &&
 qemu-img create -q -f vmdk -b base.vmdk -F vmdk mid.vmdk &&
 python3 "$LL_SRC_DIR/tests/cli/vdisk_child.py" vmdk ../A.raw ../M.raw mid.vmdk >/dev/null &&
 qemu-img create -q -f vmdk -b mid.vmdk -F vmdk child.vmdk &&
 python3 "$LL_SRC_DIR/tests/cli/vdisk_child.py" vmdk ../M.raw ../B.raw child.vmdk >/dev/null) ||
	fail "fixture: the VMDK chain"
grep -aq 'parentFileNameHint="mid.vmdk"' "$TMP/v/child.vmdk" || fail "fixture: child names no mid.vmdk"
# the child holds only some grains: alone it is not B
[ "$(wc -c <"$TMP/v/child.vmdk")" -lt $(($(wc -c <"$TMP/B.raw") / 4)) ] || fail "fixture: the child holds every grain"
qemu-img convert -O raw "$TMP/v/child.vmdk" "$TMP/view.raw" || fail "qemu-img convert child"
cmp -s "$TMP/view.raw" "$TMP/B.raw" || fail "fixture: the child's view is not B"
SIZE=$(wc -c <"$TMP/B.raw")
WANT="vmdk $SIZE $(md5sum <"$TMP/view.raw" | cut -d' ' -f1) $(sha1sum <"$TMP/view.raw" | cut -d' ' -f1) $(sha256sum <"$TMP/view.raw" | cut -d' ' -f1)"
fls -r -m / -i raw "$TMP/B.raw" >"$TMP/fls.body" || fail "fls on B"
grep -q '|/child-only.txt|' "$TMP/fls.body" || fail "fixture: fls lists no /child-only.txt on B"

expect_exit 0 --json collect files "$TMP/v/child.vmdk"
id=$(json_get "$TMP/out" 'd["id"]')
got=$(json_get "$TMP/out" '" ".join(str(d["media"][k]) for k in ("format","size","md5","sha1","sha256"))')
[ "$got" = "$WANT" ] || fail "media '$got', not the child's view '$WANT'"
names=$(json_get "$TMP/out" '" ".join(f["orig_path"].rsplit("/",1)[1] for f in d["files"])')
[ "$names" = "child.vmdk mid.vmdk base.vmdk" ] || fail "files collected: '$names'"
for f in child mid base; do
	want=$(sha256sum <"$TMP/v/$f.vmdk" | cut -d' ' -f1)
	row=$(sqlite3 case.db "SELECT sha256 FROM evidence_files WHERE evidence_id='$id' AND path LIKE '%/$f.vmdk'")
	[ "$row" = "$want" ] || fail "$f.vmdk: evidence_files holds '$row', sha256sum '$want'"
done
sqlite3 case.db "SELECT details FROM custody WHERE evidence_id='$id' AND action='collect'" >"$TMP/entry.json"
order=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=d["vdisk_chains"][0]
print(" ".join(l["path"].rsplit("/",1)[1]+"<"+str(l.get("parent_name")) for l in c["layers"]))' "$TMP/entry.json")
[ "$order" = "child.vmdk<mid.vmdk mid.vmdk<base.vmdk base.vmdk<None" ] || fail "chain recorded as '$order'"
expect_exit 0 evidence verify "$id"

expect_exit 0 --json analyze timeline "$id"
w=$(json_get "$TMP/out" 'sum(len(f["warnings"]) for f in d["items"][0]["files"]) + len(d["partial"])')
[ "$w" -eq 0 ] || fail "$w warnings: $(cat "$TMP/out")"
n=$(json_get "$TMP/out" 'len([f for f in d["items"][0]["files"] if f.get("segment_of")])')
[ "$n" -eq 2 ] || fail "$n of 2 parent layers recorded as read with the child"
expect_exit 0 timeline export --format bodyfile --evidence "$id" -o "$TMP/ours.body"
expect_same "$TMP/ours.body" "$TMP/fls.body" "the chain's bodyfile differs from fls on B"
[ "$(sqlite3 case.db "SELECT count(*) FROM fs_volumes WHERE evidence_id='$id'")" = 1 ] ||
	fail "not one volume (a layer walked alone?)"

done_testing
