#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# End to end on an ext4 image made here with mkfs.ext4 -d: 3,000 of 4,000
# files encrypted and renamed to .locked over 6 minutes, 40 ransom notes.
# The burst and the notes are found with their time spans; the untouched
# image of the same tree gives no finding.
. "$(dirname "$0")/lib.sh"

need mkfs.ext4 debugfs fls python3

sh "$SRC/tests/data/make_burst_image.sh" "$TMP/img" >/dev/null 2>&1 || fail "cannot build the images"
new_case
expect_exit 0 collect image "$TMP/img/burst.img"
expect_exit 0 analyze timeline
expect_exit 0 --json analyze detect
expect_exit 0 --json findings list
cp "$TMP/out" "$TMP/f.json"
[ "$(json_get "$TMP/f.json" '[(f["first"][:19], f["last"][:19]) for f in d["findings"] if f["rule_id"]=="fs.encryption_burst"]')" = "[('2024-03-10T02:00:00', '2024-03-10T02:05:59')]" ] ||
	fail "burst span: $(json_get "$TMP/f.json" '[(f["rule_id"], f["first"], f["last"]) for f in d["findings"]]')"
[ "$(json_get "$TMP/f.json" '[(f["first"][:19], f["last"][:19]) for f in d["findings"] if f["rule_id"]=="fs.ransom_note.known"]')" = "[('2024-03-10T02:06:00', '2024-03-10T02:06:39')]" ] ||
	fail "notes span"

new_case "$TMP/clean"
expect_exit 0 collect image "$TMP/img/clean.img"
expect_exit 0 analyze timeline
expect_exit 0 --json analyze detect
expect_exit 0 --json findings list
[ "$(json_get "$TMP/out" 'd["count"]')" = 0 ] || fail "findings on the untouched image"
done_testing
