#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The PDF's cover as a reader sees it (issue #18 item 7, found in the
# acceptance pass): page 1 rendered to pixels, in English and in French, has
# its double border around every label and value of the cover, down to the
# seal fingerprint; WeasyPrint 57 closed the border after the first row when
# the floated labels were contained by overflow:hidden. cover_box_check.py
# reads the border's rows from the pixels and the words' places from
# pdftotext -bbox.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/casefile_fixture.sh"
. "$(dirname "$0")/pdf_lib.sh"
need sqlite3 python3
need_pdf
export LIFELINE_NOW=2025-10-12T09:00:00Z

casefile_case "$TMP/case"
for l in en fr; do
	expect_exit 0 casefile build -o "$TMP/$l" --lang "$l"
	P=$TMP/$l/bag/data/report.pdf
	pdftoppm -r 72 -gray -f 1 -l 1 "$P" "$TMP/$l-p1"
	pdftotext -bbox -f 1 -l 1 "$P" "$TMP/$l-p1.html"
	test_count=$((test_count + 1))
	# pdftoppm pads the page number to the page count's digits
	python3 "$SRC/tests/cli/cover_box_check.py" "$TMP/$l-p1"-*.pgm "$TMP/$l-p1.html" ||
		fail "the $l cover's border does not enclose the cover"
done
done_testing
