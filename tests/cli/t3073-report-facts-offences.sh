#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Fact, record and opinion; alternatives; annex O (issue #18, items 2 and 4),
# on the sample incident's case file:
# - every attack-path step shows its time's meaning (that of the first event
#   it cites, as annex A gives it);
# - every findings row is tagged Observed, every endangering disruption
#   Record, every chain link by its basis (record for the hospital's files
#   and the inventory, opinion for an inference), and the legend defines the
#   three tags and the verbal scale once;
# - annex O has one alternatives row per finding rule, and what speaks
#   against an alternative comes from the data: the sample's sudo command ran
#   as an account the attacker reached, so "an administrator's maintenance"
#   is weighed against; rewritten as an administrator's own command (not
#   after an arrival, not an attacker's account) it becomes "not excluded";
# - annex O lists every element of the mandate's jurisdiction (fr, ew, us;
#   none: all three, said), each with exactly the facts its kinds name
#   (findings by ATT&CK technique, paths, disruptions, harm events, chains),
#   every id one of findings.json and correlation.json;
# - a harm event the hospital recorded to the day is shown as that day, not
#   as midnight UTC;
# - no banned legal-conclusion phrasing (English, French) is the report's
#   own words; evidence text saying "the offence is made out" is quoted
#   (inside <bdi>, as all evidence text), which the check sets apart, and
#   quoted statute text (<blockquote class="law">) and the graphs' labels
#   (SVG <title>/<text>: finding titles, which SVG cannot isolate) likewise.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sample_incident_fixture.sh"
PATH=$PATH:/usr/sbin:/sbin
need mkfs.ext4 debugfs openssl python3 sqlite3

sample_incident "$TMP/inc" "$TMP/work"

cat >"$TMP/check.py" <<'PY'
import html, json, re, sys
from html.parser import HTMLParser

mode, data = sys.argv[1], sys.argv[2]
report = open(data + "/report.html", encoding="utf-8").read()
annex = open(data + "/annex-offences.html", encoding="utf-8").read()
findings = json.load(open(data + "/analysis/findings.json"))
corr = json.load(open(data + "/analysis/correlation.json"))

def html_id(s):
    return re.sub(r"[^A-Za-z0-9_-]", "_", s)

# --- the tags: per findings row, per endangerment row, per chain link
def label(basis):  # the rule, restated: hospital files and the inventory are records
    if basis in ("documented reference", "inventory join", "hospital record"):
        return "record"
    if basis in ("finding", "observed"):
        return "observed"
    return "opinion"

rows = re.findall(r'<tr id="f-(\d+)">(.*?)</tr>', report, re.S)
assert len(rows) == len(findings), (len(rows), len(findings))
for fid, body in rows:
    assert 'data-label="observed"' in body, "finding %s not tagged observed" % fid
drows = re.findall(r'<tr id="d-([^"]+)">(.*?)</tr>', report, re.S)
assert len(drows) == len(corr["endangerment"]), len(drows)
for did, body in drows:
    assert re.match(r'<td><span class="lbl lbl-rec" data-label="record">', body), did
chains = re.split(r'<h3 id="c-\d+">', report)[1:]
assert len(chains) == len(corr["chains"]), len(chains)
n = 0
for ch, part in zip(corr["chains"], chains):
    part = part.split("</table>")[0]
    assert re.search(r'</h3>\n<p><span class="lbl lbl-rec" data-label="record">', part), "chain header untagged"
    got = re.findall(r'<tr><td><span class="lbl lbl-\w+" data-label="(\w+)">', part)
    want = [label(l["basis"]) for l in ch["links"]]
    assert got == want, (ch["harm_event_id"], got, want)
    n += len(got)
# every section that states facts carries tags; every path step and causation row its own
starts = [(m.start(), m.group(1)) for m in re.finditer(r'<section id="([\w-]+)"', report)]
for k, (pos, sid) in enumerate(starts):
    body = report[pos:starts[k + 1][0] if k + 1 < len(starts) else len(report)]
    if sid in ("evidence", "custody", "findings", "chains", "endangerment", "statistics"):
        assert 'data-label="' in body, "section %s has no tag" % sid
