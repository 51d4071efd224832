#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Evidence text written by an attacker reaches the PDF renderer (issue #18,
# item 9): an exhibit description and a finding title holding </style>,
# @import url(http://…), <img src=file:///etc/passwd>, <link> to a remote
# stylesheet, a 3,000-letter word and a right-to-left override. The PDF shows
# them as text (the markup is escaped, the override made visible), the page
# still renders, and the renderer (traced with strace -f) opens no socket,
# connects nowhere, and opens no file of the case or /etc/passwd: it reads
# the page from its stdin only.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../cli/casefile_fixture.sh"
. "$(dirname "$0")/../cli/pdf_lib.sh"
need sqlite3 python3 strace
need_pdf
export LIFELINE_NOW=2025-10-12T09:00:00Z

casefile_case "$TMP/case"
long=$(printf 'A%.0s' $(seq 1 3000))
rlo=$(printf '\342\200\256')
evil="</style><style>@import url(http://127.0.0.1:9/x.css);body{display:none}</style><img src=file:///etc/passwd><link rel=stylesheet href=http://127.0.0.1:9/y.css> ${rlo}gnp.exe $long"
printf 'note\n' >"$TMP/note.txt"
expect_exit 0 collect files "$TMP/note.txt" --description "$evil"
sqlite3 case.db "UPDATE findings SET title = '$(printf '%s' "$evil" | sed "s/'/''/g")' WHERE id = (SELECT min(id) FROM findings)"

test_count=$((test_count + 1))
set +e
# LeakSanitizer refuses to run under ptrace: off for this one run of an ASan build
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
strace -f -qq -e trace=execve,socket,connect,openat,open -o "$TMP/trace" \
	"$LIFELINE" casefile build -o "$TMP/cf" >"$TMP/out" 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 0 ] || { cat "$TMP/err" >&2; fail "casefile build under strace exited $rc"; }
PDF=$TMP/cf/bag/data/report.pdf
[ -s "$PDF" ] || fail "no report.pdf"
pdftotext "$PDF" "$TMP/text"
tr -d '\n' <"$TMP/text" >"$TMP/flat"
expect_grep '</style><style>@import url\(http://127\.0\.0\.1:9/x\.css\);body\{display:none\}</style>' "$TMP/flat"
expect_grep 'src=file:///etc/passwd><link' "$TMP/flat"
expect_grep '⟨U\+202E⟩gnp\.exe' "$TMP/flat"
expect_grep 'A{500}' "$TMP/flat"
expect_grep '3\. Evidence' "$TMP/text"
expect_grep '7\. Findings' "$TMP/text"
expect_no_grep 'root:x:0:0' "$TMP/text"
pdftoppm -r 50 -f 1 -l 1 -png "$PDF" "$TMP/page"
png_ink "$(ls "$TMP"/page*.png | head -n 1)" 0.01

# the renderer's process: what it opened and whom it called
/usr/bin/python3 - "$TMP/trace" "$TMP" <<'PY' || fail "the renderer reached outside its page"
import re, sys
trace, tmp = sys.argv[1], sys.argv[2]
renderer = set()
bad = []
for line in open(trace, errors="replace"):
    m = re.match(r"(\d+)\s+(.*)", line)
    if not m:
        continue
    pid, call = m.group(1), m.group(2)
    if call.startswith("execve(") and "python3" in call and "= 0" in call:
        renderer.add(pid)
    if pid not in renderer:
        continue
    if call.startswith("socket(") and not re.search(r"= -1 ", call):
        bad.append("socket: " + call)
    if call.startswith("connect("):
        bad.append("connect: " + call)
    if call.startswith(("openat(", "open(")):
        if "/etc/passwd" in call:
            bad.append("passwd: " + call)
        if tmp in call and "= -1" not in call:
            bad.append("case file: " + call)
print("# renderer processes: %s" % sorted(renderer))
assert renderer, "no renderer process in the trace"
for b in bad:
    print("FORBIDDEN " + b.strip())
assert not bad
PY
done_testing
