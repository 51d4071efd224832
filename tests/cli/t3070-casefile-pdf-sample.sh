#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The sample incident's case file as a court receives it on paper (issue #18,
# items 7 and 9): data/report.pdf is in the manifest and the case file
# verifies; the core report is at most 40 A4 pages with every section, a
# running header and "page x of y" on each page, times in UTC and
# Europe/Paris; the expert, the mandate's questions verbatim, the French
# declaration, and the disclosure naming dc01 and edboard01 (not imaged); the
# cited events are annex A (data/annex-events.html), one
# row per event the database says findings and the correlation cite, each
# with its local time and meaning; the first page is not blank; the same
# case state built twice gives the same PDF, byte for byte.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pdf_lib.sh"
. "$(dirname "$0")/sample_incident_fixture.sh"
need mkfs.ext4 debugfs openssl perl python3 sqlite3
need_pdf

sample_incident "$TMP/incident" "$TMP/work"
D=$W/casefile/bag/data
PDF=$D/report.pdf
[ -s "$PDF" ] || fail "no data/report.pdf in the sample's case file"
expect_grep '^[0-9a-f]{64}  data/report\.pdf$' "$W/casefile/bag/manifest-sha256.txt"
expect_grep '^[0-9a-f]{64}  data/annex-events\.html$' "$W/casefile/bag/manifest-sha256.txt"
export LIFELINE_HOME="$W/home"
expect_exit 0 casefile verify "$W/casefile" --ca "$W/trust.pem"

pdfinfo "$PDF" >"$TMP/info"
pages=$(sed -n 's/^Pages: *//p' "$TMP/info")
say "core report: $pages pages"
test_count=$((test_count + 1))
[ "$pages" -ge 10 ] && [ "$pages" -le 40 ] || fail "the core report has $pages pages, not 10 to 40"
expect_grep '^Page size: +595\.2[0-9]* x 841\.8[0-9]* pts \(A4\)' "$TMP/info"

pdftotext -layout "$PDF" "$TMP/report.txt"
for h in "1. Summary" "2. Questions addressed" "3. Evidence" "4. Chain of custody" "5. Methods" \
	"6. Timeline" "7. Findings" "8. From attack to harm" "9. Endangering disruptions" \
	"10. Impact statistics" "11. Cited events" "12. Limitations" "13. Declaration" "14. Annexes"; do
	expect_grep "^ *$h" "$TMP/report.txt"
done
# every page: the running header and "page x of y"
test_count=$((test_count + 1))
n=$(grep -cE "page [0-9]+ of $pages\$" "$TMP/report.txt" || true)
[ "$n" -eq "$pages" ] || fail "$n 'page x of $pages' footers for $pages pages"
test_count=$((test_count + 1))
n=$(grep -c 'Expert report, case CHV-2021-1113, version of ' "$TMP/report.txt" || true)
[ "$n" -eq "$pages" ] || fail "$n running headers for $pages pages"
# the encryption burst's first time, in UTC and under it in Europe/Paris (CET in
# November); a narrow column may put the UTC time on two lines, after its "T"
pdftotext "$PDF" "$TMP/raw.txt"
expect_grep '(^|T)14:36:00Z' "$TMP/raw.txt"
expect_grep '15:36:00 CET' "$TMP/raw.txt"
expect_grep '^\(\+0100\)' "$TMP/raw.txt"
expect_grep 'annex-events\.html' "$TMP/raw.txt"
expect_grep 'data/report\.pdf \(PDF/A-2b\)' "$TMP/raw.txt"
# the expert, the mandate's questions and the French declaration; the disclosure names the
# hosts of the inventory no exhibit came from (dc01, edboard01); the waiting-room median
# has its result, not a dash
tr '\n' ' ' <"$TMP/raw.txt" | tr -s ' ' >"$TMP/flat.txt"
expect_grep 'data/annex-custody\.pdf and data/annex-offences\.pdf' "$TMP/flat.txt"
expect_grep 'Sample qualification: MSc in digital forensics \(fictional\)' "$TMP/flat.txt"
expect_grep "Question 2\. .{0,3}Identifier les systèmes atteints et les services de soins dont le fonctionnement a été entravé\." "$TMP/flat.txt"
expect_grep "en mon honneur et en ma conscience" "$TMP/flat.txt"
expect_grep 'not imaged or collected' "$TMP/flat.txt"
/usr/bin/python3 - "$W/case/case.db" "$D/analysis/expert.json" <<'PY' || fail "the sample's disclosure is wrong"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
d = json.load(open(sys.argv[2]))["disclosure"]
hosts = [x["hostname"] for x in d["systems_not_collected"]]
assert hosts == ["dc01.offsec.lan", "edboard01"], hosts
assert d["events_total"] == db.execute("SELECT count(*) FROM events").fetchone()[0], d
assert d["findings_total"] == db.execute("SELECT count(*) FROM findings").fetchone()[0], d
print("# disclosure: not collected %s, %d of %d events not cited" % (hosts, d["events_not_cited"], d["events_total"]))
PY
test_count=$((test_count + 1))
if grep -q 'waiting_room_median_min' "$TMP/flat.txt"; then
	expect_grep 'waiting_room_median_min [A-Z]+ .{0,400}difference of medians [-+][0-9]+\.[0-9] min' "$TMP/flat.txt"