steps = re.findall(r'<tr><td>\d+</td><td>[^<]*UTC<br><small class="meaning">(.*?)</small></td><td>(.*?)</tr>', report, re.S)
assert steps and all('data-label="observed"' in x and 'data-label="opinion"' in x for _, x in steps), "path step untagged"
# each step's time with its meaning: that of the first event it cites, as annex A gives it
annex_a = open(data + "/annex-events.html", encoding="utf-8").read()
meaning = dict(re.findall(r'<tr id="ev-(\d+)"><td>E\d+</td><td>.*?</td>(?:<td>.*?</td>)?<td>(.*?)</td>', annex_a))
for m, body in steps:
    first = re.search(r'annex-events\.html#ev-(\d+)', body)
    assert first and m == meaning[first.group(1)] and m != "&mdash;", (m, first and meaning.get(first.group(1)))
heads = re.findall(r'<h4 id="path-\d+"[^>]*>(.*?)</h4>', report, re.S)
assert heads and all('data-label="opinion"' in h for h in heads), "path heading untagged"
causation = report.split("Causation, as far as the evidence goes", 1)[1].split('<section id="endangerment"')[0]
crow = re.findall(r'<tr><th>[^<]+</th><td>(<span class="lbl[^"]*" data-label="\w+">)?', causation)
assert crow and all(crow), "a causation row untagged"
print("# %d path steps, %d paths, %d causation rows tagged" % (len(steps), len(heads), len(crow)))
for word in ("Observed", "Record", "Opinion", "strong support", "moderate support", "limited support"):
    assert word in report.split('id="labels-legend"')[1].split("</div>")[0], word
print("# tags: %d findings, %d disruptions, %d chain links (%s)" % (len(rows), len(drows), n,
      ", ".join(sorted(set(label(l["basis"]) for c in corr["chains"] for l in c["links"])))))

# --- alternatives: one row per rule, the verdict from the data
alts = re.findall(r'<li class="alt" data-rule="([^"]*)" data-alt="(\w+)" data-status="(\w+)">', annex)
rules = {html_id(f["rule_id"]) for f in findings}
assert {a[0] for a in alts} == rules, "alternatives rules differ from the findings' rules"
f2 = next(f for f in findings if "temporary directory" in f["title"])
st = {a[1]: a[2] for a in alts if a[0] == html_id(f2["rule_id"])}
want_admin = "open" if mode == "admin" else "against"
assert st.get("admin") == want_admin, (st, want_admin)
m = re.search(r'id="alternatives-summary" data-open="(\d+)" data-against="(\d+)"', report)
assert m and int(m.group(1)) == sum(a[2] == "open" for a in alts) and int(m.group(2)) == sum(a[2] == "against" for a in alts), m
print("# alternatives: %d rules, %d weighed, %s not excluded; F%d admin: %s" % (len(rules), len(alts), m.group(1), f2["id"], st["admin"]))

# --- annex O: every element of the jurisdiction, its facts exactly as its kinds name them
ELEMENTS = {
    "fr": {"fr-323-1-access": "acc pth", "fr-323-1-fraud": "acc", "fr-323-1-result": "dat obs",
           "fr-323-2-hinder": "obs dis", "fr-323-3-data": "dat exe", "fr-323-4-2-base": "acc dat obs",
           "fr-323-4-2-risk": "dis hrm chn", "fr-323-4-2-rescue": "dis hrm", "fr-323-4-2-link": "chn pth",
           "fr-223-1-risk": "dis hrm chn", "fr-223-1-duty": ""},
    "ew": {"ew-3ZA-1a": "acc exe dat obs pth", "ew-3ZA-1b": "acc", "ew-3ZA-1c": "dis hrm chn",
           "ew-3ZA-1d": "obs dat", "ew-3ZA-4": "chn pth"},
    "us": {"us-1030-a5A-transmit": "exe acc pth", "us-1030-a5A-damage": "dat obs",
           "us-1030-c4Ai-II": "dis hrm chn", "us-1030-c4Ai-III": "hrm chn", "us-1030-c4Ai-IV": "dis",
           "us-1030-c4E": "hrm chn", "us-1030-c4F": "hrm chn"},
}
TECH = {"acc": ("T1110", "T1078", "T1133", "T1021"), "exe": ("T1059", "T1570", "T1543", "T1569", "T1053"),
        "dat": ("T1486", "T1490", "T1070", "T1543"), "obs": ("T1486", "T1490", "T1489", "T1529", "T1562")}
