#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""png_ink.py PNG MIN_DARK [MIN_COLOURS]: fails unless the image is not blank.

Decodes the PNG (8-bit grey, RGB or RGBA; the five filters) with the standard library and
samples every 4th pixel of every 4th row: at least MIN_DARK (0..1) of them must be clearly
darker than a white page, and more than MIN_COLOURS distinct colours must appear (default 0).
Used by t3060 (Chromium's screenshot of the report) and the PDF tests (pdftoppm's pages).
"""
import struct
import sys
import zlib

data = open(sys.argv[1], "rb").read()
min_dark = float(sys.argv[2])
min_colours = int(sys.argv[3]) if len(sys.argv) > 3 else 0
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    n, t = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    pos += 12 + n
    if t == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype in (0, 2, 6), "unsupported PNG type"
        bpp = {0: 1, 2: 3, 6: 4}[ctype]
    elif t == b"IDAT":
        idat += body
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
dark = total = 0
colours = set()
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1:
            line[i] = (line[i] + a) & 255
        elif f == 2:
            line[i] = (line[i] + b) & 255
        elif f == 3:
            line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 4:
        continue
    for x in range(0, w, 4):
        px = tuple(line[x * bpp:x * bpp + min(bpp, 3)])
        total += 1
        colours.add(px)
        if sum(px) / len(px) < 200:
            dark += 1
print("# ink %.4f of %d sampled pixels, %d colours" % (dark / total, total, len(colours)))
assert dark / total >= min_dark and len(colours) > min_colours, "blank"
