#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A virtual disk whose media is not what was collected (class: what evidence
# says of itself; inputs that hide loss), checked before `analyze timeline`
# reads it (issue #19):
#   1. the item's recorded media hashes differ from its virtual bytes while
#      every container file still verifies. Only reachable by editing the
#      case (the item row's MD5/SHA-1/SHA-256, as if another library had
#      read the disk at collection): the check recomputes them and says
#      `changed-after-registration`, naming the file, the recorded and the
#      found SHA-256; the media is not said verified, the run exits 4.
#   2. a sparse VMDK cut short in the case after it was collected: its file
#      changed, and its media cannot be read back, naming the file and the
#      virtual offset (`damaged-container`); the reader still reads every
#      virtual byte first and marks the file partial itself.
# The same disks untouched are said verified (t2777 checks the values).
. "$LL_SRC_DIR/tests/cli/lib.sh"
need qemu-img mkfs.ext4 sha256sum python3 sqlite3
new_case

mkdir -p "$TMP/tree" "$TMP/a" "$TMP/b"
head -c 1500000 /dev/urandom >"$TMP/tree/big.bin"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/disk.raw" 6M
REAL=$(sha256sum <"$TMP/disk.raw" | cut -d' ' -f1)
qemu-img convert -f raw -O vmdk "$TMP/disk.raw" "$TMP/a/disk.vmdk" || fail "qemu-img vmdk"
qemu-img convert -f raw -O vmdk "$TMP/disk.raw" "$TMP/b/cut.vmdk" || fail "qemu-img vmdk cut"

# 1. the recorded media hashes edited: the files verify, the media does not
expect_exit 0 --json collect files "$TMP/a/disk.vmdk"
A=$(json_get "$TMP/out" 'd["id"]')
expect_exit 0 --json analyze timeline "$A"
[ "$(json_get "$TMP/out" 'd["items"][0].get("media_verified")')" = True ] || fail "untouched: not verified"
ZERO=$(printf '%064d' 0)
sqlite3 case.db "UPDATE evidence SET md5='$(printf '%032d' 0)', sha1='$(printf '%040d' 0)', sha256='$ZERO' WHERE id='$A'"
expect_exit 4 --json analyze timeline "$A"
[ "$(json_get "$TMP/out" 'd["items"][0].get("media_verified")')" = None ] ||
	fail "media said verified although its hashes differ"
json_get "$TMP/out" '"\n".join(p["reason"] + ": " + p["path"] + ": " + p["message"] for p in d["items"][0]["checks"])' >"$TMP/c"
expect_grep "^changed-after-registration: evidence/$A/files/disk\.vmdk: the virtual disk 'evidence/$A/files/disk\.vmdk': media hashes differ: recorded SHA-256 $ZERO \([0-9]+ bytes\), found $REAL \(6291456 bytes\)$" "$TMP/c"
expect_grep "media hashes differ" "$TMP/err"
# the files themselves verify: no file is named changed
json_get "$TMP/out" '"\n".join(p["message"] for p in d["items"][0]["checks"])' >"$TMP/m"
expect_no_grep "differs from the recorded" "$TMP/m"
expect_exit 1 evidence verify "$A"

# 2. cut short in the case after collection: which file, which virtual offset
expect_exit 0 --json collect files "$TMP/b/cut.vmdk"
B=$(json_get "$TMP/out" 'd["id"]')
[ "$(json_get "$TMP/out" 'd["media"]["sha256"]')" = "$REAL" ] || fail "cut.vmdk: media not recorded at collection"
F="evidence/$B/files/cut.vmdk"
chmod u+w "$F"
truncate -s $(($(wc -c <"$F") / 2)) "$F"
expect_exit 4 --json analyze timeline "$B"
[ "$(json_get "$TMP/out" 'd["items"][0].get("media_verified")')" = None ] || fail "a cut disk said verified"
json_get "$TMP/out" '"\n".join(p["reason"] + ": " + p["message"] for p in d["items"][0]["checks"])' >"$TMP/c"
expect_grep "^changed-after-registration: 'evidence/$B/files/cut\.vmdk': size [0-9]+ differs" "$TMP/c"
expect_grep "^damaged-container: the virtual disk '$F': the media cannot be read back: .*cut\.vmdk.*virtual offset [0-9]+" "$TMP/c"
# not verified: the reader's own pass read every byte and says where too
json_get "$TMP/out" '"\n".join(p["reason"] + ": " + p["message"] for f in d["items"][0]["files"] for p in f.get("partial", []))' >"$TMP/f"
expect_grep "^damaged-container: '$F': .*virtual offset [0-9]+" "$TMP/f"

done_testing
