#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Stored codes and a validation run's texts in the French report (t3095).

  report_code_text_check.py CASE_DB VALIDATION_JSON EN_DATA_DIR FR_DATA_DIR

From the case database: the custody actions of the ledger, the analyses'
kinds and their count keys; from the validation record: what each check
compared, its known limits, why it did not run, its data items' names and
notes. Each must be in the English report (actions: or annex C) else the
check is blind, and none may be in the French one, as a cell or as the text
of a cell (a file name, with no space, may stay; a sigma case's note
keeps its files but not its English words). Exit 1 with one line a fault.
"""
import html
import json
import sqlite3
import sys

db_path, vpath, en_dir, fr_dir = sys.argv[1:5]
read = lambda p: open(p, encoding="utf-8").read()
# as a reader reads them: the report's own escapes (&#39;...) undone
en_report, fr_report = (html.unescape(read(d + "/report.html")) for d in (en_dir, fr_dir))
en_annex, fr_annex = (html.unescape(read(d + "/annex-custody.html")) for d in (en_dir, fr_dir))
db = sqlite3.connect(db_path)
faults = []
cell = lambda s: "<bdi>%s</bdi>" % s
en, fr = en_report, fr_report


def check(what, text, shown):
    if shown not in en:
        faults.append("en: the %s %r is not in the English report: the check is stale" % (what, text))
    if shown in fr:
        faults.append("fr: the %s %r is in the French report" % (what, text))


actions = sorted({r[0] for r in db.execute("SELECT action FROM custody")})
# the actions are cells of section 4's summary and of annex C (whose notes, as written, may say
# "timeline": the kinds and keys are checked in the report only, where no note is shown)
en, fr = en_report + en_annex, fr_report + fr_annex
for a in actions:
    check("custody action", a, cell(a) + "</td>")
en, fr = en_report, fr_report
kinds = sorted({r[0] for r in db.execute("SELECT kind FROM analyses")})
for k in kinds:
    check("analysis kind", k, "<td>" + cell(k) + "</td>")
keys = set()
for (c,) in db.execute("SELECT counts FROM analyses"):
    keys.update(json.loads(c or "{}").keys())
for k in sorted(keys):
    check("count key", k, cell(k) + ": ")
v = json.loads(read(vpath))
texts = []
for ch in v["checks"]:
    texts += [("compared", ch.get("compared")), ("limits", ch.get("limits")), ("reason", ch.get("reason"))]
    for d in ch.get("data", []):
        texts.append(("data name", d.get("name")))
        note = d.get("note") or ""
        if "; fired: " in note:  # the case's files stay; its English words go
            texts.append(("sigma note", note))
        else:
            texts.append(("note", note))
n = 0
for what, t in texts:
    if not t or " " not in t:
        continue
    if what == "sigma note":
        if cell(t) not in en:
            faults.append("en: the sigma note %r is not in the English report: the check is stale" % t)
        if "; fired: " in fr or cell(t) in fr:
            faults.append("fr: the sigma note %r keeps its English in the French report" % t)
    else:
        check("validation " + what, t, cell(t))
    n += 1
print("# %d custody actions, %d analysis kinds, %d count keys, %d validation texts checked" %
      (len(actions), len(kinds), len(keys), n))
if not actions or not kinds or not keys or n < 10:
    faults.append("too little to check: the sample or the validation run is not what this check expects")
for f in faults:
    print("FAIL " + f)
sys.exit(1 if faults else 0)
