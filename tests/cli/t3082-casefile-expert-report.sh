#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The report's expert, instructions, declaration and disclosure (issue #18
# items 1, 6): without profile or mandate the report says which is missing and
# claims no range of opinion; with them, section 2 names the expert and quotes
# the questions verbatim and numbered (HTML and, through pdftotext, the PDF);
# the declaration has the wording of the case's jurisdiction (fr: the CPP
# art. 160 oath; ew: CrimPR 19.4(j) and the statement of truth; us: 28 U.S.C.
# 1746) and a signature block; the disclosure's hosts, exhibits, events and
# findings match what sqlite3 finds in the case; a profile written for
# another certificate stops the build (exit 6); on the cover, a value of two
# lines does not push the labels out of line ("Agency: Sami Haddad"); a harm
# chain names the clinical reviewer's role and method from the hospital's row.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/casefile_fixture.sh"
. "$(dirname "$0")/pdf_lib.sh"
need sqlite3 python3 openssl
need_pdf
export LIFELINE_NOW=2025-10-12T09:00:00Z

casefile_case "$TMP/case"
# an inventory: srv-ehr01 imaged (E1), labsrv collected under its full name
# (E2 --host), dc01 and edboard01 (its exhibit is not in the case) not collected
T0=1760061482000000000
sqlite3 case.db <<SQL
UPDATE evidence SET host = 'LABSRV.example.lan' WHERE id = 'E2';
INSERT INTO systems(evidence_id, locator, hostname, system, role, site_code, unit, life_critical, row) VALUES
 ('E3', 'systems.csv:2', 'srv-ehr01', 'EHR', 'database', 'FR-590000000', '', 1, '{"evidence_refs": ["E1"]}'),
 ('E3', 'systems.csv:3', 'labsrv', 'LIS', 'application', 'FR-590000000', 'LAB', 1, '{}'),
 ('E3', 'systems.csv:4', 'dc01.example.lan', 'AD', 'domain_controller', 'FR-590000000', '', 0, '{}'),
 ('E3', 'systems.csv:5', 'edboard01', 'other', 'ed_tracking_board', 'FR-590000000', 'ED', 1, '{"evidence_refs": ["E9"]}'),
 ('E3', 'systems.csv:6', 'DC01.example.lan', 'backup', NULL, 'FR-590000000', '', 0, '{}');
INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host, locator, message) VALUES
 (7, 'E2', $((T0 + 1000000000)), 'Content Modification Time', 'syslog', 'syslog', 'srv-ehr01', 'auth.log:3', 'cron ran');
INSERT INTO findings(id, rule_id, title, source, severity, techniques, confidence, host, first_ns, last_ns, event_count, description) VALUES
 (3, 'LL-CRON', 'Scheduled task ran', 'builtin', 'low', '[]', 'low', 'srv-ehr01', $T0, $T0, 1, 'cron');
INSERT INTO finding_events VALUES (3, 3);
INSERT INTO harm_events(id, evidence_id, locator, patient, site_code, unit, start_ns, time_precision, care_process, harm_level, causality, row) VALUES
 ('H-0001', 'E3', 'harm_events.csv:2', 'P-5d3c03545432dcdb308c889b41cf399c', 'FR-590000000', 'ED', $((T0 + 6118000000000)), 'minute', 'ed_triage', 'severe', 'Probably-Likely',
  '{"reviewer_role": "independent emergency physician <not the treating team>", "causality_method": "structured-judgement-review"}');
SQL

# 1. no profile, no mandate: said plainly, nothing invented
expect_exit 0 casefile build -o "$TMP/cf0" --no-pdf
H=$TMP/cf0/bag/data/report.html
expect_grep 'No examiner profile is recorded' "$H"
expect_grep 'No mandate is recorded in the case' "$H"
expect_grep 'No jurisdiction is recorded' "$H"
expect_no_grep 'range of opinion' "$H"
expect_no_grep 'penalty of perjury|en mon honneur|Statement of truth' "$H"
expect_grep '<div class="sig"><div>Signature' "$H"
# the clinical reviewer of the harm event, as the hospital's row names the role
expect_grep 'causality assessed by the hospital as <b><bdi>Probably-Likely</bdi></b> by the reviewer <bdi>independent emergency physician &lt;not the treating team&gt;</bdi> \(<bdi>structured-judgement-review</bdi>\)\.' "$H"

