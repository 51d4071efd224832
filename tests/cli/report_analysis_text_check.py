#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The analyses' own texts in the French report, and the fact/record/opinion
tags of the summary, the limitations and the declaration (t3091, t3090).

  report_analysis_text_check.py EN_DATA_DIR FR_DATA_DIR [--own-title TITLE]... [--own-basis N]

Takes the English texts the analyses wrote from the English build's
data/analysis/ (findings.json: titles and descriptions; correlation.json:
the attack-path steps' basis sentences, the chain links' basis and kind, the
statistics' method), checks that each is in the English report (else the
check would be blind), and fails (exit 1, one line per fault) when one is in
the French report, its annex A or annex O -- except a title passed with
--own-title (a rule with no French), which must then be there once, marked
as the rule's own text, byte-identical to the English; --own-basis N allows
exactly N step sentences left English, each marked (a path's step is shown
once per path). Then the tags: every summary
bullet, every limitation and every numbered point of the declaration opens
with its tag, in both languages; the oath carries none and the note says why.
"""
import html
import json
import re
import sys

sys.dont_write_bytecode = True
from report_text import french_text, plain, read, squash  # noqa: E402

args = sys.argv[1:]
EN_DIR, FR_DIR = args[0], args[1]
own_titles, own_basis = [], 0
i = 2
while i < len(args):
    if args[i] == "--own-title":
        own_titles.append(args[i + 1])
        i += 2
    elif args[i] == "--own-basis":
        own_basis = int(args[i + 1])
        i += 2
    else:
        sys.exit("unknown argument " + args[i])

faults = []


def fault(msg):
    faults.append(msg)


en_html = read(EN_DIR + "/report.html")
fr_html = read(FR_DIR + "/report.html")
en_text = plain(en_html)
# a step sentence left English (a document from before basis_fr) is shown marked: counted, then set apart
MARKED = r'<bdi>(?:(?!</bdi>).)*</bdi> <small class="own-text">\(texte de la corrélation, en anglais\)</small>'
marked_basis = len(re.findall(MARKED, fr_html, re.S))
fr_text = french_text(FR_DIR, re.sub(MARKED, " ", fr_html, flags=re.S))
findings = json.loads(read(EN_DIR + "/analysis/findings.json"))
if isinstance(findings, dict):
    findings = findings.get("findings", [])
corr = json.loads(read(EN_DIR + "/analysis/correlation.json"))

# the English texts the analyses wrote, each with what it is (once each)
texts = []
own_desc = set()
for f in findings:
    t = squash(f["title"])
    texts.append(("finding title", t))
    if f.get("description"):
        texts.append(("finding description", squash(f["description"])[:80]))
        if f["title"] in own_titles:
            own_desc.add(squash(f["description"])[:80])
steps = [s for p in corr.get("attack_paths", []) for k in ("steps", "hypotheses") for s in p.get(k, [])]
for s in steps:
    texts.append(("step basis", squash(s["basis"])[:70]))
methods = sorted({s["method"] for s in corr.get("statistics", []) if s.get("method")})
for m in methods:
    texts.append(("statistics method", m))
texts = list(dict.fromkeys(texts))
print("# %d findings, %d attack-path steps, %d methods from the English build" %
      (len(findings), len(steps), len(methods)))
if not findings or not steps or not methods:
    fault("the English build has no findings, steps or methods: nothing would be checked")

own_seen = {t: 0 for t in own_titles}
for kind, t in texts:
    if t not in en_text:
        fault("en: the %s %r is not in the English report: the check is stale" % (kind, t))
    if t not in fr_text:
        continue
    if kind == "finding title" and t in own_titles:
        own_seen[t] += 1
        continue
    if kind == "finding description" and t in own_desc:
        continue
    fault("fr: the %s %r is in the French report" % (kind, t))

# link bases and kinds: the stored codes, as cells of the chains' tables
codes = sorted({(l["basis"], l["kind"]) for c in corr.get("chains", []) for l in c.get("links", [])})
for basis, kind in codes:
    for what, code in (("link basis", basis), ("link kind", kind)):
        cell = "<bdi>%s</bdi>" % html.escape(code, quote=False)
        if cell not in en_html:
            fault("en: the %s %r is not a cell of the English report: the check is stale" % (what, code))
        if cell in fr_html:
            fault("fr: the %s %r is a cell of the French report" % (what, code))
rule = (corr.get("attack_window") or {}).get("rule")
if rule:
    cell = "<bdi>%s</bdi>" % html.escape(rule, quote=False)
    if cell not in en_html:
        fault("en: the attack window's rule %r is not in the English report: the check is stale" % rule)
    if cell in fr_html:
        fault("fr: the attack window's rule %r is in the French report" % rule)
print("# %d link basis/kind pairs and the attack window's rule checked" % len(codes))

# a rule with no French: its own text, once in the findings table, marked, as in English
def title_rows(doc):
    """(title as a reader reads it, the row's HTML) of each row of the findings table"""
    out = []
    for row in re.findall(r'<tr id="f-\d+">.*?</tr>', doc, re.S):
        m = re.search(r"<b><bdi>(.*?)</bdi></b>", row, re.S)
        if m:
            out.append((html.unescape(re.sub(r"<[^>]+>", "", m.group(1))), row))
    return out


fr_rows, en_rows = title_rows(fr_html), title_rows(en_html)
for t in own_titles:
    rows = [r for tt, r in fr_rows if tt == t]
    if len(rows) != 1:
        fault("fr: the rule's own title %r is %d times in the French findings table, not once" % (t, len(rows)))
    elif "own-text" not in rows[0]:
        fault("fr: the rule's own title %r is not marked as the rule's own text" % t)
    if [tt for tt, r in en_rows if tt == t] != [t]:
        fault("en: the title %r is not once in the English findings table" % t)
if marked_basis != own_basis or fr_html.count("(texte de la corrélation, en anglais)") != own_basis:
    fault("fr: %d step sentences shown in the correlation's English, not %d" % (marked_basis, own_basis))
if not own_titles and "own-text" in re.sub(r"<style>.*?</style>", "", fr_html, flags=re.S):
    fault("fr: a finding is shown in its rule's English though every rule of the sample has French")

# the tags: summary bullets, limitations, the declaration's points
TAG = r"<span class=\"lbl lbl-(obs|rec|opi)\" data-label=\"(observed|record|opinion)\">([^<]+)</span>"
NAMES = {"en": {"Observed", "Record", "Opinion"}, "fr": {"Constat", "Donnée déclarée", "Avis"}}


def section(doc, sid):
    m = re.search(r'<section id="%s"[^>]*>(.*?)</section>' % sid, doc, re.S)
    return m.group(1) if m else ""


for lang, doc in (("en", en_html), ("fr", fr_html)):
    counts = {}
    for sid, lst in (("summary", "ul"), ("limitations", "ul"), ("declaration", "ol")):
        body = section(doc, sid)
        m = re.search(r"<%s>(.*?)</%s>" % (lst, lst), body, re.S)
        items = re.findall(r"<li(?: class=\"[^\"]*\")?>(.*?)</li>", m.group(1), re.S) if m else []
        if not items:
            fault("%s: no list in section %s" % (lang, sid))
        for it in items:
            t = re.match(TAG, it)
            if not t:
                fault("%s: an item of %s has no tag: %r" % (lang, sid, plain(it)[:70]))
            elif t.group(3) not in NAMES[lang]:
                fault("%s: the tag %r of %s is not in the report's language" % (lang, t.group(3), sid))
        counts[sid] = len(items)
    decl = section(doc, "declaration")
    for oath in re.findall(r'<p class="oath"[^>]*>(.*?)</p>', decl, re.S):
        if "lbl-" in oath:
            fault("%s: the oath carries a tag" % lang)
    if 'class="tag-note"' not in decl:
        fault("%s: the declaration does not say why its oath carries no tag" % lang)
    print("# %s: tagged summary bullets %d, limitations %d, declaration points %d" %
          (lang, counts.get("summary", 0), counts.get("limitations", 0), counts.get("declaration", 0)))

for f in faults:
    print("FAIL " + f)
print("# %d English analysis texts checked absent from the French report; %d faults" % (len(texts), len(faults)))
sys.exit(1 if faults else 0)
