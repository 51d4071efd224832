#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The report in French and in English, compared (t3090, t3091).

  report_lang_check.py EN_DATA_DIR FR_DATA_DIR EN_PDF_TEXT FR_PDF_TEXT

Reads each build's report.html and annex-events.html and the pdftotext of
each report.pdf, and fails (exit 1, one line per fault) unless:
- each section id has its title in its language, in the HTML and in the PDF;
- no fixed heading, table header or label of the English report (h1-h4, th,
  dt, the SVG lane labels) is left in the French one, apart from words the two
  languages share; no English fixed phrase is in the French PDF text;
- no legal-conclusion phrasing (English or French list) is in either;
- the French text has its typography (a no-break space before ":" in the
  headings that have one, « » with no-break spaces) and its dates
  (DD/MM/YYYY beside ISO 8601) and numbers (narrow no-break space for
  thousands) in prose.
"""
import html
import re
import sys

sys.dont_write_bytecode = True
from report_text import read  # noqa: E402
from report_text import folded as plain  # noqa: E402  (lower case, apostrophes unified)

EN_DIR, FR_DIR, EN_PDF, FR_PDF = sys.argv[1:5]

# the section ids of report_html.h and their titles in each language
TITLES = {
    "summary": ("1. Summary", "1. Synthèse"),
    "questions": ("2. Questions addressed", "2. Questions traitées"),
    "evidence": ("3. Evidence", "3. Scellés et pièces examinés"),
    "custody": ("4. Chain of custody", "4. Chaîne de conservation"),
    "methods": ("5. Methods", "5. Méthodes"),
    "timeline": ("6. Timeline", "6. Chronologie"),
    "findings": ("7. Findings", "7. Constatations"),
    "chains": ("8. From attack to harm", "8. De l\u2019attaque au dommage"),
    "endangerment": ("9. Endangering disruptions", "9. Interruptions mettant en danger"),
    "statistics": ("10. Impact statistics", "10. Statistiques d\u2019impact"),
    "events": ("11. Cited events", "11. Événements cités"),
    "limitations": ("12. Limitations", "12. Limites"),
    "declaration": ("13. Declaration", "13. Déclaration"),
    "validation": ("Annex V. Validation of methods", "Annexe V. Validation des méthodes"),
    "annexes": ("14. Annexes", "14. Annexes"),
    "glossary": ("15. Glossary", "15. Glossaire"),
}

# words and labels spelt the same in both languages (not leftovers)
SAME = {"#", "Format", "Description", "Source", "Options", "Version", "Minutes", "Message",
        "Machine", "Date", "Qualifications", "Techniques", "Service", "Annexes", "14. Annexes",
        "SHA-256", "MD5", "SHA-1", "Signature", "Instructions", "Action", "Note", "Patient",
        "MACB", "UTC", "BagIt", "Sigma", "ATT&CK", "E01 (Expert Witness Format)", "Question",
        "Contact", "Unit", "Sources", "Option"}

# the report's own English phrases a French reader must not meet (its fixed text, never evidence)
EN_PHRASES = [
    "Expert report", "Chain of custody", "Questions addressed", "Matters this report examines",
    "Endangering disruptions", "Impact statistics", "Cited events", "From attack to harm",
    "Chains from harm to the attack", "Causation, as far as the evidence goes", "Attack paths",
    "Established by the digital evidence", "Only the clinical review can establish",
    "Reported by the hospital", "Who reviewed it", "Media hash", "Container file", "Collected from",
    "Unreadable bytes", "Examiner who signed", "Analyses run", "Case-file build options", "Exact methods",
    "Command lines, as run", "Rule sets", "Disclosure: what this report", "Questions as put",
    "Signing certificate", "Requesting authority", "Seal fingerprint", "Case opened",
    "Report state as of", "Produced with", "Harm annex", "Validation of methods",
    "Attacker actions", "Patient harm", "Life-critical", "Attack window", "Baseline window",
    "page 1 of", "version of",
    "declare that", "Each statement above", "all times UTC", "evidence item(s) were examined",
    "A path is as strong", "Glossary", "Contents", "Limitations",
    "Timestamp description", "Confidence interval", "Rate ratio (RR)", "per day", "per visit",
    "in all", "Annex A", "Local time (", "Locator", "not recorded", "No validation run",
]

BANNED_EN = (r"support danger offences|need no proof|is guilty|constitutes? (an|the) offen[cs]e|"
             r"committed the offen[cs]e|the offen[cs]e (is|was) (made out|established)|"
             r"beyond reasonable doubt|caused the death")
BANNED_FR = (r"constitue(nt)? l'infraction|constitue(nt)? le délit|(est|sont) coupables?|"
             r"caractérise(nt)? (le délit|l'infraction)|l'infraction est (constituée|caractérisée)|"
             r"le délit est (constitué|caractérisé)|a causé le décès|a entraîné le décès|"
             r"est responsable du décès|au-delà de tout doute raisonnable|"
             r"les éléments constitutifs (de l'infraction )?sont réunis")

faults = []


def fault(msg):
    faults.append(msg)


def fixed_labels(doc):
    """h1-h4, th, dt and SVG lane texts with no text of the case in them (no <bdi>)."""
    out = set()
    for m in re.finditer(r"<(h[1-4]|th|dt)\b[^>]*>(.*?)</\1>", doc, flags=re.S):
        if "<bdi" in m.group(2):
            continue
        t = html.unescape(re.sub(r"<[^>]+>", "", m.group(2))).strip()
        if t:
            out.add(t)
    for m in re.finditer(r'<text x="8"[^>]*font-weight="bold"[^>]*>([^<]+)</text>', doc):
        out.add(html.unescape(m.group(1)).strip())
    return out


en, fr = read(EN_DIR + "/report.html"), read(FR_DIR + "/report.html")
en_ax, fr_ax = read(EN_DIR + "/annex-events.html"), read(FR_DIR + "/annex-events.html")
en_pdf, fr_pdf = read(EN_PDF), read(FR_PDF)
flat = {k: re.sub(r"\s+", " ", v.replace("\u00a0", " ").replace("\u202f", " "))
        for k, v in (("en", en_pdf), ("fr", fr_pdf))}

# the language each document declares
for name, doc, code in (("en report", en, "en"), ("fr report", fr, "fr"),
                        ("en annex A", en_ax, "en"), ("fr annex A", fr_ax, "fr")):
    if not re.search(r'<html lang="%s">' % code, doc):
        fault("%s does not declare lang=%s" % (name, code))

# every section, its title in its language, in the HTML and the PDF
for sid, (t_en, t_fr) in TITLES.items():
    for lang, doc, want in (("en", en, t_en), ("fr", fr, t_fr)):
        m = re.search(r'<section id="%s"[^>]*><h2[^>]*>(.*?)</h2>' % re.escape(sid), doc, flags=re.S)
        if not m:
            fault("%s: no section %s" % (lang, sid))
            continue
        got = html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).replace("\u00a0", " ")
        if got != want:
            fault("%s: section %s is titled %r, not %r" % (lang, sid, got, want))
        if want.replace("\u2019", "'") not in flat[lang].replace("\u2019", "'"):
            fault("%s: the PDF text lacks the title %r" % (lang, want))

# no English fixed label left in the French report or its annex
en_labels = fixed_labels(en) | fixed_labels(en_ax)
fr_labels = fixed_labels(fr) | fixed_labels(fr_ax)
left = sorted(t for t in en_labels & fr_labels if t not in SAME)
for t in left:
    fault("fr: English label left: %r" % t)
print("# %d English fixed labels, %d French; shared words allowed: %d" %
      (len(en_labels), len(fr_labels), len(en_labels & fr_labels) - len(left)))
fr_plain = plain(fr) + " " + plain(fr_ax)
for p in EN_PHRASES:
    if p.lower() in fr_plain:
        fault("fr: English phrase %r in the French report's HTML" % p)
    if p.lower() in flat["fr"].lower():
        fault("fr: English phrase %r in the French PDF text" % p)
    # the phrase list is the English report's own: each is there (else the check is blind)
    if p.lower() not in (plain(en) + " " + plain(en_ax) + " " + flat["en"].lower()):
        fault("en: the phrase %r is not in the English report: the list is stale" % p)

# no legal conclusion, in either language's list, in either report
for lang, text in (("en", plain(en) + " " + flat["en"].lower()), ("fr", fr_plain + " " + flat["fr"].lower().replace("\u2019", "'"))):
    for rx in (BANNED_EN, BANNED_FR):
        m = re.search(rx, text)
        if m:
            fault("%s: a legal conclusion: %r" % (lang, text[max(0, m.start() - 60):m.end() + 60]))

# French typography and forms
if not re.search("Synthèse", fr):
    fault("fr: no Synthèse")
if "Rapport d\u2019expertise\u00a0: examen technique" not in fr:
    fault("fr: the cover title lacks its no-break space before ':'")
if not re.search(r"\(\d\d/\d\d/\d{4} \d\d:\d\d:\d\d UTC", fr):
    fault("fr: no DD/MM/YYYY date beside ISO 8601 on the cover")
if not re.search(r"\(\d{1,2} (January|February|March|April|May|June|July|August|September|October|"
                 r"November|December) \d{4} \d\d:\d\d:\d\d UTC", en):
    fault("en: no '2 November 2024 22:31:40 UTC' date beside ISO 8601 on the cover")
if not re.search("La chronologie compte \\d{1,3}(\u202f\\d{3})+ événement", fr):
    fault("fr: the event count in prose is not grouped by a narrow no-break space")
if not re.search(r"The timeline holds \d+ event", en):
    fault("en: the event count in prose changed form")
if not re.search(r"<small><bdi>\d\d/\d\d/\d{4} \d\d:\d\d:\d\d CES?T \(\+0[12]00\)</bdi></small>", fr):
    fault("fr: no local time DD/MM/YYYY HH:MM:SS in the tables")
if not re.search(r"<td><bdi>\d\d/\d\d/\d{4} \d\d:\d\d:\d\d CES?T \(\+0[12]00\)</bdi></td>", fr_ax):
    fault("fr: annex A's local times are not DD/MM/YYYY")
if 'html[lang=fr] q{quotes:' not in fr:
    fault("fr: <q> has no French quotation marks")

for f in faults:
    print("FAIL " + f)
print("# %d sections in both languages; %d English phrases checked absent; %d faults" %
      (len(TITLES), len(EN_PHRASES), len(faults)))
sys.exit(1 if faults else 0)