fi
# PDF/A-2b is declared in the XMP metadata
test_count=$((test_count + 1))
grep -aq 'pdfaid:part="2"' "$PDF" && grep -aq 'pdfaid:conformance="B"' "$PDF" ||
	fail "report.pdf does not declare PDF/A-2b"

# the first page has ink (pdftoppm's PNG: kept for a human to look at)
pdftoppm -r 50 -f 1 -l 1 -png "$PDF" "$TMP/page"
png_ink "$(ls "$TMP"/page*.png | head -n 1)" 0.01
[ -n "${LL_BUILD_DIR:-}" ] && cp "$(ls "$TMP"/page*.png | head -n 1)" "$LL_BUILD_DIR/casefile-report-page1.png"

# annex A: one row per cited event the database has, each with both times and a meaning
/usr/bin/python3 - "$W/case/case.db" "$D/annex-events.html" <<'PY' || fail "annex A does not match the database"
import json, re, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ids = {r[0] for r in db.execute("SELECT event_id FROM finding_events")}
def walk(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "events" and isinstance(x, list):
                ids.update(e for e in x if isinstance(e, int))
            else:
                walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
for (doc,) in db.execute("SELECT doc FROM correlation"):
    walk(json.loads(doc))
have = {r[0] for r in db.execute("SELECT id FROM events")}
want = sorted(ids & have)[:5000]
html = open(sys.argv[2], encoding="utf-8").read()
rows = re.findall(r'<tr id="ev-(\d+)"><td>E\d+</td><td><bdi>([^<]+)</bdi></td><td><bdi>([^<]*)</bdi></td><td>(.*?)</td>', html)
got = [int(r[0]) for r in rows]
print("# annex A: %d rows, database: %d cited events" % (len(got), len(want)))
assert got == want, "rows differ from the database's cited events"
for i, utc, local, meaning in rows:
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", utc), utc
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d CES?T \(\+0[12]00\)$", local), local
    assert meaning.startswith("<bdi>") or meaning == "&mdash;", meaning
assert sum(1 for r in rows if r[3] != "&mdash;") == len(rows), "an event row without the time's meaning"
PY
test_count=$((test_count + 1))

# the same case state, built twice: the same PDF (and annex), byte for byte
cp -a "$W/case" "$TMP/c1"
cp -a "$W/case" "$TMP/c2"
for i in 1 2; do
	LIFELINE_KEY="$W/keys/analyst/examiner.key" LIFELINE_CERT="$W/keys/analyst/examiner.crt" \
		expect_exit 0 -C "$TMP/c$i" casefile build -o "$TMP/out$i"
done
test_count=$((test_count + 1))
cmp "$TMP/out1/bag/data/report.pdf" "$TMP/out2/bag/data/report.pdf" ||
	fail "two builds of one case state give different PDFs"
expect_same "$TMP/out1/bag/data/annex-events.html" "$TMP/out2/bag/data/annex-events.html" "annex A differs"
# annexes C and O as PDF too (issue #18 item 9): in the manifest, inked, numbered, the same twice;
# annex A stays HTML (its thousands of rows take WeasyPrint minutes) and methods.json says so
for a in custody offences; do
	P=$D/annex-$a.pdf
	[ -s "$P" ] || fail "no data/annex-$a.pdf"
	expect_grep "^[0-9a-f]{64}  data/annex-$a\\.pdf\$" "$W/casefile/bag/manifest-sha256.txt"
	grep -aq 'pdfaid:part="2"' "$P" || fail "annex-$a.pdf does not declare PDF/A-2b"
	pdftoppm -r 30 -f 1 -l 1 -png "$P" "$TMP/annex-$a"
	png_ink "$(ls "$TMP"/annex-$a*.png | head -n 1)" 0.005
	n=$(sed -n 's/^Pages: *//p' "$(pdfinfo "$P" >"$TMP/a.info"; echo "$TMP/a.info")")
	pdftotext "$P" "$TMP/annex-$a.txt"
	test_count=$((test_count + 1))
	[ "$(grep -cE "page [0-9]+ of $n\$" "$TMP/annex-$a.txt" || true)" -eq "$n" ] ||
		fail "annex-$a.pdf: not every one of its $n pages is numbered"
	test_count=$((test_count + 1))
	cmp "$TMP/out1/bag/data/annex-$a.pdf" "$TMP/out2/bag/data/annex-$a.pdf" ||
		fail "two builds of one case state give different annex-$a.pdf"
done
[ ! -e "$D/annex-events.pdf" ] || fail "annex A was rendered to PDF"
expect_grep '"pdf": "data/report.pdf, annex-custody.pdf, annex-offences.pdf, PDF/A-2b, WeasyPrint; annex A in HTML only' "$D/analysis/methods.json"
done_testing