# the disclosure against the database
test_count=$((test_count + 1))
python3 - case.db "$TMP/cf0/bag/data/analysis/expert.json" "$H" <<'PY' || fail "the disclosure does not match the case"
import json, re, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
d = json.load(open(sys.argv[2]))["disclosure"]
html = open(sys.argv[3]).read()
ev_total = db.execute("SELECT count(*) FROM events").fetchone()[0]
cited = {r[0] for r in db.execute("SELECT event_id FROM finding_events")}
doc = json.loads(db.execute("SELECT doc FROM correlation").fetchone()[0])
fcited = set()
def walk(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "events" and isinstance(x, list):
                cited.update(e for e in x if isinstance(e, int))
            elif k == "findings" and isinstance(x, list):
                fcited.update(e for e in x if isinstance(e, int))
            elif k == "finding" and isinstance(x, int):
                fcited.add(x)
            else:
                walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
walk(doc)
fids = [r[0] for r in db.execute("SELECT id FROM findings ORDER BY id")]
analysed = {r[0] for r in db.execute("SELECT evidence_id FROM analyses")}
items = [r[0] for r in db.execute("SELECT id FROM evidence ORDER BY seq")]
assert ev_total == 7 and d["events_total"] == ev_total, d
assert d["events_cited"] == len(cited) == 6 and d["events_not_cited"] == ev_total - len(cited) == 1, d
assert d["findings_total"] == len(fids) == 3, d
assert d["findings_cited"] == sorted(f for f in fids if f in fcited) == [1, 2], d
assert d["findings_not_cited"] == [f for f in fids if f not in fcited] == [3], d
assert [x["id"] for x in d["sources_not_examined"]] == [i for i in items if i not in analysed] == ["E3", "E4"], d
hosts = [x["hostname"] for x in d["systems_not_collected"]]
assert hosts == ["dc01.example.lan", "edboard01"], hosts
assert d["systems_not_collected"][0]["systems"] == "AD, backup", d
assert d["inventory_hosts"] == db.execute("SELECT count(DISTINCT hostname) FROM systems").fetchone()[0] == 4, d
text = re.sub(r"<[^>]+>", "", html[html.index('id="disclosure"'):])
assert "2 of the 4 host(s) in the hospital's systems inventory were not imaged or collected" in text, text[:600]
assert "of the 7 event(s) in the timeline, 6 are cited" in text and "the other 1 are not relied on" in text, text[:1500]
assert "of 3 finding(s), 2 are cited" in text and "1 are reported in section 7" in text and "(F3)" in text, text[:2000]
assert "2 exhibit(s) were registered but not examined" in text, text[:1500]
PY

# 2. profile and mandate (France), with the PDF
expect_exit 0 key profile --name "Dr Jeanne Dupont" --role "expert judiciaire" \
	--organisation "Laboratoire régional (fictif)" --qualification "Expert près la cour d'appel de Douai" \
	--qualification "MSc Forensic Computing" --accreditation "ISO/IEC 17025:2017 scope 1-2345" --contact "lab@example.org"
q1="Dire si le système de traitement automatisé de données de l'hôpital a fait l'objet d'un accès frauduleux, et depuis quand."
q2='Which systems were affected? Quote "as put", with <angle> & ampersand.'
expect_exit 0 case set --requesting-authority "Juge d'instruction, TJ de Lille" --basis "ordonnance de commission d'expert" \
	--reference "ORD-2025/118" --mandate-date 2025-10-11 --question "$q1" --question "$q2" --jurisdiction fr
# a requesting authority of two lines on the cover: each label stays beside its own value
sqlite3 case.db "UPDATE case_info SET authority = 'Réquisition du procureur de la République près le tribunal judiciaire de Lille, art. 60 et 77-1 CPP, no. 2025/118'"
expect_exit 0 casefile build -o "$TMP/cf1"
pdftotext -layout -f 1 -l 1 "$TMP/cf1/bag/data/report.pdf" "$TMP/cover.txt"
expect_grep '^ *Agency +National Cyber Unit$' "$TMP/cover.txt"
expect_grep '^ *Examiner +Test Examiner$' "$TMP/cover.txt"
H=$TMP/cf1/bag/data/report.html
expect_grep '<li id="q-1"><span class="qn">Question 1\.</span> <q><bdi>Dire si le système de traitement automatisé de données de l&#39;hôpital a fait l&#39;objet d&#39;un accès frauduleux, et depuis quand\.</bdi></q></li>' "$H"
expect_grep '<q><bdi>Which systems were affected\? Quote &quot;as put&quot;, with &lt;angle&gt; &amp; ampersand\.</bdi></q>' "$H"
expect_grep '<tr><th>Accreditation</th><td><bdi>ISO/IEC 17025:2017 scope 1-2345</bdi></td></tr>' "$H"
expect_grep "jure d'apporter mon concours à la justice, en mon honneur et en ma conscience" "$H"
expect_grep 'Fait à _+, le _+' "$H"
expect_no_grep 'No examiner profile|No mandate is recorded|penalty of perjury|Statement of truth|range of opinion' "$H"
pdftotext "$TMP/cf1/bag/data/report.pdf" "$TMP/pdf.txt"
tr '\n' ' ' <"$TMP/pdf.txt" | tr -s ' ' >"$TMP/flat.txt"
expect_grep "Question 1\. .{0,3}Dire si le système de traitement automatisé de données de l.hôpital a fait l.objet d.un accès frauduleux, et depuis quand\." "$TMP/flat.txt"
expect_grep 'Which systems were affected\? Quote "as put", with <angle> & ampersand\.' "$TMP/flat.txt"
expect_grep "Expert près la cour d.appel de Douai" "$TMP/flat.txt"
expect_grep "Dr Jeanne Dupont" "$TMP/flat.txt"
expect_grep "en mon honneur et en ma conscience" "$TMP/flat.txt"
expect_grep "^ *13\. Declaration" "$TMP/pdf.txt"
test_count=$((test_count + 1))
python3 - "$TMP/cf1/bag/data/analysis/expert.json" "$q1" "$q2" <<'PY' || fail "expert.json does not hold the profile and mandate"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["mandate"]["questions"] == [sys.argv[2], sys.argv[3]], d["mandate"]
assert d["expert"]["name"] == "Dr Jeanne Dupont" and d["expert"]["qualifications"][0] == "Expert près la cour d'appel de Douai", d
PY

# 3. England and Wales, 4. United States, each in its own wording
expect_exit 0 case set --jurisdiction ew
expect_exit 0 casefile build -o "$TMP/cf2" --no-pdf
H=$TMP/cf2/bag/data/report.html
expect_grep 'I understand that my duty is to help the court to achieve the overriding objective' "$H"
expect_grep 'this duty overrides any obligation to the person from whom I receive instructions' "$H"
expect_grep 'Statement of truth \(r\.19\.4\(k\)\): This statement \(consisting of _+ pages each signed by me\) is true to the best of my knowledge and belief and I make it knowing that, if it is tendered in evidence, I shall be liable to prosecution if I have wilfully stated in it anything which I know to be false, or do not believe to be true\.' "$H"
expect_no_grep 'penalty of perjury|en mon honneur' "$H"
expect_exit 0 case set --jurisdiction us
expect_exit 0 casefile build -o "$TMP/cf3" --no-pdf
H=$TMP/cf3/bag/data/report.html
expect_grep 'I declare under penalty of perjury that the foregoing is true and correct\. Executed on _+ \(date\)\.' "$H"
expect_grep '28 U\.S\.C\. &sect; 1746' "$H"
expect_no_grep 'Statement of truth|en mon honneur' "$H"

# 5. a profile written for another certificate: the build stops, names the file
expect_exit 0 key new --name "Other" --out "$TMP/other"
cp "$HOME/.lifeline/examiner.profile.json" "$TMP/saved.json"
cp "$TMP/other/examiner.crt" "$TMP/o.crt"
python3 - "$HOME/.lifeline/examiner.profile.json" "$(openssl x509 -in "$TMP/o.crt" -outform DER | sha256sum | cut -c1-64)" <<'PY'
import json, sys
p = json.load(open(sys.argv[1])); p["certificate_sha256"] = sys.argv[2]
open(sys.argv[1], "w").write(json.dumps(p))
PY
expect_exit 6 casefile build -o "$TMP/cf4" --no-pdf
expect_grep "examiner\.profile\.json' was written for certificate" "$TMP/err"
test_count=$((test_count + 1))
[ ! -e "$TMP/cf4" ] || fail "a refused build left a folder"
done_testing
