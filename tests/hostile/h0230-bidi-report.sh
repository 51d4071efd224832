#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Bidi and other invisible characters in report.html, annex-events.html, annex-custody.html and seal/cover.html (issue #14 item 4):
# the examiner's name, a file name, evidence descriptions and notes, custody notes, log
# messages, users, hosts, paths, findings and the hospital's harm text each carry every
# bidi control (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) and the other
# invisible characters (zero-width, U+2028/2029, U+FEFF, C0, C1, tag characters). No page
# may carry one raw; each must show as a visible escape (e.g. "<U+202E>" in angle
# brackets), and every string from evidence or a user must be isolated in a <bdi>.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../cli/casefile_fixture.sh"
need sqlite3 python3
export LIFELINE_NOW=2025-10-12T09:00:00Z

# every character of the class, as one string planted after a per-field marker
ctrl() { python3 -c 'import sys
cs = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E,
      0x200F, 0x061C, 0x200B, 0x200C, 0x200D, 0x2060, 0x2028, 0x2029, 0xFEFF, 0x00AD,
      0x0085, 0x009B, 0x0001, 0x001B, 0x007F, 0xE0041]
if sys.argv[1:] == ["name"]:  # file names with C0 controls are refused at build (another test)
    cs = [c for c in cs if c >= 0x20 and c != 0x7F]
sys.stdout.write("".join(chr(c) + "x" for c in cs))' "$@"; }
CTRL=$(ctrl)
NCTRL=$(ctrl name)
# a name ending in U+202E would show the fingerprint after it reversed
expect_exit 0 key new --name "QM00 Examiner$(printf '\342\200\256')" --org "Test Lab"
casefile_case "$TMP/case"
# a ransom note's file name, as collected, with a description
printf 'pay us\n' >"$TMP/QM01-README$NCTRL.txt"
expect_exit 0 collect files "$TMP/QM01-README$NCTRL.txt" --description "QM02 description$CTRL"
expect_exit 0 custody add --action note --evidence E1 --note "QM03 custody note$CTRL" \
	--location "QM04 location$CTRL"
# the rest straight into the case, one marker per field the report shows
python3 - "$CTRL" <<'PY'
import json, sqlite3, sys
c = sys.argv[1]
db = sqlite3.connect("case.db")
m = lambda n, what: "QM%02d %s%s" % (n, what, c)
db.execute("UPDATE case_info SET title=?, authority=?, agency=?", (m(10, "title"), m(11, "authority"), m(12, "agency")))
db.execute("UPDATE evidence SET description=?, source=? WHERE id='E2'", (m(13, "description"), m(14, "source")))
db.execute("UPDATE evidence_files SET orig_path=? WHERE evidence_id='E2'", (m(15, "/var/log/auth.log"),))
db.execute("UPDATE events SET message=?, user=?, host=?, path=?, locator=? WHERE id=1",
           (m(20, "log message"), m(21, "user"), m(22, "host"), m(23, "/tmp/x"), m(24, "auth.log:1")))
db.execute("UPDATE events SET message=? WHERE id=6", (m(25, "harm text"),))
db.execute("UPDATE findings SET title=?, description=?, host=? WHERE id=1", (m(30, "finding"), m(31, "description"), m(32, "host")))
doc = json.loads(db.execute("SELECT doc FROM correlation").fetchone()[0])
ch = doc["chains"][0]
ch["patient"], ch["unit"], ch["care_process"], ch["causality"] = m(40, "patient"), m(41, "unit"), m(42, "care"), m(43, "causality")
doc["attack_window"]["rule"] = m(44, "rule")
db.execute("UPDATE correlation SET doc=?", (json.dumps(doc),))
db.commit()
PY
expect_exit 0 casefile build -o "$TMP/cf"

python3 - "$TMP/cf/bag/data/report.html" "$TMP/cf/seal/cover.html" "$TMP/cf/bag/data/annex-events.html" \
	"$TMP/cf/bag/data/annex-custody.html" <<'PY' || fail "bidi or invisible characters not neutralised (above)"
import re, sys
bad = []
def invisible(cp):
    return ((cp < 0x20 and cp not in (9, 10)) or 0x7f <= cp <= 0x9f or cp in (0xad, 0x61c, 0x180e, 0xfeff)
            or 0x200b <= cp <= 0x200f or 0x2028 <= cp <= 0x202e or 0x2060 <= cp <= 0x206f
            or 0xfff9 <= cp <= 0xfffb or 0xe0000 <= cp <= 0xe007f)
# the events' rows are annex A (annex-events.html), the custody entries annex C
# (annex-custody.html: the note QM03 and location QM04), both linked from the report
want = {sys.argv[1]: [0, 1, 2, 10, 11, 12, 13, 14, 15, 30, 31, 32, 40, 41, 42, 43, 44],
        sys.argv[2]: [0, 10, 11], sys.argv[3]: [20, 21, 22, 24, 25], sys.argv[4]: [0, 3, 4]}
for path, markers in want.items():
    text = open(path, encoding="utf-8", errors="strict").read()
    for i, ch in enumerate(text):
        if invisible(ord(ch)):
            bad.append("%s: raw U+%04X at offset %d: %r" % (path, ord(ch), i, text[max(0, i - 40):i + 10]))
            break
    # where isolation cannot apply: <title> (no markup) and the SVG's labels
    exempt = [(mm.start(), mm.end()) for mm in re.finditer(r"<title>.*?</title>|<svg.*?</svg>", text, re.S)]
    for n in markers:
        occ = [mm.start() for mm in re.finditer("QM%02d" % n, text)]
        if not occ:
            bad.append("%s: marker QM%02d not shown at all" % (path, n))
        for o in occ:
            if any(a <= o < b for a, b in exempt):
                continue
            if text.rfind("<bdi>", 0, o) <= text.rfind("</bdi>", 0, o):
                bad.append("%s: QM%02d not inside <bdi>: %r" % (path, n, text[max(0, o - 60):o + 20]))
            end = text.find("</bdi>", o)
            seg = text[o:end]
            if "\u27e8U+202E\u27e9" not in seg and n != 0:
                bad.append("%s: QM%02d: no visible \u27e8U+202E\u27e9 escape in %r" % (path, n, seg[:200]))
    if "QM00" in text and not re.search("QM00 Examiner\u27e8U\\+202E\u27e9</bdi>", text):
        bad.append("%s: the examiner's U+202E is not shown as an escape" % path)
    if "bdi{unicode-bidi:isolate}" not in text:
        bad.append("%s: no unicode-bidi: isolate rule" % path)
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY

# the SVG labels and <title> are escaped too (checked above: no raw character anywhere)
expect_grep 'QM10 title⟨U\+202A⟩x⟨U\+202B⟩x' "$TMP/cf/bag/data/report.html"
expect_grep '⟨U\+E0041⟩' "$TMP/cf/bag/data/report.html"

# rendered by a browser (when there is one): the DOM keeps the escapes and the isolation
CHROMIUM=$(command -v chromium || command -v chromium-browser || :)
if [ -n "$CHROMIUM" ]; then
	"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$TMP/chrome" --dump-dom "file://$TMP/cf/seal/cover.html" \
		>"$TMP/dom.html" 2>"$TMP/chrome.err" || { cat "$TMP/chrome.err" >&2; fail "chromium --dump-dom failed"; }
	expect_grep '<bdi>QM00 Examiner⟨U\+202E⟩</bdi> \(certificate SHA-256 <code>[0-9a-f]{64}</code>\)' "$TMP/dom.html"
fi
done_testing
