# SPDX-License-Identifier: Apache-2.0
# Sourced by the PDF tests (t307x, h0630) after lib.sh.
#   need_pdf          skips without WeasyPrint (Debian python3 + weasyprint) or poppler-utils
#   png_ink PNG MIN   fails unless at least MIN of the pixels (0..1) are clearly darker
#                     than white: the page is not blank

need_pdf() {
	need pdfinfo pdftotext pdftoppm
	/usr/bin/python3 -c 'import weasyprint' 2>/dev/null || skip "needs WeasyPrint (Debian package weasyprint)"
}

png_ink() {
	python3 "$SRC/tests/cli/png_ink.py" "$1" "$2" || fail "$1 looks blank"
}
