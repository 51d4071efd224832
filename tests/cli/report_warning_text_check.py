#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The readers' warnings in the French report (t3092, issue #18).

  report_warning_text_check.py CASE_DB EN_DATA_DIR FR_DATA_DIR [--english N]

Takes every warning text the analyses stored (analyses.warnings of CASE_DB,
the English record), checks that each is in the English report (else the
check would be blind), and fails (exit 1, one line per fault) when one is in
the French report, its annex A or annex O -- except that --english N allows
exactly N warnings left English (no code: an older case, a library's own
message), each shown byte-identical to the English and marked as the
analysis's English words.
"""
import json
import sqlite3
import sys

sys.dont_write_bytecode = True
from report_text import french_text, plain, read, squash  # noqa: E402

args = sys.argv[1:]
DB, EN_DIR, FR_DIR = args[0], args[1], args[2]
english = int(args[args.index("--english") + 1]) if "--english" in args else 0
MARK = "(texte de l’analyse, en anglais, tel qu’enregistré)"
faults = []


texts = []
with sqlite3.connect(DB) as db:
    for (w,) in db.execute("SELECT warnings FROM analyses WHERE kind = 'timeline'"):
        for t in json.loads(w or "[]"):
            if isinstance(t, str) and squash(t) not in texts:
                texts.append(squash(t))
if not texts:
    sys.exit("FAIL: the case's analyses have no warnings: the check would be blind")
en = plain(read(EN_DIR + "/report.html"))
fr_html = read(FR_DIR + "/report.html")
fr = french_text(FR_DIR, fr_html)
left = 0
for t in texts:
    if t not in en:
        faults.append("FAIL en: the warning '%s' is not in the English report" % t[:120])
    if t in fr:
        left += 1
        # left English: only as written and marked, right after it
        if (t + " " + MARK) not in fr:
            faults.append("FAIL fr: the warning '%s' is in the French report, unmarked" % t[:120])
if left != english:
    faults.append("FAIL fr: %d warning(s) left in English in the French report, %d allowed" % (left, english))
marks = fr_html.count(MARK)
if marks < english:
    faults.append("FAIL fr: %d English warning(s) marked, %d expected" % (marks, english))
for f in faults:
    print(f)
print("%d warning text(s) checked, %d left English" % (len(texts), left))
sys.exit(1 if faults else 0)
