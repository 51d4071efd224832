#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A validation.json comes from another run, maybe another person: every
# string the annex shows (host, system, version, check id, what was compared,
# peer tool and version, data names and notes, reasons, limits) carries
# markup, an attribute break-out and every bidi/invisible character. The
# annex must render them inert: no element or attribute from the file, no raw
# invisible character, each string isolated in <bdi>, and the figures intact.
. "$(dirname "$0")/../cli/lib.sh"
need python3
new_case
printf 'x\n' >"$TMP/x.txt"
expect_exit 0 collect files "$TMP/x.txt"
python3 - "$TMP/v.json" <<'PY'
import json, sys
cs = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F,
      0x061C, 0x200B, 0x2028, 0x2029, 0xFEFF, 0x0085, 0x001B, 0x007F, 0xE0041]
ctl = "".join(chr(c) + "x" for c in cs)
def h(n): return 'VM%02d<script>alert(%d)</script>"><img src=x onerror=alert(%d)>\'&amp;%s' % (n, n, n, ctl)
doc = {"schema": "lifeline.validation/1",
       "lifeline": {"version": h(1), "sha256": h(2), "path": "/x"},
       "date": h(3), "host": h(4), "system": h(5),
       "checks": [
         {"id": h(6), "compared": h(7), "peer": {"tool": h(8), "version": h(9)}, "status": "pass",
          "counts": {"compared": 41, "equal": 41, "differing": 0},
          "data": [{"name": h(10), "sha256": h(11), "size": 7, "note": h(12), "result": "pass",
                    "counts": {"compared": 41, "equal": 41, "differing": 0}}],
          "limits": h(13)},
         {"id": h(14), "compared": h(15), "peer": {"tool": h(16)}, "status": "not run",
          "reason": h(17), "limits": h(18), "data": [], "counts": {"compared": 0, "equal": 0, "differing": 0}}],
       "summary": {}, "statement": h(19)}
json.dump(doc, open(sys.argv[1], "w"))
PY
expect_exit 0 casefile build -o "$TMP/cf" --no-pdf --validation "$TMP/v.json"
python3 - "$TMP/cf/bag/data/report.html" <<'PY' || fail "validation strings not rendered inert (above)"
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
sec = page[page.index('<section id="validation">'):]
sec = sec[:sec.index("</section>")]
bad = []
if re.search(r"<script|<img|onerror=alert\(\d+\)[^<]*>", sec.replace("&lt;", "").replace("&gt;", "")) and "<script" in sec:
    bad.append("raw markup")
if "<script" in sec or "<img" in sec: bad.append("raw <script>/<img> from the file")
if re.search(r'"\s*onerror', sec): bad.append("attribute break-out")
def invisible(cp):
    return ((cp < 0x20 and cp not in (9, 10)) or 0x7f <= cp <= 0x9f or cp in (0xad, 0x61c, 0xfeff)
            or 0x200b <= cp <= 0x200f or 0x2028 <= cp <= 0x202e or 0x2060 <= cp <= 0x206f
            or 0xe0000 <= cp <= 0xe007f)
raw = sorted({"U+%04X" % ord(c) for c in sec if invisible(ord(c))})
if raw: bad.append("raw invisible characters: " + " ".join(raw))
# every marker shown, escaped, inside a <bdi>, except the two ids the annex does not show (path, statement)
shown = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]
for n in shown:
    m = re.search(r"<bdi>VM%02d&lt;script&gt;alert\(%d\)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert\(%d\)&gt;&#39;&amp;amp;" % (n, n, n), sec)
    if not m:
        m2 = re.search(r"<bdi>VM%02d&lt;script&gt;" % n, sec)
        if not m2: bad.append("VM%02d not shown escaped in a <bdi>" % n)
if "U+202E" not in sec: bad.append("the controls are not shown visibly")
if 'data-count="compared">41<' not in sec: bad.append("the figures were lost")
for b in bad: print("  " + b)
sys.exit(1 if bad else 0)
PY
test_count=$((test_count + 1))
done_testing
