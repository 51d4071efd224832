#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# collect image to E01: peer tools (ewfverify, ewfinfo, img_stat, fls) accept it,
# hashes equal md5sum/sha1sum/sha256sum, metadata and custody are recorded.
. "$(dirname "$0")/lib.sh"
need ewfverify ewfinfo img_stat fls mkfs.ext4 md5sum sha1sum sha256sum python3

new_case
# A small ext4 file system with a known file, then mixed content after it.
mkdir "$TMP/fs"
echo "patient-record-export 2024-06-03" >"$TMP/fs/export.csv"
dd if=/dev/zero of="$TMP/disk.img" bs=1M count=16 2>/dev/null
mkfs.ext4 -q -F -d "$TMP/fs" "$TMP/disk.img" >"$TMP/mkfs.log" 2>&1 ||
	{ cat "$TMP/mkfs.log" >&2; fail "fixture: mkfs.ext4 -d failed"; }
head -c 3000000 /dev/urandom | dd of="$TMP/disk.img" bs=1M seek=10 conv=notrunc 2>/dev/null

md5=$(md5sum <"$TMP/disk.img" | cut -d' ' -f1)
sha1=$(sha1sum <"$TMP/disk.img" | cut -d' ' -f1)
sha256=$(sha256sum <"$TMP/disk.img" | cut -d' ' -f1)

expect_exit 0 collect image "$TMP/disk.img" --exhibit HOSP-01 \
	--description "ward server disk" --notes "seized in room 12" --json
cp "$TMP/out" "$TMP/img.json"
[ "$(json_get "$TMP/img.json" 'd["media_hashes"]["md5"]')" = "$md5" ] || fail "md5 differs"
[ "$(json_get "$TMP/img.json" 'd["media_hashes"]["sha1"]')" = "$sha1" ] || fail "sha1 differs"
[ "$(json_get "$TMP/img.json" 'd["media_hashes"]["sha256"]')" = "$sha256" ] || fail "sha256 differs"
[ "$(json_get "$TMP/img.json" 'd["state"]')" = registered ] || fail "not registered"
[ "$(json_get "$TMP/img.json" 'd["verified"]')" = True ] || fail "not verified"
acq=$(json_get "$TMP/img.json" 'd["acquire_entry"]')

e01=evidence/HOSP-01/HOSP-01.E01
[ -f "$e01" ] || fail "no $e01"
# registered files are read-only
[ "$(stat -c %a "$e01")" = 444 ] || fail "E01 is not read-only"
test_count=$((test_count + 1))
ewfverify -q "$e01" >"$TMP/ewfverify" 2>&1 || { cat "$TMP/ewfverify"; fail "ewfverify failed"; }
expect_grep "SUCCESS" "$TMP/ewfverify"
ewfinfo "$e01" >"$TMP/ewfinfo" 2>&1
expect_grep "Case number:[[:space:]]+T-1" "$TMP/ewfinfo"
expect_grep "Evidence number:[[:space:]]+HOSP-01" "$TMP/ewfinfo"
expect_grep "Examiner name:[[:space:]]+Test Examiner" "$TMP/ewfinfo"
expect_grep "Description:[[:space:]]+ward server disk" "$TMP/ewfinfo"
expect_grep "Notes:[[:space:]]+seized in room 12; lifeline custody entry $acq \(acquire\)" "$TMP/ewfinfo"
expect_grep "Software version used:[[:space:]]+lifeline " "$TMP/ewfinfo"
expect_grep "File format:[[:space:]]+EnCase 6" "$TMP/ewfinfo"
expect_grep "MD5:[[:space:]]+$md5" "$TMP/ewfinfo"
expect_grep "SHA1:[[:space:]]+$sha1" "$TMP/ewfinfo"
expect_grep "Acquisition date:" "$TMP/ewfinfo"

# The Sleuth Kit reads our E01.
img_stat -i ewf "$e01" >"$TMP/img_stat" 2>&1 || fail "img_stat failed"
expect_grep "Image Type:[[:space:]]+ewf" "$TMP/img_stat"
expect_grep "$md5" "$TMP/img_stat"
fls -i ewf -r "$e01" >"$TMP/fls" 2>&1 || fail "fls failed"
expect_grep "export.csv" "$TMP/fls"

# The item and two signed entries are in the case; the ledger verifies.
expect_exit 0 evidence list --json
cp "$TMP/out" "$TMP/list.json"
[ "$(json_get "$TMP/list.json" 'd["items"][0]["state"]')" = registered ] || fail "list state"
[ "$(json_get "$TMP/list.json" 'd["items"][0]["sha256"]')" = "$sha256" ] || fail "list sha256"
[ "$(json_get "$TMP/list.json" 'd["items"][0]["files"][0]["sha256"]')" = "$(sha256sum <"$e01" | cut -d' ' -f1)" ] ||
	fail "container hash differs"
expect_exit 0 custody log --json
expect_grep '"action": "acquire"' "$TMP/out"
expect_grep '"action": "register"' "$TMP/out"
expect_exit 0 custody verify --head "$(json_get "$TMP/img.json" 'd["head"]')"
expect_exit 0 evidence verify HOSP-01

# No existing evidence is overwritten: a second HOSP-01 is refused.
expect_exit 5 collect image "$TMP/disk.img" --exhibit HOSP-01
expect_grep "already exists" "$TMP/err"

# A multi-segment E01 with best compression also verifies.
expect_exit 0 collect image "$TMP/disk.img" --segment-size 1M --compression best --json
cp "$TMP/out" "$TMP/seg.json"
[ "$(json_get "$TMP/seg.json" 'len(d["files"])')" -ge 2 ] || fail "expected several segments"
test_count=$((test_count + 1))
ewfverify -q evidence/E1/E1.E01 >/dev/null 2>&1 || fail "segmented E01 does not verify"
[ "$(json_get "$TMP/seg.json" 'd["media_hashes"]["sha256"]')" = "$sha256" ] || fail "segmented sha256"
done_testing
