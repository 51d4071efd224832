#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A differencing QCOW2 (issue #19 item 1): `collect files child.qcow2`
# brings its backing chain (child -> mid -> base, found next to it by the
# names each records) as ONE item, every layer's file hashed, the chain's
# order in the custody entry; the media hashes are the child's view, equal
# to `qemu-img convert -O raw child | sha256sum` (raw image B); `analyze
# timeline` walks the child's view through libqcow's parent support: the
# bodyfile equals `fls -m` on B, not on A (the base), and no layer is walked
# alone. --parent-dir finds a parent kept elsewhere.
. "$(dirname "$0")/lib.sh"
need fls mactime qemu-img mkfs.ext4 debugfs md5sum sha1sum sha256sum python3 sqlite3
new_case

# A: the base's view; M: A with a file added; B: M with a file removed and another added
mkdir -p "$TMP/tree/dir" "$TMP/q" "$TMP/away"
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
cmp -s "$TMP/A.raw" "$TMP/B.raw" && fail "fixture: B equals A"

(cd "$TMP/q" &&
 qemu-img convert -f raw -O qcow2 ../A.raw base.qcow2 &&
 qemu-img convert -f raw -O qcow2 -o compat=0.10 -B base.qcow2 -F qcow2 ../M.raw mid.qcow2 &&
 qemu-img convert -f raw -O qcow2 -o compat=0.10 -B mid.qcow2 -F qcow2 ../B.raw child.qcow2) || fail "qemu-img chain"
qemu-img info --backing-chain "$TMP/q/child.qcow2" | grep -c '^image:' | grep -qx 3 || fail "fixture: not a chain of 3"
qemu-img convert -O raw "$TMP/q/child.qcow2" "$TMP/view.raw" || fail "qemu-img convert child"
cmp -s "$TMP/view.raw" "$TMP/B.raw" || fail "fixture: the child's view is not B"
SIZE=$(wc -c <"$TMP/B.raw")
WANT="qcow $SIZE $(md5sum <"$TMP/view.raw" | cut -d' ' -f1) $(sha1sum <"$TMP/view.raw" | cut -d' ' -f1) $(sha256sum <"$TMP/view.raw" | cut -d' ' -f1)"

fls -r -m / -i raw "$TMP/B.raw" >"$TMP/fls.body" || fail "fls on B"
grep -q '|/child-only.txt|' "$TMP/fls.body" || fail "fixture: fls lists no /child-only.txt on B"
fls -r -m / -i raw "$TMP/A.raw" >"$TMP/flsA.body" || fail "fls on A"
cmp -s "$TMP/fls.body" "$TMP/flsA.body" && fail "fixture: A and B list the same"

# 1. collected as one item, child first, each layer hashed as sha256sum says
expect_exit 0 --json collect files "$TMP/q/child.qcow2"
id=$(json_get "$TMP/out" 'd["id"]')
got=$(json_get "$TMP/out" '" ".join(str(d["media"][k]) for k in ("format","size","md5","sha1","sha256"))')
[ "$got" = "$WANT" ] || fail "media '$got', not the child's view '$WANT'"
names=$(json_get "$TMP/out" '" ".join(f["orig_path"].rsplit("/",1)[1] for f in d["files"])')
[ "$names" = "child.qcow2 mid.qcow2 base.qcow2" ] || fail "files collected: '$names'"
for f in child mid base; do
	want=$(sha256sum <"$TMP/q/$f.qcow2" | cut -d' ' -f1)
	row=$(sqlite3 case.db "SELECT sha256 FROM evidence_files WHERE evidence_id='$id' AND path LIKE '%/$f.qcow2'")
	[ "$row" = "$want" ] || fail "$f.qcow2: evidence_files holds '$row', sha256sum '$want'"
done
row=$(sqlite3 case.db "SELECT sha256 FROM evidence WHERE id='$id'")
[ "$row" = "${WANT##* }" ] || fail "the item row's media sha256 '$row'"
# the chain's order in the signed entry: child -> mid -> base, with the names each records
sqlite3 case.db "SELECT details FROM custody WHERE evidence_id='$id' AND action='collect'" >"$TMP/entry.json"
order=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=d["vdisk_chains"][0]
print(" ".join(l["path"].rsplit("/",1)[1]+"<"+str(l.get("parent_name")) for l in c["layers"]))' "$TMP/entry.json")
[ "$order" = "child.qcow2<mid.qcow2 mid.qcow2<base.qcow2 base.qcow2<None" ] || fail "chain recorded as '$order'"
# each layer's own media: the differencing ones said so, the base read alone is A
lm=$(json_get "$TMP/out" '" ".join(l["path"].rsplit("/",1)[1] + ":" + (l.get("sha256") or str(l["differencing"])) for l in d["layer_media"])')
[ "$lm" = "child.qcow2:True mid.qcow2:True base.qcow2:$(sha256sum <"$TMP/A.raw" | cut -d' ' -f1)" ] ||
	fail "layer media: '$lm'"
grep -q '"layer_media"' "$TMP/entry.json" || fail "the custody entry lacks layer_media"
expect_exit 0 evidence verify "$id"

# 2. the walk is the child's view (B), not the base's, each layer read once, with the child
expect_exit 0 --json analyze timeline "$id"
w=$(json_get "$TMP/out" 'sum(len(f["warnings"]) for f in d["items"][0]["files"]) + len(d["partial"])')
[ "$w" -eq 0 ] || fail "$w warnings: $(cat "$TMP/out")"
n=$(json_get "$TMP/out" 'len([f for f in d["items"][0]["files"] if f.get("segment_of")])')
[ "$n" -eq 2 ] || fail "$n of 2 parent layers recorded as read with the child"
expect_exit 0 timeline export --format bodyfile --evidence "$id" -o "$TMP/ours.body"
expect_same "$TMP/ours.body" "$TMP/fls.body" "the chain's bodyfile differs from fls on B"
[ "$(sqlite3 case.db "SELECT count(*) FROM fs_volumes WHERE evidence_id='$id'")" = 1 ] ||
	fail "not one volume (a layer walked alone?)"

# 3. a parent kept elsewhere: refused without --parent-dir, naming what was looked for; found with it
mv "$TMP/q/base.qcow2" "$TMP/away/"
expect_exit 3 collect files "$TMP/q/child.qcow2"
expect_grep "mid.qcow2' is a differencing disk: its parent 'base.qcow2'" "$TMP/err"
expect_grep "looked for '$TMP/q/base.qcow2'" "$TMP/err"
expect_exit 0 --json collect files "$TMP/q/child.qcow2" --parent-dir "$TMP/away"
id2=$(json_get "$TMP/out" 'd["id"]')
got=$(json_get "$TMP/out" '" ".join(str(d["media"][k]) for k in ("format","size","md5","sha1","sha256"))')
[ "$got" = "$WANT" ] || fail "--parent-dir: media '$got'"
expect_exit 0 analyze timeline "$id2"
expect_exit 0 timeline export --format bodyfile --evidence "$id2" -o "$TMP/ours2.body"
expect_same "$TMP/ours2.body" "$TMP/fls.body" "--parent-dir: bodyfile differs from fls on B"

done_testing
