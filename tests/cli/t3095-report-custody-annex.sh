#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The chain of custody out of the core report (issue #18 items 7, 8): the
# sample's core report (data/report.pdf, with a validation run made in this
# test as annex V) is at most 40 A4 pages in English and in French; section 4
# is a summary (entries by action, first and last entry, the examiners who
# signed, the exported ledger's check and its head hash, where annex C is).
# In French, the custody actions,
# the analyses' kinds and count keys and the validation run's texts are in
# French (report_code_text_check.py; each is checked present in English).
# The growing ledger and the altered one: t3096.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pdf_lib.sh"
. "$(dirname "$0")/sample_incident_fixture.sh"
need mkfs.ext4 debugfs openssl perl python3 sqlite3
need_pdf

sample_incident "$TMP/incident" "$TMP/work"
expect_exit 0 validate -o "$TMP/v.json" --data "$SRC/validation"
for c in en fr; do cp -a "$W/case" "$TMP/c-$c"; done
pages() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }
for l in en fr; do
	expect_exit 0 -C "$TMP/c-$l" casefile build --lang "$l" --validation "$TMP/v.json" -o "$TMP/$l"
done
en=$(pages "$TMP/en/bag/data/report.pdf")
fr=$(pages "$TMP/fr/bag/data/report.pdf")
say "core report: en $en pages, fr $fr pages"
test_count=$((test_count + 1))
[ "$en" -le 40 ] && [ "$fr" -le 40 ] || fail "the core report has $en (en) / $fr (fr) pages, more than 40"

# section 4: the summary, and the ledger's head as `custody verify` gives it
pdftotext "$TMP/en/bag/data/report.pdf" - | tr '\n' ' ' | tr -s ' ' >"$TMP/en.txt"
expect_exit 0 -C "$TMP/c-en" custody verify
head=$(sqlite3 "$TMP/c-en/case.db" "SELECT hash FROM custody WHERE seq = (SELECT max(seq) - 1 FROM custody);")
n0=$(sqlite3 "$TMP/c-en/case.db" "SELECT count(*) - 1 FROM custody;")
expect_grep "The ledger holds $n0 entries as this report was made" "$TMP/en.txt"
expect_grep 'annex C, data/annex-custody\.html' "$TMP/en.txt"
expect_grep 'First entry \(#1\): [0-9T:.-]+Z, acquire by ' "$TMP/en.txt"
expect_grep '<th>Examiner who signed</th><th>Certificate SHA-256</th><th>Entries</th>' "$TMP/en/bag/data/report.html"
expect_grep "$n0 entries, each chained to the previous one and its signature valid" "$TMP/en.txt"
H=$TMP/en/bag/data/report.html
# the evidence section names the bag's own file (it once said references-sha256.txt)
expect_grep '<code>data/evidence-sha256\.txt</code>' "$H"
expect_no_grep 'references-sha256' "$H"
# every page of the French PDF has ink beyond its header and footer, and "page x sur y"
pdftoppm -r 30 -png "$TMP/fr/bag/data/report.pdf" "$TMP/fr-page"
test_count=$((test_count + 1))
[ "$(ls "$TMP"/fr-page*.png | wc -l)" -eq "$fr" ] || fail "pdftoppm did not give $fr pages"
for p in "$TMP"/fr-page*.png; do png_ink "$p" 0.005 >/dev/null; done
pdftotext -layout "$TMP/fr/bag/data/report.pdf" "$TMP/fr-layout.txt"
test_count=$((test_count + 1))
[ "$(grep -cE "page [0-9]+ sur $fr\$" "$TMP/fr-layout.txt")" -eq "$fr" ] || fail "not every French page has 'page x sur $fr'"
expect_grep "<span class=\"hash\"><bdi>$head</bdi></span>" "$H"
expect_no_grep '<tr id="cu-' "$H"

# French: the codes and the validation run's texts in French, none of the English left
test_count=$((test_count + 1))
python3 "$SRC/tests/cli/report_code_text_check.py" "$TMP/c-en/case.db" "$TMP/v.json" \
	"$TMP/en/bag/data" "$TMP/fr/bag/data" || fail "the French report keeps English codes or validation texts"
expect_grep '<td><bdi>réception</bdi></td>' "$TMP/fr/bag/data/annex-custody.html"
expect_grep 'Opération</th><th>Entrées' "$TMP/fr/bag/data/report.html"
done_testing
