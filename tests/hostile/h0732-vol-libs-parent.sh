#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# libvshadow, libbde and their libbfio are loaded only in the image
# reader's worker (issue #19, as h0541 for the other evidence libraries):
# the binary links none of them (readelf), and after `analyze timeline`
# has read shadow copy stores and unlocked a BitLocker volume (so the
# worker loaded both), the command's own process — the one that holds the
# key and case.db — has mapped none of them (LIFELINE_TEST_MAPS, a hook of
# test builds).
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 readelf tar xz
T=$SHARED/testdata/bitlocker/cryptsetup_bitlk-images.tar.xz
# cryptsetup's BitLocker volumes are GPL-2.0: they stay in ../shared and are
# not committed; without them the stores alone are read (the worker preloads
# all three libraries either way, tsk_volevents.c).
bde=0
if [ -f "$T" ]; then
	tar -xJf "$T" -C "$TMP" bitlk-images/bitlk-togo-aes-xts-128.img || fail "tar"
	bde=1
else
	say "no $T (../shared): shadow copy stores only, no BitLocker volume"
fi
LIBS='lib(vshadow|bde|bfio)\.so'
readelf -d "$LIFELINE" >"$TMP/dyn"
expect_grep 'NEEDED' "$TMP/dyn"
expect_no_grep "NEEDED.*$LIBS" "$TMP/dyn"
printf 'anaconda\n' >"$TMP/pw"
new_case
V=$(add_evidence image "$SRC/tests/data/vss/vsstest.qcow2")
[ $bde = 1 ] && B=$(add_evidence image "$TMP/bitlk-images/bitlk-togo-aes-xts-128.img")
LIFELINE_TEST_MAPS=$TMP/maps expect_exit 0 analyze timeline --bde-password-file "$TMP/pw"
[ -s "$TMP/maps" ] || fail "no memory map written"
expect_grep 'libc\.so' "$TMP/maps"
expect_no_grep "$LIBS" "$TMP/maps"
# the worker did load them: the stores and the unlocked volume are there
[ "$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$V' AND source='vss'")" -eq 2 ] ||
	fail "the shadow copy stores were not read"
if [ $bde = 1 ]; then
	[ "$(sqlite3 case.db "SELECT fs_type FROM fs_volumes WHERE evidence_id='$B'")" = fat16 ] ||
		fail "the BitLocker volume was not unlocked"
	test_count=$((test_count + 1))
fi
test_count=$((test_count + 1))
done_testing
