# SPDX-License-Identifier: Apache-2.0
# Sourced after lib.sh (and new_case) by the differencing-chain tests (t2770
# qcow2, t2771 vmdk, t2772 vhd, t2773 vhd chain of 3, t2775 vhdx): the raw
# images they build a chain from and the checks they share, so each test
# says only what is its format's own. The oracles stay the tests': raw
# images made with mkfs.ext4 and debugfs, sha256sum, `fls -m` on the raw
# view, the custody entry's own JSON.
#
# Fixtures, in $TMP:
#   vdisk_raw_base          A.raw: ext4 of a tree holding big.bin (random) and dir/a.txt
#   vdisk_raw_add SRC DST NAME TEXT
#                           DST: a copy of SRC with /NAME holding TEXT added
#   vdisk_raw_rm IMG PATH   /PATH removed from IMG
#   vdisk_raw_sector_x IMG  IMG with the first sector of big.bin's data set to 'X's
#                           (the next one left as it is: a child's sector then a parent's)
#   vdisk_fls_oracle RAW OUT
#                           OUT: `fls -m` on RAW, which must list /child-only.txt
#   vdisk_media_of FORMAT RAW
#                           "FORMAT size md5 sha1 sha256" of RAW (the media a view must have)
# Checks, on the JSON of the last `--json collect files` ($TMP/out):
#   vdisk_collect_check DIR EXT "child mid base"
#                           runs `--json collect files DIR/child.EXT`, sets $id; the
#                           files collected are those layers in that order, each one's
#                           evidence_files sha256 is sha256sum's
#   vdisk_media_check WANT LABEL
#                           the item's media is WANT (vdisk_media_of)
#   vdisk_layer_media_check WANT LABEL
#                           "layer:True" for a differencing layer, "layer:SHA256" else
#   vdisk_custody_order ID KEYS WANT
#                           the collect custody entry's first chain, each layer as
#                           "name<KEY1value<KEY2value..." (KEYS e.g. "parent_name field")
# Checks of the walk:
#   vdisk_walk_check ID FLS_BODY LABEL [PARENTS]
#                           `--json analyze timeline ID` with no warnings; PARENTS (if
#                           given) layers recorded as read with the child; the
#                           bodyfile equals FLS_BODY
#   vdisk_bodyfile_check ID FLS_BODY LABEL
#                           the exported bodyfile of ID equals FLS_BODY
#   vdisk_one_volume ID     one fs volume for the item (no layer walked alone)

vdisk_raw_base() {
	mkdir -p "$TMP/tree/dir"
	head -c 300000 /dev/urandom >"$TMP/tree/big.bin"
	echo hello >"$TMP/tree/dir/a.txt"
	mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/A.raw" 6M || fail "fixture: mkfs.ext4 A"
}

vdisk_raw_add() {
	[ "$1" = "$2" ] || cp "$1" "$2"
	printf '%s\n' "$4" >"$TMP/add.txt"
	debugfs -w -R "write $TMP/add.txt $3" "$2" >/dev/null 2>&1 || fail "debugfs write $3 to $(basename "$2")"
}

vdisk_raw_rm() {
	debugfs -w -R "rm $2" "$1" >/dev/null 2>&1 || fail "debugfs rm $2 from $(basename "$1")"
}

vdisk_raw_sector_x() {
	python3 - "$TMP/tree/big.bin" "$1" <<'PY' || fail "fixture: a sector of big.bin"
import sys
data = open(sys.argv[1], "rb").read()
b = bytearray(open(sys.argv[2], "rb").read())
at = b.find(data[:4096])
assert at > 0 and at % 512 == 0
b[at:at + 512] = b"X" * 512
open(sys.argv[2], "wb").write(b)
PY
}

vdisk_fls_oracle() {
	fls -r -m / -i raw "$1" >"$2" || fail "fls on $(basename "$1")"
	grep -q '|/child-only.txt|' "$2" || fail "fixture: fls lists no /child-only.txt on $(basename "$1")"
}

vdisk_media_of() {
	echo "$1 $(wc -c <"$2") $(md5sum <"$2" | cut -d' ' -f1) $(sha1sum <"$2" | cut -d' ' -f1) $(sha256sum <"$2" | cut -d' ' -f1)"
}

vdisk_collect_check() {
	_dir=$1 _ext=$2 _layers=$3
	expect_exit 0 --json collect files "$_dir/${_layers%% *}.$_ext"
	id=$(json_get "$TMP/out" 'd["id"]')
	_want=$(for _f in $_layers; do printf '%s.%s ' "$_f" "$_ext"; done)
	_names=$(json_get "$TMP/out" '" ".join(f["orig_path"].rsplit("/",1)[1] for f in d["files"])')
	[ "$_names" = "${_want% }" ] || fail "files collected: '$_names', not '${_want% }'"
	for _f in $_layers; do
		_sum=$(sha256sum <"$_dir/$_f.$_ext" | cut -d' ' -f1)
		_row=$(sqlite3 case.db "SELECT sha256 FROM evidence_files WHERE evidence_id='$id' AND path LIKE '%/$_f.$_ext'")
		[ "$_row" = "$_sum" ] || fail "$_f.$_ext: evidence_files holds '$_row', sha256sum '$_sum'"
	done
}

vdisk_media_check() {
	_got=$(json_get "$TMP/out" '" ".join(str(d["media"][k]) for k in ("format","size","md5","sha1","sha256"))')
	[ "$_got" = "$1" ] || fail "$2: media '$_got', not '$1'"
}

vdisk_layer_media_check() {
	_lm=$(json_get "$TMP/out" '" ".join(l["path"].rsplit("/",1)[1] + ":" + (l.get("sha256") or str(l["differencing"])) for l in d["layer_media"])')
	[ "$_lm" = "$1" ] || fail "$2: layer media '$_lm', not '$1'"
}

vdisk_custody_order() {
	sqlite3 case.db "SELECT details FROM custody WHERE evidence_id='$1' AND action='collect'" >"$TMP/entry.json"
	_order=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=d["vdisk_chains"][0]
print(" ".join(l["path"].rsplit("/",1)[1]+"".join("<"+str(l.get(k)) for k in sys.argv[2].split()) for l in c["layers"]))' \
		"$TMP/entry.json" "$2")
	[ "$_order" = "$3" ] || fail "chain recorded as '$_order', not '$3'"
}

vdisk_bodyfile_check() {
	expect_exit 0 timeline export --format bodyfile --evidence "$1" -o "$TMP/ours-$1.body"
	expect_same "$TMP/ours-$1.body" "$2" "$3: the bodyfile differs from fls on the raw view"
}

vdisk_walk_check() {
	expect_exit 0 --json analyze timeline "$1"
	_w=$(json_get "$TMP/out" 'sum(len(f["warnings"]) for f in d["items"][0]["files"]) + len(d["partial"])')
	[ "$_w" -eq 0 ] || fail "$3: $_w warnings: $(cat "$TMP/out")"
	if [ -n "${4:-}" ]; then
		_n=$(json_get "$TMP/out" 'len([f for f in d["items"][0]["files"] if f.get("segment_of")])')
		[ "$_n" -eq "$4" ] || fail "$3: $_n of $4 parent layers recorded as read with the child"
	fi
	vdisk_bodyfile_check "$1" "$2" "$3"
}

vdisk_one_volume() {
	[ "$(sqlite3 case.db "SELECT count(*) FROM fs_volumes WHERE evidence_id='$1'")" = 1 ] ||
		fail "not one volume (a layer walked alone?)"
}