def facts(kinds):
    ids = set()
    for k in kinds.split():
        if k in TECH:
            ids |= {"F%d" % f["id"] for f in findings if any(t.startswith(TECH[k]) for t in f["techniques"])}
        elif k == "pth":
            ids |= {"P%d" % (i + 1) for i in range(len(corr["attack_paths"]))}
        elif k == "dis":
            ids |= {d["disruption_id"] for d in corr["endangerment"]}
        elif k == "hrm":
            ids |= {c["harm_event_id"] for c in corr["chains"]}
        elif k == "chn":
            ids |= {"C%d" % (i + 1) for i in range(len(corr["chains"]))}
    return ids
jur = mode if mode in ("fr", "ew", "us") else None
want = {}
for j, els in ELEMENTS.items():
    if jur in (None, j):
        want.update(els)
got = dict(re.findall(r'<tr data-element="([^"]+)" data-facts="([^"]*)">', annex))
assert set(got) == set(want), ("elements", sorted(set(got) ^ set(want)))
for e, kinds in want.items():
    assert set(got[e].split()) == facts(kinds), (e, got[e], sorted(facts(kinds)))
    if not kinds:
        assert "No fact of this examination bears on this element." in annex.split('data-element="%s"' % e)[1].split("</tr>")[0]
# each finding's exhibits beside it (those of its events; the fs findings name theirs)
for f in findings:
    ex = (f.get("details") or {}).get("evidence_id")
    if ex and "F%d" % f["id"] in " ".join(got.values()).split():
        assert re.search(r'#f-%d">F%d</a> <q>.*?</q> on <bdi>[^<]*</bdi> \((<bdi>[^<]+</bdi>, )*<bdi>%s</bdi>'
                         % (f["id"], f["id"], re.escape(ex)), annex), ("exhibit", f["id"], ex)
fids = {"F%d" % f["id"] for f in findings}
for e, ids in got.items():
    for i in ids.split():
        assert (i in fids or i in {d["disruption_id"] for d in corr["endangerment"]}
                or i in {c["harm_event_id"] for c in corr["chains"]}
                or re.fullmatch(r"C([1-9]\d*)", i) and int(i[1:]) <= len(corr["chains"])
                or re.fullmatch(r"P([1-9]\d*)", i) and int(i[1:]) <= len(corr["attack_paths"])), (e, i)
if jur is None:
    assert "No jurisdiction is recorded in the case's mandate" in annex
    assert "323-4-2" in annex and "3ZA" in annex and "1030" in annex
else:
    assert "Jurisdiction of the mandate: " in annex
if jur in (None, "fr"):
    assert "ont pour effet d'exposer autrui à un risque immédiat de mort" in html.unescape(annex)
    assert "loi n° 2023-22 du 24 janvier 2023, art. 8" in html.unescape(annex)
if jur in (None, "ew"):
    assert "(f) disruption of services relating to health" in annex
print("# annex O (%s): %d elements, facts as their kinds name them" % (mode, len(got)))

# --- banned conclusions: never in the report's own words
BANNED = ["the offence is made out", "the offences are made out", "is guilty of", "are guilty of",
          "committed the offence", "committed an offence", "the offence was committed",
          "constitutes the offence", "support danger offences", "need no proof of individual harm",
          "beyond reasonable doubt", "l'infraction est constituée", "les infractions sont constituées",
          "l'infraction est caractérisée", "est coupable", "sont coupables", "a commis l'infraction",
          "les éléments constitutifs sont réunis", "est constitutif de l'infraction"]
