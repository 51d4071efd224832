#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The chain of custody out of the core report (issue #18 item 7), split from
# t3095 so that each stays within the sanitized pass's time: 150 more custody
# entries leave the sample's core report (data/report.pdf) at the same page
# count while annex C (data/annex-custody.html) holds every entry, one row
# each, as `custody log --json` lists them; a ledger altered in the case
# database is reported as not verified, naming the line (in French, the
# verifier's English message marked as English).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pdf_lib.sh"
. "$(dirname "$0")/sample_incident_fixture.sh"
need mkfs.ext4 debugfs openssl perl python3 sqlite3
need_pdf

sample_incident "$TMP/incident" "$TMP/work"
for c in en big bad; do cp -a "$W/case" "$TMP/c-$c"; done
pages() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }
expect_exit 0 -C "$TMP/c-en" casefile build -o "$TMP/en"
en=$(pages "$TMP/en/bag/data/report.pdf")

# 150 more entries: the same core page count; annex C holds every one
i=0
while [ $i -lt 150 ]; do
	i=$((i + 1))
	"$LIFELINE" -C "$TMP/c-big" custody add --action note --note "bulk note $i: seal intact" >/dev/null ||
		fail "custody add $i failed"
done
"$LIFELINE" -C "$TMP/c-big" custody log --json >"$TMP/log.json" || fail "custody log failed"
expect_exit 0 -C "$TMP/c-big" casefile build -o "$TMP/big"
big=$(pages "$TMP/big/bag/data/report.pdf")
say "with 150 more custody entries: $big pages (was $en)"
test_count=$((test_count + 1))
[ "$big" -eq "$en" ] || fail "150 custody entries changed the core report from $en to $big pages"
python3 - "$TMP/log.json" "$TMP/big/bag/data/annex-custody.html" <<'PY' || fail "annex C does not list the ledger"
import html, json, re, sys
log = json.load(open(sys.argv[1]))["entries"]
a = open(sys.argv[2], encoding="utf-8").read()
rows = re.findall(r'<tr id="cu-(\d+)"><td>\d+</td>(.*?)</tr>', a, re.S)
print("# annex C: %d rows, custody log: %d entries" % (len(rows), len(log)))
assert [int(r[0]) for r in rows] == [e["seq"] for e in log], "rows differ from the ledger's entries"
for (seq, row), e in zip(rows, log):
    assert "<bdi>%s</bdi>" % e["hash"] in row, (seq, "hash")
    note = "<bdi>%s</bdi>" % html.escape(e["note"], quote=False) if e["note"] else "&mdash;"
    assert note in row, (seq, "note")
assert len(log) >= 170
PY

# a ledger altered in the database: the report says it does not verify, and where
sqlite3 "$TMP/c-bad/case.db" "DROP TRIGGER custody_no_update; UPDATE custody SET note = 'altered' WHERE seq = 3;"
expect_exit 0 -C "$TMP/c-bad" casefile build --no-pdf -o "$TMP/bad"
expect_grep 'Verification failed\.</b> When this report was made, the exported ledger .{0,80}did not verify: <bdi>data/custody/chain\.tsv line 3: ' \
	"$TMP/bad/bag/data/report.html"
expect_no_grep 'each chained to the previous one and its signature valid' "$TMP/bad/bag/data/report.html"
# in French, the verifier's English words are marked as such
expect_exit 0 -C "$TMP/c-bad" casefile build --no-pdf --lang fr -o "$TMP/bad-fr"
expect_grep 'Échec de la vérification\.</b> .{0,160}n’a pas pu être vérifié.{0,12}<span lang="en"><bdi>data/custody/chain\.tsv line 3: [^<]+</bdi></span> <small class="own-text">\(message du vérificateur, en anglais\)</small>\.' \
	"$TMP/bad-fr/bag/data/report.html"

done_testing
