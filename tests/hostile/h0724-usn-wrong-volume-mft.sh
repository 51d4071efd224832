#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Class: a loose $J beside another volume's $MFT (issue #19). C: and D: hold
# different files at the same MFT entries, so D:'s journal resolved through
# C:'s MFT would give wrong paths that look right. Three collections:
#   wrong/  D:'s $J beside C:'s $MFT only: the pairing is checked by content
#           (each record's entry, sequence number and name against the MFT),
#           a warning names both files and the count, and no record gets a path;
#   two/    D:'s $J beside two $MFTs in one folder ($MFT and $mft): which is
#           its volume's is not guessed, a warning names both, no path;
#   kape/   C/$MFT and D/$Extend/$J: D: has no $MFT of its own, C:'s is never
#           taken for it (a warning names the journal), no path.
. "$(dirname "$0")/../cli/lib.sh"
need python3 sqlite3 mkntfs ntfs-3g ntfscp fls istat icat

mkdir "$TMP/c" "$TMP/d"
usn_fx=$TMP/c usn_fx_tag= . "$SRC/tests/cli/usn_paths_fixture.sh"
usn_fx=$TMP/d usn_fx_tag=D . "$SRC/tests/cli/usn_paths_fixture.sh"
jnode() { fls "$1" 11 | sed -n 's/^r\/r \([0-9-]*\):[[:space:]]*\$UsnJrnl:\$J$/\1/p'; }
uc=$(jnode "$TMP/c/n.raw") && ud=$(jnode "$TMP/d/n.raw") && [ -n "$uc" ] && [ -n "$ud" ] ||
	fail "fixture: no \$UsnJrnl:\$J"
mkdir -p "$TMP/wrong" "$TMP/two" "$TMP/kape/C" "$TMP/kape/D/\$Extend"
icat "$TMP/c/n.raw" 0 >"$TMP/wrong/\$MFT" && icat "$TMP/d/n.raw" "$ud" >"$TMP/wrong/\$J" &&
	cp "$TMP/wrong/\$MFT" "$TMP/wrong/\$J" "$TMP/two/" && icat "$TMP/d/n.raw" 0 >"$TMP/two/\$mft" &&
	cp "$TMP/wrong/\$MFT" "$TMP/kape/C/" && cp "$TMP/wrong/\$J" "$TMP/kape/D/\$Extend/" ||
	fail "icat"
new_case

# paths SQL-LIKE: how many of the item's journal events have a path
paths() {
	sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$1' AND source='usnjrnl'
		AND json_extract(attrs, '$.file_path') IS NOT NULL"
}
events() {
	sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$1' AND source='usnjrnl'"
}

say "wrong/: another volume's \$MFT, refused by content"
W=$(add_evidence file "$TMP/wrong")
expect_exit 0 --json analyze timeline "$W"
expect_grep "wrong/[$]J': [0-9]+ of its [0-9]+ records compared are contradicted by '[^']*wrong/[$]MFT' \\(another volume's [$]MFT\\? first: the record at offset 0, MFT entry [0-9]+\\); no path is given through it" "$TMP/out"
n=$(sed -n "s/.*wrong\/[$]J': \([0-9]*\) of its \([0-9]*\) records compared.*/\1 \2/p" "$TMP/out" | head -1)
test_count=$((test_count + 1))
# every record compared is contradicted: D:'s names are not C:'s (the deleted are not compared)
set -- $n
[ "$1" = "$2" ] && [ "$1" -ge 10 ] || fail "wrong/: counts '$n'"
test_count=$((test_count + 1))
[ "$(events "$W")" -ge 12 ] && [ "$(paths "$W")" -eq 0 ] ||
	fail "wrong/: $(paths "$W") of $(events "$W") records with a path through C:'s MFT"

say "two/: two \$MFTs in the journal's folder, not guessed"
T=$(add_evidence file "$TMP/two")
expect_exit 0 --json analyze timeline "$T"
expect_grep "two/[$]J': two [$]MFTs in one folder, '[^']*two/[$](MFT|mft)' and '[^']*two/[$](MFT|mft)': which one is of the journal's volume is not guessed" "$TMP/out"
test_count=$((test_count + 1))
[ "$(events "$T")" -ge 12 ] && [ "$(paths "$T")" -eq 0 ] || fail "two/: $(paths "$T") records with a path"
LIFELINE_NO_WORKERS=1 expect_exit 0 --json analyze timeline "$T"
expect_grep "two/[$]J': two [$]MFTs in one folder" "$TMP/out"

say "kape/: D:'s journal, no D:\$MFT; C:'s is not its volume's"
K=$(add_evidence file "$TMP/kape")
expect_exit 4 --json analyze timeline "$K"
expect_grep "kape/D/[$]Extend/[$]J': no [$]MFT of its volume in the item \\(none in its folder or a folder above it\\)" "$TMP/out"
# C:'s $MFT serves no journal here: an ordinary file no reader knows
expect_grep "kape/C/[$]MFT': no reader recognises this content" "$TMP/out"
test_count=$((test_count + 1))
[ "$(events "$K")" -ge 12 ] && [ "$(paths "$K")" -eq 0 ] || fail "kape/: $(paths "$K") records with a path"
done_testing
