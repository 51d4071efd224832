#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Key and value names are the attacker's (a Run entry named with an escape
# sequence or a right-to-left override hides from a viewer): a hive whose
# Run key holds such values, and a key named with ESC, is read whole, not
# refused by the worker's frame checks. The locators escape control
# characters, '%', ';' and '=' as %HH (so a name cannot forge a locator
# field), the names are kept as they are in the attributes, and the
# commands are checked against regfexport.
. "$(dirname "$0")/../cli/lib.sh"
need python3 sqlite3 regfexport hivexsh
cp "$SRC/tests/fuzz/corpus/regf/100_sub_keys.hiv" "$TMP/names.hiv"
chmod u+w "$TMP/names.hiv"
# value names: "ev<ESC>[2Jil;x=1" and "n<U+202E>fdp.exe"; a key "we<ESC>ird"
printf 'add Microsoft\ncd Microsoft\nadd Windows\ncd Windows\nadd CurrentVersion\ncd CurrentVersion\nadd Run\ncd Run\nsetval 2\nev\033[2Jil;x=1\nstring:C:\\a.exe\nn\342\200\256fdp.exe\nstring:C:\\b.exe\ncd \\\nadd we\033ird\ncommit\n' |
	hivexsh -w "$TMP/names.hiv" >"$TMP/hivexsh.log" 2>&1 || { cat "$TMP/hivexsh.log" >&2; fail "fixture: hivexsh"; }
new_case
id=$(add_evidence file "$TMP/names.hiv")
expect_exit 0 analyze timeline
q() { sqlite3 case.db "$1"; }
n=$(python3 "$SRC/tests/cli/regf_oracle.py" paths "$TMP/names.hiv" | wc -l)
test_count=$((test_count + 1))
[ "$(q "SELECT count(*) FROM events WHERE evidence_id='$id' AND category IS NULL")" -eq "$n" ] ||
	fail "not every key of regfexport's $n stored"
test_count=$((test_count + 1))
[ "$(q "SELECT count(*) FROM events WHERE evidence_id='$id' AND locator = 'hive=evidence/$id/files/names.hiv;key=TestKey\\we%1Bird'")" -eq 1 ] ||
	fail "the key named with ESC: locator not escaped"
test_count=$((test_count + 1))
[ "$(q "SELECT count(*) FROM events WHERE evidence_id='$id' AND locator LIKE '%\\Run;value=ev%1B[2Jil%3Bx%3D1'
	AND json_extract(attrs, '$.name') = 'ev' || char(27) || '[2Jil;x=1'")" -eq 1 ] ||
	fail "the Run value named with ESC, ';' and '=': locator escaped, name kept"
test_count=$((test_count + 1))
[ "$(q "SELECT count(*) FROM events WHERE evidence_id='$id' AND locator LIKE '%;value=n' || char(8238) || 'fdp.exe'
	AND json_extract(attrs, '$.command') = 'C:\\b.exe'")" -eq 1 ] ||
	fail "the Run value named with U+202E"
for v in "C:\\a.exe" "C:\\b.exe"; do
	test_count=$((test_count + 1))
	regfexport "$TMP/names.hiv" | grep -qxF "Data: $v" || fail "regfexport does not show $v"
	[ "$(q "SELECT count(*) FROM events WHERE evidence_id='$id' AND json_extract(attrs, '$.command') = '$v'")" -eq 1 ] ||
		fail "command $v"
done
done_testing
