#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The readers' warnings in a French report (issue #18): the sample built in
# English and in French from one case. Its analyses keep each warning's
# English (analyses.warnings, the record) and, beside it, a code and the
# parameters the reader gave (analyses.warning_codes); the French report
# composes each from them: every stored warning text is in the English report
# and none in the French one, its annex A or annex O
# (report_warning_text_check.py). A case recorded before the codes (its
# warning_codes NULL): the French report shows the English as written, marked
# as the analysis's words; and the check sees an unmarked or unallowed one.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/cli/sample_incident_fixture.sh"
need mkfs.ext4 debugfs openssl perl python3 sqlite3

# every code a reader writes has its French sentence and its line in the format's document
test_count=$((test_count + 1))
python3 - "$SRC" <<'PY' || fail "a warning code has no French sentence or no documentation"
import glob, re, sys
src = sys.argv[1]
used = set()
for p in glob.glob(src + "/analyze/**/*.c", recursive=True):
    for m in re.finditer(r'll_source_warn_code\([^,]+,\s*([^,]+?),\s*\n?\s*json_pack', open(p).read()):
        used.update(re.findall(r'"([a-z0-9.-]+)"', m.group(1)))
table = open(src + "/casefile/report/facts/warning_text.c").read()
doc = open(src + "/docs/formats/warning-codes.md").read()
bad = sorted(c for c in used if '{ "%s",' % c not in table or "`%s`" % c not in doc)
assert len(used) >= 25 and not bad, (len(used), bad)
print("# %d warning codes, each with its French and its documentation" % len(used))
PY

sample_incident "$TMP/incident" "$TMP/work"
CHECK=$SRC/tests/cli/report_warning_text_check.py
DB=$W/case/case.db

# the record stays English, the codes beside it name each stored text
test_count=$((test_count + 1))
n=$(sqlite3 "$DB" "SELECT count(*) FROM analyses a, json_each(a.warnings) w WHERE a.kind = 'timeline'
	AND NOT EXISTS (SELECT 1 FROM json_each(a.warning_codes) c WHERE json_extract(c.value, '\$.text') = w.value)")
[ "$n" -eq 0 ] || fail "$n warning(s) of the sample have no code beside them"
test_count=$((test_count + 1))
sqlite3 "$DB" "SELECT w.value FROM analyses a, json_each(a.warnings) w" |
	grep -q "recovered record(s) found: " || fail "the stored warnings are not the readers' English"

cp -a "$W/case" "$TMP/c1"
cp -a "$W/case" "$TMP/c2"
expect_exit 0 -C "$TMP/c1" casefile build --no-pdf -o "$TMP/en"
expect_exit 0 -C "$TMP/c2" casefile build --no-pdf --lang fr -o "$TMP/fr"
test_count=$((test_count + 1))
python3 "$CHECK" "$DB" "$TMP/en/bag/data" "$TMP/fr/bag/data" ||
	fail "the French report keeps a reader's English warning"
expect_grep 'Security\.evtx.{1,3}».{1,3}: 117 enregistrement\(s\) récupéré\(s\) trouvé\(s\)' "$TMP/fr/bag/data/report.html"
expect_no_grep 'texte de l’analyse, en anglais' "$TMP/fr/bag/data/report.html"

# a case from before the codes: the English as written, marked, in the French report only
cp -a "$W/case" "$TMP/c3"
sqlite3 "$TMP/c3/case.db" "UPDATE analyses SET warning_codes = NULL"
n=$(sqlite3 "$TMP/c3/case.db" "SELECT count(*) FROM analyses a, json_each(a.warnings) w WHERE a.kind = 'timeline'")
expect_exit 0 -C "$TMP/c3" casefile build --no-pdf --lang fr -o "$TMP/fr3"
test_count=$((test_count + 1))
python3 "$CHECK" "$DB" "$TMP/en/bag/data" "$TMP/fr3/bag/data" --english "$n" ||
	fail "a warning with no code is not shown as written and marked"
test_count=$((test_count + 1))
if python3 "$CHECK" "$DB" "$TMP/en/bag/data" "$TMP/fr3/bag/data" >"$TMP/blind.out"; then
	fail "the check passed a French report with the readers' English"
fi
grep -q "left in English in the French report, 0 allowed" "$TMP/blind.out" ||
	{ cat "$TMP/blind.out" >&2; fail "the check did not count the English warnings"; }
expect_no_grep 'texte de l’analyse, en anglais' "$TMP/en/bag/data/report.html"
done_testing
