#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A reader's warning whose parameters are hostile (issue #18): a file name
# with markup, an attribute break-out, a bidi override and 100,000
# characters, in the English stored and in the parameters its French is
# composed from. Both reports show it escaped, isolated and cut: no live
# markup, no raw override, no 100,000 characters in a cell. A coded warning
# whose parameter is not what its sentence needs (a number for a name, a
# parameter missing) and an unknown code are shown in their English, marked,
# never half-composed.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../cli/casefile_fixture.sh"
need sqlite3 python3 openssl

casefile_case "$TMP/case"
sqlite3 "$TMP/case/case.db" <<'SQL'
WITH h(name) AS (SELECT 'HW1 <script>alert(1)</script> "><img src=x onerror=alert(2)> ' || char(8238) ||
	'gpj.exe ' || replace(hex(zeroblob(50000)), '0', 'é'))
UPDATE analyses SET
	warnings = (SELECT json_array(
		'''' || name || ''' line 7: last line has no newline (the file may be cut short); kept',
		'''HW2'' line 8: last line has no newline (the file may be cut short); kept',
		'''HW3'': a warning of a code this build does not know') FROM h),
	warning_codes = (SELECT json_array(
		json_object('text', '''' || name || ''' line 7: last line has no newline (the file may be cut short); kept',
			'code', 'source.no-final-newline', 'params', json_object('file', name, 'line', 7)),
		json_object('text', '''HW2'' line 8: last line has no newline (the file may be cut short); kept',
			'code', 'source.no-final-newline', 'params', json_object('file', 12, 'nothing', 'HW2')),
		json_object('text', '''HW3'': a warning of a code this build does not know',
			'code', 'future.code', 'params', json_object('file', 'HW3'))) FROM h)
WHERE evidence_id = 'E1' AND kind = 'timeline';
SQL
test_count=$((test_count + 1))
n=$(sqlite3 "$TMP/case/case.db" "SELECT length(json_extract(warning_codes, '\$[0].params.file')) FROM analyses WHERE evidence_id = 'E1' AND kind = 'timeline'")
[ "$n" -gt 100000 ] || fail "the hostile parameter is not in the case ($n characters)"

cp -a "$TMP/case" "$TMP/case2"
expect_exit 0 -C "$TMP/case" casefile build -o "$TMP/en" --no-pdf
expect_exit 0 -C "$TMP/case2" casefile build -o "$TMP/fr" --no-pdf --lang fr
for lang in en fr; do
	test_count=$((test_count + 1))
	python3 - "$TMP/$lang/bag/data/report.html" "$lang" <<'PY' || fail "$lang: the warning's parameters are live markup, a raw override, or not cut"
import re, sys
s, lang = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
for bad in ("<script", "<img", "\u202e"):
    assert bad not in s, bad
items = [u for u in re.findall(r'<div class="warnings">(.*?)</div>', s, re.S) if "HW1" in u]
assert len(items) == 2, len(items)  # the methods' table and the limitations
for ul in items:
    w = re.findall(r'<p class="warning">(.*?)</p>', ul, re.S)
    assert len(w) == 3, len(w)
    assert "HW1 &lt;script&gt;" in w[0], w[0][:300]
    run = max(len(m) for m in re.findall("é+", w[0]))
    assert run < 1200, run  # cut, not 100,000 characters in a cell
    if lang == "fr":
        # the French composed from the parameters, the others in their English, marked
        assert "la dernière ligne n’a pas de fin de ligne" in w[0] and "last line" not in w[0], w[0][-400:]
        assert "en anglais" not in w[0]
        for x, tag in ((w[1], "HW2"), (w[2], "HW3")):
            assert tag in x and "en anglais, tel qu’enregistré" in x, x
        assert "last line has no newline" in w[1] and "future.code" not in w[2]
    else:
        assert "last line has no newline" in w[1] and "en anglais" not in ul
print("# %s: escaped, isolated, cut; what cannot be composed is shown as written, marked" % lang)
PY
done
done_testing
