#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A virtual disk's media hashes verified before it is read, in the one pass
# that reads it (issue #19): a monolithic sparse VMDK and a differencing VHD
# chain (tests/cli/vhd_diff.py), each collected with `collect files`. Before
# `analyze timeline` reads the item, its check recomputes the media hashes
# (every virtual byte, by a check worker) and compares them with those
# recorded at collection: the item's --json says "media_verified" (and its
# `analyze` custody entry), no problem is listed, and the walk equals `fls
# -m` on the raw view. `evidence verify --json` gives the media it
# recomputed: equal to md5sum/sha256sum of `qemu-img convert -O raw` of the
# VMDK (the oracle) and of the chain's raw view B (sha256sum; qemu-img
# reads no differencing VHD). With --no-verify nothing is checked and
# nothing said verified (the reader then reads every byte itself first).
. "$(dirname "$0")/lib.sh"
need fls qemu-img mkfs.ext4 debugfs md5sum sha1sum sha256sum python3 sqlite3
new_case
. "$(dirname "$0")/vdisk_chain_check.sh"

mkdir -p "$TMP/k" "$TMP/h"
vdisk_raw_base
vdisk_raw_add "$TMP/A.raw" "$TMP/B.raw" child-only.txt child

# verified ID LABEL WANT: analysed with the check, its media said verified, and
# `evidence verify` recomputes WANT ("format size md5 sha1 sha256")
verified() {
	expect_exit 0 --json analyze timeline "$1"
	[ "$(json_get "$TMP/out" 'd["items"][0].get("media_verified")')" = True ] ||
		fail "$2: the media not said verified: $(cat "$TMP/out")"
	[ "$(json_get "$TMP/out" 'len(d["partial"]) + len(d["items"][0]["checks"])')" = 0 ] ||
		fail "$2: problems: $(cat "$TMP/out")"
	[ "$(sqlite3 case.db "SELECT json_extract(details, '\$.media_verified') FROM custody WHERE evidence_id='$1' AND action='analyze' ORDER BY seq DESC LIMIT 1")" = 1 ] ||
		fail "$2: the analyze custody entry does not say the media was verified"
	expect_exit 0 --json evidence verify "$1"
	_got=$(json_get "$TMP/out" '" ".join(str(i["media"][k]) for i in d["items"] for k in ("size","md5","sha1","sha256")) + " " + str(d["items"][0]["media"]["ok"])')
	[ "$_got" = "${3#* } True" ] || fail "$2: evidence verify recomputed '$_got', not '${3#* } True'"
}

# 1. a monolithic sparse VMDK: the oracle is qemu-img's raw view of it
qemu-img convert -f raw -O vmdk "$TMP/B.raw" "$TMP/k/disk.vmdk" || fail "fixture: qemu-img vmdk"
qemu-img convert -f vmdk -O raw "$TMP/k/disk.vmdk" "$TMP/k.raw" || fail "qemu-img convert vmdk"
WANT=$(vdisk_media_of vmdk "$TMP/k.raw")
vdisk_fls_oracle "$TMP/k.raw" "$TMP/fls-k.body"
expect_exit 0 --json collect files "$TMP/k/disk.vmdk"
K=$(json_get "$TMP/out" 'd["id"]')
vdisk_media_check "$WANT" "the VMDK collected"
verified "$K" "the VMDK" "$WANT"
vdisk_bodyfile_check "$K" "$TMP/fls-k.body" "the VMDK"

# 2. a differencing VHD and its parent: the child's view is B
qemu-img convert -f raw -O vpc -o force_size=on "$TMP/A.raw" "$TMP/h/base.vhd" || fail "qemu-img vpc"
python3 "$LL_SRC_DIR/tests/cli/vhd_diff.py" "$TMP/h/base.vhd" "$TMP/A.raw" "$TMP/B.raw" "$TMP/h/child.vhd" >/dev/null ||
	fail "fixture: vhd_diff.py"
WANT=$(vdisk_media_of vhd "$TMP/B.raw")
vdisk_fls_oracle "$TMP/B.raw" "$TMP/fls-h.body"
vdisk_collect_check "$TMP/h" vhd "child base"
H=$id
vdisk_media_check "$WANT" "the VHD chain collected"
verified "$H" "the VHD chain" "$WANT"
vdisk_bodyfile_check "$H" "$TMP/fls-h.body" "the VHD chain"

# 3. --no-verify: not checked, so not said verified; the walk is the same
expect_exit 0 --json analyze timeline "$K" --no-verify
[ "$(json_get "$TMP/out" 'd["items"][0].get("media_verified")')" = None ] ||
	fail "--no-verify: the media said verified"
[ "$(json_get "$TMP/out" 'd["items"][0]["options"]["checked"]')" = False ] || fail "--no-verify: checked"
rm -f "$TMP/ours-$K.body"
vdisk_bodyfile_check "$K" "$TMP/fls-k.body" "the VMDK, --no-verify"

done_testing
