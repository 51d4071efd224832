#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A BitLocker volume cut short (issue #19 item 3): cryptsetup's BitLocker To
# Go image cut at 60000000 and 2000000 bytes (libbde needs FVE metadata
# copies past both cuts), with the right password: a warning naming the
# file, the volume's offset and the image offset libbde could not read;
# the item is partial (exit 4), the whole image next to it is unlocked and
# walked, and the password is written nowhere.
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3 tar xz
T=$SHARED/testdata/bitlocker/cryptsetup_bitlk-images.tar.xz
[ -f "$T" ] || skip "no $T (../shared, the project's shared test data)"
tar -xJf "$T" -C "$TMP" bitlk-images/bitlk-togo-aes-xts-128.img || fail "tar"
IMG=$TMP/bitlk-images/bitlk-togo-aes-xts-128.img
for cut in 60000000 2000000; do
	cp --sparse=always "$IMG" "$TMP/cut$cut.img"
	truncate -s $cut "$TMP/cut$cut.img"
done
printf 'anaconda\n' >"$TMP/pw"
new_case
A=$(add_evidence image "$TMP/cut60000000.img")
B=$(add_evidence image "$TMP/cut2000000.img")
W=$(add_evidence image "$IMG")
expect_exit 4 --json analyze timeline --bde-password-file "$TMP/pw"
json_get "$TMP/out" '"\n".join(w for i in d["items"] for f in i["files"] for w in f.get("warnings", []))' >"$TMP/warnings"
for cut in 60000000 2000000; do
	expect_grep "cut$cut\.img': image at offset 0 \(sector 0, BitLocker\): BitLocker volume unreadable \(image offset [0-9]+ could not be read; the image holds $cut bytes\)" "$TMP/warnings"
done
json_get "$TMP/out" '" ".join(sorted(p["id"] for p in d["partial"]))' >"$TMP/partial"
[ "$(cat "$TMP/partial")" = "$A $B" ] || fail "partial items: $(cat "$TMP/partial"), expected $A $B"
test_count=$((test_count + 1))
[ "$(sqlite3 case.db "SELECT fs_type FROM fs_volumes WHERE evidence_id='$W'")" = fat16 ] ||
	fail "the whole image next to the cut ones was not unlocked and walked"
test_count=$((test_count + 1))
if grep -r -a -F -l anaconda . "$TMP/out" "$TMP/err"; then fail "the password is written in the files above"; fi
test_count=$((test_count + 1))
done_testing
