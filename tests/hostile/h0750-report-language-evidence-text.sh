#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The report's language changes its fixed text only: text from the case and
# the evidence (the case title on the cover and in <title>, a finding's title
# and description, an event's message in annex A, a custody note) carries
# markup, an attribute break-out, a fake `<html lang>`, French-looking fixed
# phrases and bidi controls. Built with --lang fr and --lang en, each string
# renders to the same escaped, isolated bytes in both, never as markup; each
# document declares its language once (report, annex A, cover); and the French
# build never translates or drops the evidence text.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../cli/casefile_fixture.sh"
need sqlite3 python3 openssl

casefile_case "$TMP/case"
# four strings, each marked HXn, each with markup, quotes, a fake lang and a bidi override
H1='HX1 </title><html lang="en"><script>alert(1)</script> « Synthèse » & ‮gpj.exe'
H2='HX2 "><img src=x onerror=alert(2)> 1. Summary : Constatations l'\''infraction'
H3='HX3 <b lang="de">Sommaire</b> &amp; page 1 sur 2 ⁦x⁩'
H4='HX4 <svg onload=alert(4)> Chain of custody ; Chaîne de conservation ?'
q() { printf '%s' "$1" | sed "s/'/''/g"; }
sqlite3 case.db <<SQL
UPDATE case_info SET title = '$(q "$H1")';
UPDATE findings SET title = '$(q "$H2")', description = '$(q "$H3")' WHERE id = 1;
UPDATE events SET message = '$(q "$H4")' WHERE id IN (SELECT event_id FROM finding_events);
SQL
expect_exit 0 custody add --action note --evidence E2 --note "$H3"
cp -a "$TMP/case" "$TMP/case-fr"
expect_exit 0 casefile build -o "$TMP/en" --no-pdf
expect_exit 0 -C "$TMP/case-fr" casefile build -o "$TMP/fr" --no-pdf --lang fr

test_count=$((test_count + 1))
python3 - "$TMP/en" "$TMP/fr" <<'PY' || fail "evidence text differs between the languages or is live markup"
import re, sys
en_dir, fr_dir = sys.argv[1:3]
docs = {}
for lang, d in (("en", en_dir), ("fr", fr_dir)):
    for name, path in (("report", "/bag/data/report.html"), ("annex", "/bag/data/annex-events.html"),
                       ("cover", "/seal/cover.html")):
        docs[(lang, name)] = open(d + path, encoding="utf-8").read()
for (lang, name), s in docs.items():
    # the document's own language, once; none of the strings' elements or attributes
    got = re.findall(r"<html\b[^>]*>", s)
    assert got == ['<html lang="%s">' % lang], (lang, name, got)
    for bad in ("<script", "<img", "<svg onload", 'lang="de"', "</title><html", "\u202e", "\u2066"):
        assert bad not in s, (lang, name, bad)
n = 0
for name in ("report", "annex", "cover"):
    for k in ("HX1", "HX2", "HX3", "HX4"):
        # every rendering of the string (in a <bdi>, or escaped text in <title>)
        rx = r"<bdi>[^<]*%s[^<]*</bdi>|<title>[^<]*%s[^<]*</title>" % (k, k)
        a = sorted(re.findall(rx, docs[("en", name)]))
        b = sorted(re.findall(rx, docs[("fr", name)]))
        # <title> carries the report's own word before the case id, not the case's text: drop it
        a = [x for x in a if not x.startswith("<title>")]
        b = [x for x in b if not x.startswith("<title>")]
        assert a == b, (name, k, a, b)
        n += len(a)
assert "&lt;script&gt;alert(1)&lt;/script&gt;" in docs[("fr", "cover")], "the case title is not on the French cover"
assert "HX2 &quot;&gt;&lt;img src=x onerror=alert(2)&gt; 1. Summary : Constatations l&#39;infraction" in docs[("fr", "report")] \
    or "HX2 &quot;&gt;&lt;img src=x onerror=alert(2)&gt; 1. Summary : Constatations l&#x27;infraction" in docs[("fr", "report")], \
    "the finding title is not escaped as found in the French report"
assert re.search(r"HX4 &lt;svg onload=alert\(4\)&gt; Chain of custody ; Chaîne de conservation \?", docs[("fr", "annex")]), \
    "annex A's message is not as found"
print("# %d renderings of 4 hostile strings, identical in French and English" % n)
PY
done_testing
