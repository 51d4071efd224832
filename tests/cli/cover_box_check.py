#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""cover_box_check.py PGM BBOX: the report's first page, its cover inside its border.

PGM: page 1 rendered by `pdftoppm -r 72 -gray` (one pixel a point); BBOX: page 1's
words from `pdftotext -bbox`. The cover's double border is the set of pixel rows
dark over more than 80% of the page's text width; every word between the border's
first row and the page footer ("page 1 of|sur N") must lie above its last row
(t3093: WeasyPrint 57 closed the border after the first label with overflow:hidden).
"""
import re
import sys

data = open(sys.argv[1], "rb").read()
m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
assert m, "not a binary PGM"
w, h = int(m.group(1)), int(m.group(2))
px = data[m.end():]
lines = [y for y in range(h) if sum(1 for b in px[y * w:(y + 1) * w] if b < 128) > 0.8 * (w - 2 * 40)]
assert lines, "no horizontal border on page 1"
top, bottom = min(lines), max(lines)
words = [(float(a), float(b), t) for a, b, t in
         re.findall(r'<word xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" yMax="([^"]+)">([^<]*)</word>',
                    open(sys.argv[2], encoding="utf-8").read())]
footer = max(y0 for y0, _, t in words if t == "page")  # the footer is the lowest "page"
inside = [(y0, y1, t) for y0, y1, t in words if y0 > top and y0 < footer]
assert len(inside) >= 10, "only %d words under the border's top" % len(inside)
out = [t for y0, y1, t in inside if y1 > bottom]
if out:
    sys.exit("the cover's border ends at y=%d, above %d of its %d words (first: %r)" % (bottom, len(out), len(inside), out[0]))
print("# cover: border rows %d..%d, %d words inside" % (top, bottom, len(inside)))
