#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# collect image raw/split raw: byte-for-byte copies; stdin acquisition gives the same hashes.
. "$(dirname "$0")/lib.sh"
need md5sum sha1sum sha256sum cmp python3 ewfverify

new_case
# zeros, text and random, not a multiple of the 1 MiB block size
head -c 2000000 /dev/zero >"$TMP/src"
yes "Jun  3 14:02:11 pacs01 sshd[812]: Accepted password for admin" | head -c 3000000 >>"$TMP/src"
head -c 2500000 /dev/urandom >>"$TMP/src"
head -c 1824 /dev/zero >>"$TMP/src"   # whole sectors: 7501824 bytes
md5=$(md5sum <"$TMP/src" | cut -d' ' -f1)
sha1=$(sha1sum <"$TMP/src" | cut -d' ' -f1)
sha256=$(sha256sum <"$TMP/src" | cut -d' ' -f1)

check_hashes() {
	[ "$(json_get "$1" 'd["media_hashes"]["md5"]')" = "$md5" ] || fail "$2: md5"
	[ "$(json_get "$1" 'd["media_hashes"]["sha1"]')" = "$sha1" ] || fail "$2: sha1"
	[ "$(json_get "$1" 'd["media_hashes"]["sha256"]')" = "$sha256" ] || fail "$2: sha256"
	[ "$(json_get "$1" 'd["media_size"]')" = 7501824 ] || fail "$2: size"
}

expect_exit 0 collect image "$TMP/src" --format raw --json
cp "$TMP/out" "$TMP/raw.json"
check_hashes "$TMP/raw.json" raw
[ "$(json_get "$TMP/raw.json" 'd["format"]')" = raw ] || fail "format"
test_count=$((test_count + 1))
cmp "$TMP/src" evidence/E1/E1.raw || fail "raw output differs from the source"
[ "$(stat -c %a evidence/E1/E1.raw)" = 444 ] || fail "raw is not read-only"

expect_exit 0 collect image "$TMP/src" --format raw --segment-size 1M --json
cp "$TMP/out" "$TMP/split.json"
check_hashes "$TMP/split.json" split
[ "$(json_get "$TMP/split.json" 'd["format"]')" = split-raw ] || fail "split format"
[ "$(json_get "$TMP/split.json" 'len(d["files"])')" = 8 ] || fail "expected 8 segments"
[ "$(stat -c %s evidence/E2/E2.001)" = 1048576 ] || fail "segment size"
test_count=$((test_count + 1))
cat evidence/E2/E2.0* | cmp - "$TMP/src" || fail "split output differs from the source"

# Segments of an odd size: most writes and reads are unaligned for direct I/O,
# so the sink and the verifier fall back to the page cache mid-file.
expect_exit 0 collect image "$TMP/src" --format raw --segment-size 1500001 --exhibit ODD --json
cp "$TMP/out" "$TMP/odd.json"
check_hashes "$TMP/odd.json" odd-split
[ "$(json_get "$TMP/odd.json" 'len(d["files"])')" = 6 ] || fail "expected 6 odd segments"
[ "$(stat -c %s evidence/ODD/ODD.001)" = 1500001 ] || fail "odd segment size"
[ "$(json_get "$TMP/odd.json" 'd["verified"]')" = True ] || fail "odd split not verified"
test_count=$((test_count + 1))
cat evidence/ODD/ODD.0* | cmp - "$TMP/src" || fail "odd split output differs from the source"

# Standard input (size unknown until the end), raw and E01.
expect_exit 0 collect image - --format raw --json <"$TMP/src"
cp "$TMP/out" "$TMP/stdin-raw.json"
check_hashes "$TMP/stdin-raw.json" stdin-raw
test_count=$((test_count + 1))
cmp "$TMP/src" evidence/E3/E3.raw || fail "stdin raw differs"
cat "$TMP/src" | "$LIFELINE" collect image - --json >"$TMP/stdin-e01.json" 2>"$TMP/err" ||
	{ cat "$TMP/err"; fail "stdin e01 failed"; }
check_hashes "$TMP/stdin-e01.json" stdin-e01
test_count=$((test_count + 1))
ewfverify -q evidence/E4/E4.E01 >/dev/null 2>&1 || fail "stdin E01 does not verify"
expect_exit 0 evidence verify
expect_grep "5 item\(s\) checked, 0 failed" "$TMP/out"

# Without verification the item is registered but says so.
expect_exit 0 collect image "$TMP/src" --no-verify --format raw
expect_grep "NOT verified" "$TMP/out"
# Usage errors
expect_exit 2 collect image
expect_exit 2 collect image "$TMP/src" --format aff4
expect_exit 3 collect image "$TMP/missing"
done_testing
