#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The encryption burst in the NTFS change journal (issue #19 item 6): a
# journal made here with 5,000 files overwritten and renamed to .locked
# within 2 minutes (after 200 quiet records over 8 days) gives one
# fs.usn_encryption_burst finding, inside an NTFS image and loose: its span
# is the burst's, its counts are the generator's, its cited events are a
# sample (200) of the burst's records. A quiet journal gives none, even
# with an installer's 5,000 new files written within 2 minutes;
# at --threshold usn.min_files=100 a burst of 99 files gives none and one of
# 100 gives one citing its 200 records (the bound is "at least").
. "$(dirname "$0")/lib.sh"
need sqlite3 python3 mkntfs ntfscp
G=$SRC/tests/data/make_usn_journal.py
python3 "$G" "$TMP/burst.J" --files 200 --burst 5000 --span 120 2>/dev/null || fail "make_usn_journal.py"
truncate -s 16M "$TMP/burst.raw"
mkntfs -F -q -Q "$TMP/burst.raw" >/dev/null 2>&1 || fail mkntfs
: >"$TMP/empty"
ntfscp "$TMP/burst.raw" "$TMP/empty" '/$Extend/$UsnJrnl' >/dev/null 2>&1 || fail ntfscp
ntfscp -N '$J' "$TMP/burst.raw" "$TMP/burst.J" '/$Extend/$UsnJrnl' >/dev/null 2>&1 || fail "ntfscp -N"
python3 "$SRC/tests/data/ntfs_usn_image.py" "$TMP/burst.raw" >/dev/null || fail "ntfs_usn_image.py"

# findings ITEM: the item's fs.usn_encryption_burst findings as "first last files renames ext cited"
findings() {
	expect_exit 0 --json findings list
	json_get "$TMP/out" '"\n".join("%s %s %d %d %s %d %s" % (f["first"][:19], f["last"][:19], f["details"]["files"], f["details"]["renames"], f["details"].get("extension"), f["event_count"], f["confidence"]) for f in d["findings"] if f["rule_id"] == "fs.usn_encryption_burst" and f["details"]["evidence_id"] == "'"$1"'")'
}

new_case
I1=$(add_evidence image "$TMP/burst.raw")
I2=$(add_evidence file "$TMP/burst.J")
expect_exit 0 analyze timeline
expect_exit 0 --json analyze detect
for i in "$I1" "$I2"; do
	got=$(findings "$i")
	[ "$got" = "2024-03-10T02:00:00 2024-03-10T02:01:59 5000 5000 locked 200 high" ] ||
		fail "$i: burst finding: '$got'"
	test_count=$((test_count + 1))
done
# the cited events: usnjrnl records of the burst, within its span
expect_exit 0 --json findings list
json_get "$TMP/out" '"\n".join(str(e) for f in d["findings"] if f["rule_id"] == "fs.usn_encryption_burst" for e in f["event_ids"])' >"$TMP/ids"
[ "$(wc -l <"$TMP/ids")" -eq 400 ] || fail "cited events: $(wc -l <"$TMP/ids")"
ids=$(paste -sd, "$TMP/ids")
bad=$(sqlite3 case.db "SELECT count(*) FROM events WHERE id IN ($ids) AND (source != 'usnjrnl' OR (json_extract(attrs, '$.reason') & 8193) = 0 OR time_ns < 1710036000000000000 OR time_ns >= 1710036120000000000)")
[ "$bad" -eq 0 ] || fail "$bad cited events are not burst records"
test_count=$((test_count + 1))

# quiet: no finding; 99 files at min_files=100: none; 100: one
python3 "$G" "$TMP/quiet.J" --files 200 --installs 5000 --span 120 2>/dev/null || fail "make_usn_journal.py quiet"
python3 "$G" "$TMP/b99.J" --files 20 --burst 99 --span 60 2>/dev/null || fail "make_usn_journal.py 99"
python3 "$G" "$TMP/b100.J" --files 20 --burst 100 --span 60 2>/dev/null || fail "make_usn_journal.py 100"
new_case "$TMP/case2"
Q=$(add_evidence file "$TMP/quiet.J")
B99=$(add_evidence file "$TMP/b99.J")
B100=$(add_evidence file "$TMP/b100.J")
expect_exit 0 analyze timeline
expect_exit 0 --json analyze detect --threshold usn.min_files=100
[ -z "$(findings "$Q")" ] || fail "a finding on the quiet journal"
[ -z "$(findings "$B99")" ] || fail "a finding on 99 files at usn.min_files=100"
[ "$(findings "$B100")" = "2024-03-10T02:00:00 2024-03-10T02:00:59 100 100 locked 200 high" ] ||
	fail "100 files at usn.min_files=100: '$(findings "$B100")'"
test_count=$((test_count + 3))
expect_exit 0 --json analyze detect
[ -z "$(findings "$B100")" ] || fail "100 files at the default usn.min_files=1000"
test_count=$((test_count + 1))
done_testing
