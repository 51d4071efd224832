#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Text an examiner or a mandate brings into the report (issue #18 item 1) is
# shown, never obeyed: a profile name and qualification and a question as put
# holding </q></li><script>, an <img> with an onerror, a </style> and a
# stylesheet link, a right-to-left override, an ANSI escape and a zero-width
# joiner. The HTML holds them escaped inside <bdi> (no element of theirs, the
# override and the controls shown as ⟨U+…⟩); the PDF (pdftotext) shows the same
# text and its pages still render; case show and key profile show the
# control characters made visible on a terminal (ll_quote: \x1b), never raw
# (bidi characters on a terminal are core/name.h's ll_quote's business: not
# checked here).
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../cli/casefile_fixture.sh"
. "$(dirname "$0")/../cli/pdf_lib.sh"
need sqlite3 python3
need_pdf
export LIFELINE_NOW=2025-10-12T09:00:00Z

casefile_case "$TMP/case"
rlo=$(printf '\342\200\256')
esc=$(printf '\033')
zwj=$(printf '\342\200\215')
evil="</q></li><script>alert(1)</script><img src=x onerror=alert(2)></style><link rel=stylesheet href=http://127.0.0.1:9/z.css> ${rlo}fdp.exe ${esc}[31mred${zwj}"
expect_exit 0 key profile --name "Mallory $evil" --qualification "Q $evil" --role "R"
expect_exit 0 case set --question "Question $evil" --requesting-authority "A $evil" --jurisdiction ew

# terminal: the controls are visible, not raw
expect_exit 0 case show
test_count=$((test_count + 1))
if grep -q "$esc" "$TMP/out"; then fail "case show printed a raw control"; fi
expect_grep 'question 1  Question </q></li><script>.*\\x1b\[31mred' "$TMP/out"
expect_exit 0 key profile
test_count=$((test_count + 1))
if grep -q "$esc" "$TMP/out"; then fail "key profile printed a raw control"; fi

expect_exit 0 casefile build -o "$TMP/cf"
H=$TMP/cf/bag/data/report.html
test_count=$((test_count + 1))
python3 - "$H" <<'PY' || fail "hostile profile or mandate text is live in the report"
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
s = html[html.index('<section id="questions"'):html.index('<section id="evidence"')]
d = html[html.index('<section id="declaration"'):html.index('<section id="annexes"')]
for part in (s, d):
    for bad in ("<script", "<img", "<link", "</style>", "\u202e", "\x1b", "\u200d", "onerror=alert(2)>"):
        assert bad not in part, bad
esc_evil = ("&lt;/q&gt;&lt;/li&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
            "&lt;/style&gt;&lt;link rel=stylesheet href=http://127.0.0.1:9/z.css&gt; "
            "\u27e8U+202E\u27e9fdp.exe \u27e8U+001B\u27e9[31mred\u27e8U+200D\u27e9")
assert '<q><bdi>Question ' + esc_evil + '</bdi></q>' in s, s[:3000]
assert '<td><bdi>Mallory ' + esc_evil + '</bdi></td>' in s, s[:3000]
assert '<li><bdi>Q ' + esc_evil + '</bdi></li>' in s
assert '<td><bdi>A ' + esc_evil + '</bdi></td>' in s
assert '<p>I, <bdi>Mallory ' + esc_evil + '</bdi>, declare that:</p>' in d, d[:800]
# the page's own structure is intact: one questions list, one declaration, every section
assert html.count('<ol class="asked">') == 1 and html.count('<section id="declaration">') == 1
for sec in ("summary", "questions", "evidence", "limitations", "declaration", "annexes"):
    assert '<section id="%s"' % sec in html, sec
PY
PDF=$TMP/cf/bag/data/report.pdf
pdftotext "$PDF" "$TMP/text"
tr -d '\n' <"$TMP/text" >"$TMP/flat"
expect_grep 'Question </q></li><script>alert\(1\)</script><img src=x onerror=alert\(2\)></style><link' "$TMP/flat"
expect_grep 'Mallory </q></li><script>' "$TMP/flat"
expect_grep '⟨U\+202E⟩fdp\.exe ⟨U\+001B⟩\[31mred⟨U\+200D⟩' "$TMP/flat"
expect_grep '13\. Declaration' "$TMP/text"
expect_grep '14\. Annexes' "$TMP/text"
pdftoppm -r 50 -f 1 -l 1 -png "$PDF" "$TMP/page"
png_ink "$(ls "$TMP"/page*.png | head -n 1)" 0.01
done_testing
