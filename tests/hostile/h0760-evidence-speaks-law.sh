#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Evidence that speaks in the report's voice (issue #18, items 2 and 4): finding titles
# and hosts, the hospital's disruption services and harm levels, and an attack path's
# actor say "the offence is made out", "l'infraction est constituée", "is guilty of",
# with markup and a bidi override; the correlation document also carries values of the
# wrong JSON type (a path's steps a string, a step's finding a string, a chain's status
# a number). The case file still builds; in report.html and annex O every such string
# is quoted (escaped, inside <bdi>), never the report's own words; annex O still lists
# every element of the mandate's jurisdiction; and the alternatives table names every
# rule once.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../cli/sample_incident_fixture.sh"
PATH=$PATH:/usr/sbin:/sbin
need mkfs.ext4 debugfs openssl python3 sqlite3

sample_incident "$TMP/inc" "$TMP/work"

/usr/bin/python3 - "$W/case/case.db" <<'PY' || fail "cannot plant the hostile strings"
import json, sqlite3, sys
H = ["<b>the offence is made out</b>\u202e", "l'infraction est constituée & <i>x</i>",
     "is guilty of \u2066it\u2069", "<script>alert(1)</script> committed the offence"]
db = sqlite3.connect(sys.argv[1])
ids = [r[0] for r in db.execute("SELECT id FROM findings ORDER BY id")]
for k, i in enumerate(ids):
    db.execute("UPDATE findings SET title = title || ' ' || ? WHERE id = ?", (H[k % len(H)], i))
db.execute("UPDATE findings SET host = host || ? WHERE id = ?", (H[2], ids[0]))
(doc,) = db.execute("SELECT doc FROM correlation").fetchone()
d = json.loads(doc)
for k, e in enumerate(d["endangerment"]):
    e["service"] = e["service"] + " " + H[k % len(H)]
for c in d["chains"]:
    c["harm_level"] = H[1]
d["attack_paths"][0]["actor"] = H[0]
d["attack_paths"].append({"actor": H[3], "host": 7, "steps": "not a list", "confidence": ["x"]})
d["attack_paths"][1]["steps"].append({"kind": "finding", "finding": "2", "basis": H[2]})
d["chains"].append({"harm_event_id": H[3], "status": 5, "links": "none", "confidence": None})
db.execute("UPDATE correlation SET doc = ?", (json.dumps(d),))
db.commit()
PY
expect_exit 0 -C "$W/case" casefile build --no-pdf -o "$TMP/cf"
D=$TMP/cf/bag/data

/usr/bin/python3 - "$D" <<'PY' || fail "hostile evidence read as the report's words"
import html, re, sys
d = sys.argv[1]
report = open(d + "/report.html", encoding="utf-8").read()
annex = open(d + "/annex-offences.html", encoding="utf-8").read()
BANNED = ["the offence is made out", "l'infraction est constituée", "is guilty of", "committed the offence"]
def own(doc):
    doc = re.sub(r"<bdi>.*?</bdi>", " ", doc, flags=re.S)
    doc = re.sub(r'<svg.*?</svg>|<head>.*?</head>|<blockquote class="law">.*?</blockquote>', " ", doc, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", doc)).lower()
for name, doc in (("report.html", report), ("annex-offences.html", annex)):
    assert "<script>" not in doc and "<b>the offence" not in doc and "\u202e" not in doc, name
    words = own(doc)
    for b in BANNED:
        assert b not in words, (name, b)
    for b in ("the offence is made out", "l&#39;infraction est constitu", "is guilty of", "committed the offence"):
        n = len(re.findall(r"<bdi>[^<]*" + b, doc))
        assert n, (name, "not quoted", b)
got = re.findall(r'<tr data-element="([^"]+)"', annex)
want = ["fr-323-1-access", "fr-323-1-fraud", "fr-323-1-result", "fr-323-2-hinder", "fr-323-3-data",
        "fr-323-4-2-base", "fr-323-4-2-risk", "fr-323-4-2-rescue", "fr-323-4-2-link", "fr-223-1-risk", "fr-223-1-duty"]
assert got == want, got
rules = re.findall(r'<tr><td><bdi>', annex.split('id="alternatives"')[1])
assert len(rules) == 10, len(rules)
print("# hostile strings quoted in both files; %d elements; %d rules" % (len(got), len(rules)))
PY
test_count=$((test_count + 1))
done_testing
