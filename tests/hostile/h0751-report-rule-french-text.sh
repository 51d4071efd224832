#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A rule's French is the rule writer's text, never the report's markup or
# voice (issue #18 item 8). Rules from elsewhere carry title_fr and
# description_fr with markup, an attribute break-out, a bidi override, a
# fake "Constat" tag and 100,000 characters; another gives title_fr as a
# list and description_fr as a map (not text). analyze detect keeps the
# text ones in the finding's details and ignores the others; a French case
# file shows the text ones escaped and isolated, the long description cut,
# no live markup, no tag the report did not set; the rule whose French is
# not text is shown in its own English, marked. A correlation document whose
# step gives basis_fr as a number: its attack paths are said unreadable,
# naming the field, and the rest of the report renders.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../cli/casefile_fixture.sh"
need sqlite3 python3 openssl

casefile_case "$TMP/case"
mkdir "$TMP/rules"
LONG=$(python3 -c 'print("é" * 100000)')
# sigma_rule FILE TITLE N TITLE_FR DESCRIPTION_FR: a rule on EventID 4688, id ...0N,
# its French fields the YAML values given, as written
sigma_rule() {
	cat >"$1" <<YML
title: $2
title_fr: $4
description_fr: $5
id: 22222222-0000-0000-0000-00000000000$3
status: test
level: high
logsource: {product: windows, service: security}
detection:
  sel:
    EventID: 4688
  condition: sel
YML
}
sigma_rule "$TMP/rules/evil.yml" "Evil rule EN" 1 \
	"'HF1 <script>alert(1)</script> \"><img src=x onerror=alert(2)> <span class=\"lbl lbl-obs\" data-label=\"observed\">Constat</span> ‮gpj.exe'" \
	"\"HF2 $LONG\""
sigma_rule "$TMP/rules/notext.yml" "Not text French EN" 2 "[a, list]" "{a: map}"
sqlite3 "$TMP/case/case.db" "INSERT INTO events (id, evidence_id, time_ns, time_desc, source, parser, host, event_code, locator, message, attrs)
	VALUES (901, 'E2', 1760061600000000000, 'Event Logged', 'evtx', 'evtx', 'WS01', 4688, 'rec 901', 'process created',
	json_object('Channel', 'Security', 'EventID', 4688, 'Computer', 'WS01', 'CommandLine', 'x.exe'))"
expect_exit 0 analyze detect --rules "$TMP/rules" --no-fs
test_count=$((test_count + 1))
got=$(sqlite3 "$TMP/case/case.db" "SELECT json_type(details, '\$.title_fr') || ',' || length(json_extract(details, '\$.description_fr')) FROM findings WHERE rule_id LIKE '22222222-%-000000000001';")
[ "$got" = "text,100004" ] || fail "the rule's French text is not kept whole in the finding ($got)"
test_count=$((test_count + 1))
got=$(sqlite3 "$TMP/case/case.db" "SELECT count(*) FROM findings WHERE rule_id LIKE '22222222-%-000000000002' AND json_extract(details, '\$.title_fr') IS NULL AND json_extract(details, '\$.description_fr') IS NULL;")
[ "$got" = "1" ] || fail "a rule's French that is not text was kept ($got)"

expect_exit 0 casefile build -o "$TMP/fr" --no-pdf --lang fr
test_count=$((test_count + 1))
python3 - "$TMP/fr/bag/data/report.html" <<'PY' || fail "the rule's French is live markup, a report tag, or not cut"
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
for bad in ("<script", "<img", "\u202e"):
    assert bad not in s, bad
row = [r for r in re.findall(r'<tr id="f-\d+">.*?</tr>', s, re.S) if "HF1" in r]
assert len(row) == 1, len(row)
row = row[0]
# one tag, the report's own; the rule's fake one is text
assert len(re.findall(r'<span class="lbl', row)) == 1, row[:400]
assert "&lt;span class=&quot;lbl lbl-obs&quot;" in row or "&lt;span class=&#34;lbl lbl-obs&#34;" in row, row[:600]
# the description is cut, not 100,000 characters in a table cell
d = re.search(r"HF2 (é+)", row)
assert d and len(d.group(1)) < 1000, len(d.group(1)) if d else None
other = [r for r in re.findall(r'<tr id="f-\d+">.*?</tr>', s, re.S) if "Not text French EN" in r]
assert len(other) == 1 and "own-text" in other[0], other
print("# the rule's French escaped and cut; the rule without text French shown as written, marked")
PY

# a correlation document whose step's basis_fr is not text: the paths refused, the field named
sqlite3 "$TMP/case/case.db" "UPDATE correlation SET doc = json_set(doc, '\$.attack_paths', json('[{\"system\":\"EHR\",\"host\":\"srv-ehr01\",\"until\":\"2025-10-10T02:00:00Z\",\"complete\":false,\"impact_on_host\":false,\"actor\":null,\"start_finding\":null,\"confidence\":null,\"steps\":[],\"hypotheses\":[{\"kind\":\"finding\",\"edge_kind\":null,\"from\":\"srv-ehr01\",\"to\":\"srv-ehr01\",\"time\":\"2025-10-10T01:00:00Z\",\"confidence\":\"low\",\"basis\":\"b\",\"basis_fr\":7,\"finding\":1,\"edge\":null,\"title\":\"t\",\"events\":[1],\"cites\":[]}]}]'));"
expect_exit 0 casefile build -o "$TMP/fr2" --no-pdf --lang fr
expect_grep 'Les chemins d’attaque du document de corrélation ne peuvent être lus.{1,3}: <bdi>correlation document: attack_paths\[0\]\.hypotheses\[0\]: &quot;basis_fr&quot; is not a string' "$TMP/fr2/bag/data/report.html"
expect_grep '<section id="declaration">' "$TMP/fr2/bag/data/report.html"
done_testing
