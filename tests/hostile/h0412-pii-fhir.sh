#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Class: identifying data in a FHIR Bundle anywhere, not only in the
# Patient's own fields: free text of any resource (DetectedIssue detail,
# Procedure code.text, Reference.display, narrative, notes, string
# extensions), an identifier in a national identity system (INS-NIR, NHS
# number, SSN) on any resource, a contained Patient with a name or telecom,
# an extension carrying a HumanName, ContactPoint or Address, or a birth
# time/place or mother's maiden name extension.
# Each Bundle is refused whole, the message naming the file and the JSON
# pointer of the field. Before the fix all of these were stored (only the
# Patient entries' own name/telecom/address/birthDate/identifier were checked).
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3
EX=$SHARED/formats/examples
F=$EX/fhir_bundle_example.json
[ -f "$F" ] || skip "no $F"
new_case
mkdir -p "$TMP/b"

# variant N PYTHON-EXPR: bundle b<N>.json = the example changed by the
# statement (d is the Bundle, r(i) the resource of entry i).
variant() {
	python3 - "$F" "$TMP/b/b$1.json" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
def r(i): return d['entry'][i]['resource']
d['identifier']['value'] = 'T-1'
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], 'w', encoding='utf-8'), ensure_ascii=False)
PY
}

variant 1 'r(5)["detail"] = "Mme Jeanne DUPONT, née le 12/03/1945, 12 rue …"'
variant 2 'r(8)["code"]["text"] = "hip replacement for M. Dupont"'
variant 3 'r(4)["subject"]["display"] = "Mrs O'"'"'Neil"'
variant 4 'r(4)["identifier"] = [{"system": "urn:oid:1.2.250.1.213.1.4.8", "value": "185057800608491"}]'
variant 5 'r(8)["note"] = [{"text": "call back on ０６ １２ ３４ ５６ ７８"}]'
variant 6 'r(0)["extension"].append({"url": "urn:x:dob", "valueString": "DOB 1945-03-12"})'
variant 7 'r(6)["contained"] = [{"resourceType": "Patient", "id": "c1", "name": [{"family": "Dupont"}]}]'
variant 8 'r(6)["event"]["text"] = "NIR:185057800608436 seen at triage"'
variant 9 'r(4)["text"] = {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">jean.dupont@example.fr</div>"}'
variant 10 'r(7)["identifier"] = [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765919"}]'
variant 11 'r(6)["contained"] = [{"resourceType": "RelatedPerson", "id": "c1"}]'
variant 12 'r(0)["extension"].append({"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime", "valueDateTime": "1945-03-12T10:00:00+01:00"})'
variant 13 'r(6)["extension"].append({"url": "urn:x:next-of-kin", "valueHumanName": {"family": "Dupont"}})'
variant 14 'r(1)["extension"] = [{"url": "urn:x:home", "valueAddress": {"line": ["12 r. V. Hugo"]}}]'
# one item, one run; each bundle refused on its own
files=
for f in "$TMP/b"/b*.json; do files="$files $f"; done
# shellcheck disable=SC2086
id=$(add_evidence file $files)
set +e
"$LIFELINE" analyze timeline "$id" >"$TMP/out" 2>"$TMP/err"
set -e
cat "$TMP/out" "$TMP/err" >"$TMP/all"
expect_grep "b1.json': /entry/5/resource/detail: identifying data must not leave the hospital: a name after a civility" "$TMP/all"
expect_grep "b2.json': /entry/8/resource/code/text: identifying data must not leave the hospital: a name after a civility" "$TMP/all"
expect_grep "b3.json': /entry/4/resource/subject/display: identifying data must not leave the hospital: a name after a civility" "$TMP/all"
expect_grep "b4.json': /entry/4/resource/identifier/0/system: identifying data must not leave the hospital: a national identity number \(urn:oid:1.2.250.1.213.1.4.8\)" "$TMP/all"
expect_grep "b5.json': /entry/8/resource/note/0/text: identifying data must not leave the hospital: a phone or identity number" "$TMP/all"
expect_grep "b6.json': /entry/0/resource/extension/1/valueString: identifying data must not leave the hospital: a birth date" "$TMP/all"
expect_grep "b7.json': /entry/6/resource/contained/0/name: identifying data must not leave the hospital: a name" "$TMP/all"
expect_grep "b8.json': /entry/6/resource/event/text: identifying data must not leave the hospital: a record, identity or phone number" "$TMP/all"
expect_grep "b9.json': /entry/4/resource/text/div: identifying data must not leave the hospital: an e-mail address" "$TMP/all"
expect_grep "b10.json': /entry/7/resource/identifier/0/system: identifying data must not leave the hospital: a national identity number" "$TMP/all"
expect_grep "b11.json': /entry/6/resource/contained/0/resourceType: resource type not accepted in lifeline-harm-bundle/1: RelatedPerson" "$TMP/all"
expect_grep "b12.json': /entry/0/resource/extension/1/url: identifying data must not leave the hospital: patient-birthTime" "$TMP/all"
expect_grep "b13.json': /entry/6/resource/extension/3/valueHumanName: identifying data must not leave the hospital: a name" "$TMP/all"
expect_grep "b14.json': /entry/1/resource/extension/0/valueAddress: identifying data must not leave the hospital: an address" "$TMP/all"
expect_no_grep "DUPONT|185057800608436" "$TMP/all"
sqlite3 case.db "SELECT (SELECT count(*) FROM events WHERE evidence_id = '$id') + (SELECT count(*) FROM harm_events WHERE evidence_id = '$id') + (SELECT count(*) FROM disruptions WHERE evidence_id = '$id')" >"$TMP/q"
expect_grep '^0$' "$TMP/q"

# the example itself, and clinical free text, still pass
variant 0 'r(5)["detail"] = "K+ 7.2 mmol/L at 04:10, Dr on call informed; courier 95 min"'
id=$(add_evidence file "$TMP/b/b0.json")
set +e
"$LIFELINE" analyze timeline "$id" >"$TMP/out" 2>"$TMP/err"
set -e
cat "$TMP/out" "$TMP/err" >"$TMP/all"
expect_no_grep "identifying data|warning" "$TMP/all"
sqlite3 case.db "SELECT count(*) FROM harm_events WHERE evidence_id = '$id'" >"$TMP/q"
expect_grep '^1$' "$TMP/q"
done_testing
