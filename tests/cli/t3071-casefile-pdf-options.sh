#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# casefile build's PDF and zone options on the fixture case: --tz puts local
# times beside UTC in annex A and the findings; --no-pdf leaves no PDF but says
# so in the report and methods.json; a missing renderer (exit 3), a failing
# one (exit 5) and one that runs past LIFELINE_PDF_TIMEOUT (exit 5) stop the
# build with a message naming the cause and leave no folder and no custody
# entry; an unknown --tz is a usage error (exit 2).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/casefile_fixture.sh"
. "$(dirname "$0")/pdf_lib.sh"
need sqlite3 python3
need_pdf
export LIFELINE_NOW=2025-10-12T09:00:00Z

casefile_case "$TMP/case"
seq0=$(sqlite3 case.db 'SELECT max(seq) FROM custody')

# the fixture's analyses recorded "UTC": no local column unless --tz
expect_exit 0 casefile build -o "$TMP/utc" --no-pdf
[ ! -e "$TMP/utc/bag/data/report.pdf" ] || fail "--no-pdf wrote a PDF"
expect_grep 'No PDF of this report was rendered: the case file was built with <code>--no-pdf</code>' \
	"$TMP/utc/bag/data/report.html"
expect_grep '"pdf": "not rendered \(--no-pdf\): no data/report.pdf"' "$TMP/utc/bag/data/analysis/methods.json"
expect_grep '"local-time-zone": "none \(UTC only\)"' "$TMP/utc/bag/data/analysis/methods.json"
expect_no_grep 'Local time' "$TMP/utc/bag/data/annex-events.html"
expect_grep 'Times are in UTC \(no local zone' "$TMP/utc/bag/data/annex-events.html"

expect_exit 0 casefile build -o "$TMP/tz" --tz America/New_York
A=$TMP/tz/bag/data/annex-events.html
expect_grep '<th>Local time \(<bdi>America/New_York</bdi>\)</th><th>Meaning</th>' "$A"
# 2025-10-10T01:58:02Z is 21:58:02 the day before in New York (EDT, UTC-4)
expect_grep '<td><bdi>2025-10-10T01:58:02Z</bdi></td><td><bdi>2025-10-09 21:58:02 EDT \(-0400\)</bdi></td>' "$A"
expect_grep '"local-time-zone": "America/New_York"' "$TMP/tz/bag/data/analysis/methods.json"
expect_grep '^[0-9a-f]{64}  data/report\.pdf$' "$TMP/tz/bag/manifest-sha256.txt"
pdftotext "$TMP/tz/bag/data/report.pdf" "$TMP/tz.txt"
expect_grep 'EDT' "$TMP/tz.txt"
expect_grep 'page 1 of [0-9]+' "$TMP/tz.txt"
# a fixed offset
expect_exit 0 casefile build -o "$TMP/fixed" --tz +05:30 --no-pdf
expect_grep '2025-10-10 07:28:02 \(\+05:30\)' "$TMP/fixed/bag/data/annex-events.html"
expect_exit 2 casefile build -o "$TMP/bad" --tz Mars/Olympus_Mons
expect_grep "unknown time zone 'Mars/Olympus_Mons'" "$TMP/err"
[ ! -e "$TMP/bad" ] || fail "a usage error created the folder"

seq1=$(sqlite3 case.db 'SELECT max(seq) FROM custody')
# no renderer: exit 3, naming the package and --no-pdf; nothing left, no seal entry
LIFELINE_PDF_PYTHON=$TMP/no-such-python expect_exit 3 casefile build -o "$TMP/none"
expect_grep 'install the Debian package weasyprint, or build with --no-pdf' "$TMP/err"
[ ! -e "$TMP/none" ] || fail "a build without renderer left its folder"
# a renderer that fails: exit 5 with its last message
printf '#!/bin/sh\ncat >/dev/null\necho "renderer: out of ink" >&2\nexit 1\n' >"$TMP/failing"
chmod +x "$TMP/failing"
LIFELINE_PDF_PYTHON=$TMP/failing expect_exit 5 casefile build -o "$TMP/failed"
expect_grep "rendering '.*report\.html' to PDF failed \(exit 1\): renderer: out of ink" "$TMP/err"
[ ! -e "$TMP/failed" ] || fail "a failed rendering left its folder"
# one that writes something that is not a PDF
printf '#!/bin/sh\ncat >/dev/null\necho "<html>not a pdf"\n' >"$TMP/notpdf"
chmod +x "$TMP/notpdf"
LIFELINE_PDF_PYTHON=$TMP/notpdf expect_exit 5 casefile build -o "$TMP/notpdf.out"
expect_grep 'gave no PDF' "$TMP/err"
[ ! -e "$TMP/notpdf.out" ] || fail "a non-PDF rendering left its folder"
# and one that hangs: stopped after LIFELINE_PDF_TIMEOUT seconds
printf '#!/bin/sh\nexec sleep 60\n' >"$TMP/hang"
chmod +x "$TMP/hang"
t0=$(date +%s)
LIFELINE_PDF_PYTHON=$TMP/hang LIFELINE_PDF_TIMEOUT=2 expect_exit 5 casefile build -o "$TMP/hung"
expect_grep 'to PDF took more than 2 s: stopped' "$TMP/err"
test_count=$((test_count + 1))
[ $(($(date +%s) - t0)) -lt 30 ] || fail "the hanging renderer was not stopped in time"
[ ! -e "$TMP/hung" ] || fail "a timed-out rendering left its folder"
test_count=$((test_count + 1))
[ "$(sqlite3 case.db 'SELECT max(seq) FROM custody')" = "$seq1" ] ||
	fail "a failed build recorded a custody entry"
test_count=$((test_count + 1))
[ "$seq1" -gt "$seq0" ] || fail "the successful builds recorded no seal entry"
done_testing