def own_words(doc):
    doc = re.sub(r"<bdi>.*?</bdi>", " ", doc, flags=re.S)          # text found in evidence, quoted
    # the graphs' labels (SVG has no <bdi>) are finding titles and ids, and <head> the case id
    doc = re.sub(r"<svg.*?</svg>|<head>.*?</head>", " ", doc, flags=re.S)
    doc = re.sub(r'<blockquote class="law">.*?</blockquote>', " ", doc, flags=re.S)  # statute, quoted
    doc = re.sub(r"<[^>]+>", " ", doc)
    return re.sub(r"\s+", " ", html.unescape(doc)).replace("\u2019", "'").lower()
for name, doc in (("report.html", report), ("annex-offences.html", annex),
                  ("annex-events.html", open(data + "/annex-events.html", encoding="utf-8").read())):
    words = own_words(doc)
    for b in BANNED:
        assert b not in words, "%s says %r in its own words" % (name, b)
if mode == "admin":  # a harm event recorded to the day is shown as that day
    c = corr["chains"][0]
    head = re.search(r'<h3 id="c-1">.*?</p>', report, re.S).group(0)
    assert c["time_precision"] == "day" and c["event_start"][:10] + " (day; no time recorded)" in head, head
    assert "T00:00:00Z" not in head, head
    others = [x for x in corr["chains"][1:] if x["time_precision"] != "day"]
    assert all(x["event_start"] in report for x in others), "a chain recorded to the minute lost its time"
    print("# %s recorded to the day: shown as %s, the others to the minute" % (c["harm_event_id"], c["event_start"][:10]))
if mode == "admin":  # the hostile finding title: quoted as evidence in both files
    for doc in (report, annex):
        assert re.search(r"<bdi>[^<]*the offence is made out[^<]*</bdi>", doc), "hostile title not quoted"
    print("# hostile finding title quoted inside <bdi>, not in the report's words")
print("# banned phrasings: %d, none in the report's own words" % len(BANNED))
PY

D=$W/casefile/bag/data
/usr/bin/python3 "$TMP/check.py" fr "$D" || fail "the sample (fr) case file"
test_count=$((test_count + 1))

# the other jurisdictions, and none: rebuilt from the same case
for j in ew us none; do
	v=$j; [ "$j" = none ] && v=
	expect_exit 0 -C "$W/case" case set --jurisdiction "$v"
	expect_exit 0 -C "$W/case" casefile build --no-pdf -o "$TMP/out-$j"
	/usr/bin/python3 "$TMP/check.py" "$j" "$TMP/out-$j/bag/data" || fail "annex O for jurisdiction $j"
	test_count=$((test_count + 1))
done

# an administrator's own command (no attacker account, no arrival before it) and a
# hostile finding title: the alternative becomes "not excluded", the phrase stays quoted
/usr/bin/python3 - "$W/case/case.db" <<'PY' || fail "cannot rewrite the sample"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
(doc,) = db.execute("SELECT doc FROM correlation").fetchone()
d = json.loads(doc)
fid = db.execute("SELECT id FROM findings WHERE title LIKE '%temporary directory%'").fetchone()[0]
for p in d["attack_paths"]:
    for st in p["steps"]:
        if st.get("finding") == fid:
            st["basis"] = "finding %d: labadmin, an administrator account of the inventory, ran it" % fid
c = d["chains"][0]  # recorded to the day by the hospital: midnight UTC is not a time anyone recorded
c["time_precision"], c["event_start"] = "day", c["event_start"][:10] + "T00:00:00Z"
db.execute("UPDATE correlation SET doc = ?", (json.dumps(d),))
db.execute("UPDATE findings SET title = title || ' - the offence is made out' WHERE rule_id = 'fs.backup_deleted'")
db.commit()
PY
expect_exit 0 -C "$W/case" casefile build --no-pdf -o "$TMP/out-admin"
/usr/bin/python3 "$TMP/check.py" admin "$TMP/out-admin/bag/data" || fail "the administrator's command"
test_count=$((test_count + 1))
done_testing
