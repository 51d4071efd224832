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
	/usr/bin/python3 - "$1" "$2" <<'PY' || fail "$1 looks blank"
# Decodes the PNG (8-bit grey/RGB/RGBA, the five filters) and counts pixels
# clearly darker than the white page.
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat = 8, b""
while pos < len(data):
    n, t = struct.unpack(">I4s", data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]; pos += 12 + n
    if t == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10]); assert depth == 8 and ctype in (0, 2, 6)
        bpp = {0: 1, 2: 3, 6: 4}[ctype]
    elif t == b"IDAT":
        idat += body
raw = zlib.decompress(idat); stride = w * bpp; prev = bytearray(stride); dark = total = 0
for y in range(h):
    f = raw[y * (stride + 1)]; line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    for x in range(w):
        px = line[x * bpp:x * bpp + min(bpp, 3)]; total += 1
        if sum(px) / len(px) < 200: dark += 1
print("# ink %.4f of %d pixels" % (dark / total, total))
assert dark / total >= float(sys.argv[2])
PY
}
