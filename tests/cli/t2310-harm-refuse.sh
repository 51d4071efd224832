#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# analyze timeline refuses bad hospital files whole, naming file, line (or JSON pointer) and column.
. "$(dirname "$0")/lib.sh"
need sqlite3
EX=$SHARED/formats/examples
[ -d "$EX" ] || skip "no $EX"
new_case
n=0

# refused FILE PATTERN: FILE is refused with a warning matching PATTERN and
# nothing of it (events, rows) is stored.
refused() {
	n=$((n + 1))
	mkdir -p "$TMP/in$n"
	cp "$1" "$TMP/in$n/$(basename "$1")"
	id=$(add_evidence file "$TMP/in$n/$(basename "$1")")
	expect_exit 4 analyze timeline "$id"
	expect_grep "$2" "$TMP/out"
	expect_grep "nothing of this file was stored" "$TMP/out"
	sqlite3 case.db "SELECT (SELECT count(*) FROM events WHERE evidence_id = '$id') + (SELECT count(*) FROM harm_events WHERE evidence_id = '$id') + (SELECT count(*) FROM disruptions WHERE evidence_id = '$id') + (SELECT count(*) FROM metrics WHERE evidence_id = '$id') + (SELECT count(*) FROM systems WHERE evidence_id = '$id')" >"$TMP/q"
	expect_grep '^0$' "$TMP/q"
}

H=$EX/harm_events.csv
# a missing required column
cut -d, -f1-17,19- "$H" >"$TMP/harm_events.csv"
refused "$TMP/harm_events.csv" "harm_events.csv': line 1: column 'harm_level': required by lifeline-harm/1 but missing"
# a bad time on the second data row (the first row is fine: still nothing imported)
sed '3s/2025-10-10T02:55:00Z/2025-10-10T25:55:00Z/' "$H" >"$TMP/harm_events.csv"
refused "$TMP/harm_events.csv" "line 3: column 'event_start': '2025-10-10T25:55:00Z' is not an RFC 3339 time"
# a local time without offset
sed '2s/2025-10-10T03:40:00Z/2025-10-10T03:40:00/' "$H" >"$TMP/harm_events.csv"
refused "$TMP/harm_events.csv" "line 2: column 'event_start': '2025-10-10T03:40:00' has no offset; local times are refused"
# an unknown harm level
sed '3s/,fatal,,/,catastrophic,,/' "$H" >"$TMP/harm_events.csv"
refused "$TMP/harm_events.csv" "line 3: column 'harm_level': unknown value 'catastrophic' \(expected one of: none, low"
# a duplicate id within the file
sed '3s/H-0002/H-0001/' "$H" >"$TMP/harm_events.csv"
refused "$TMP/harm_events.csv" "line 3: duplicate harm event id 'H-0001' \(already at evidence/E[0-9]+/files/harm_events.csv:2\)"
# a name column
sed '1s/,notes$/,notes,patient_last_name/; 2s/$/,Dupont/; 3s/$/,Martin/' "$H" >"$TMP/harm_events.csv"
refused "$TMP/harm_events.csv" "line 1: column 'patient_last_name': identifying data \(a name\) must not leave the hospital"
# a birth date column
sed '1s/,notes$/,notes,DOB/; 2s/$/,1948-03-12/; 3s/$/,1939-01-02/' "$H" >"$TMP/harm_events.csv"
refused "$TMP/harm_events.csv" "column 'DOB': identifying data \(a birth date\)"
# a phone number in free text
sed '2s/critical potassium result/call 06 12 34 56 78: critical potassium result/' "$H" >"$TMP/harm_events.csv"
refused "$TMP/harm_events.csv" "line 2: column 'notes': carries identifying data in clear \(a phone or identity number\)"
# an e-mail address in an extra column
sed '1s/,notes$/,notes,contact/; 2s/$/,jean.dupont@example.fr/; 3s/$/,/' "$H" >"$TMP/harm_events.csv"
refused "$TMP/harm_events.csv" "line 2: column 'contact': carries identifying data in clear \(an e-mail address\)"
# a CSV syntax error: a quote inside an unquoted field
sed '3s/counterfactual/counter"factual/' "$H" >"$TMP/harm_events.csv"
refused "$TMP/harm_events.csv" "line 3, field 29: quote inside an unquoted field"
# a short row
sed '3s/,EXH-016,.*$//' "$H" >"$TMP/harm_events.csv"
refused "$TMP/harm_events.csv" "line 3: 27 fields, the header has 29"
# disruptions: end before start, bad percentage
D=$EX/service_disruptions.csv
sed '2s/2025-10-11T02:30:00Z/2025-10-09T02:30:00Z/' "$D" >"$TMP/service_disruptions.csv"
refused "$TMP/service_disruptions.csv" "line 2: column 'end': '2025-10-09T02:30:00Z' is before 'start'"
sed '3s/,hour,40,/,hour,140,/' "$D" >"$TMP/service_disruptions.csv"
refused "$TMP/service_disruptions.csv" "line 3: column 'capacity_pct': '140' is not a percentage"
# metrics: unknown metric; a value larger than its denominator
M=$EX/ops_metrics.csv
sed '2s/ed_arrivals/ed_visits/' "$M" >"$TMP/ops_metrics.csv"
refused "$TMP/ops_metrics.csv" "line 2: column 'metric': unknown value 'ed_visits'"
sed '3s/,5,count,214,/,500,count,214,/' "$M" >"$TMP/ops_metrics.csv"
refused "$TMP/ops_metrics.csv" "line 3: column 'denominator': smaller than 'value'"
# systems: life_critical must be yes or no
sed '2s/,yes,/,maybe,/' "$EX/systems.csv" >"$TMP/systems.csv"
refused "$TMP/systems.csv" "line 2: column 'life_critical': unknown value 'maybe'"

# FHIR: malformed JSON, a Patient with a name, a foreign identifier, a full birth date
F=$EX/fhir_bundle_example.json
head -c 2000 "$F" >"$TMP/bundle.json"
refused "$TMP/bundle.json" "bundle.json': line [0-9]+ column [0-9]+: malformed JSON"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["entry"][0]["resource"]["name"]=[{"family":"Dupont"}]; json.dump(d, open(sys.argv[2],"w"))' "$F" "$TMP/bundle.json"
refused "$TMP/bundle.json" "/entry/0/resource/name: identifying data must not leave the hospital: a name"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["entry"][1]["resource"]["identifier"].append({"system":"urn:oid:1.2.250.1.213.1.4.8","value":"1480312345678"}); json.dump(d, open(sys.argv[2],"w"))' "$F" "$TMP/bundle.json"
refused "$TMP/bundle.json" "/entry/1/resource/identifier/1/system: identifier system other than urn:lifeline:pseudonym"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["entry"][0]["resource"]["birthDate"]="1948-03-12"; json.dump(d, open(sys.argv[2],"w"))' "$F" "$TMP/bundle.json"
refused "$TMP/bundle.json" "/entry/0/resource/birthDate: a birth date more precise than the year"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["type"]="transaction"; json.dump(d, open(sys.argv[2],"w"))' "$F" "$TMP/bundle.json"
refused "$TMP/bundle.json" "/type: Bundle.type must be 'collection'"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["entry"][6]["resource"]["date"]="2025-10-10T03:40:00"; json.dump(d, open(sys.argv[2],"w"))' "$F" "$TMP/bundle.json"
refused "$TMP/bundle.json" "/entry/6/resource: column 'event_start': '2025-10-10T03:40:00' has no offset"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["entry"][6]["resource"]["extension"][0]["valueCoding"]["code"]="awful"; json.dump(d, open(sys.argv[2],"w"))' "$F" "$TMP/bundle.json"
refused "$TMP/bundle.json" "/entry/6/resource: column 'harm_level': unknown value 'awful'"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["entry"].append({"resource":{"resourceType":"Observation","id":"O-1"}}); json.dump(d, open(sys.argv[2],"w"))' "$F" "$TMP/bundle.json"
refused "$TMP/bundle.json" "/entry/9/resource/resourceType: resource type not accepted in lifeline-harm-bundle/1: Observation"

# quoted fields with commas, quotes and newlines are fine (RFC 4180), CRLF too
awk 'NR==2{sub(/critical potassium result available only after manual courier/, "\"critical K+ result, \"\"by courier\"\"\nonly\"")} {printf "%s\r\n", $0}' "$H" >"$TMP/harm_events.csv"
mkdir -p "$TMP/ok" && cp "$TMP/harm_events.csv" "$TMP/ok/"
id=$(add_evidence file "$TMP/ok/harm_events.csv")
expect_exit 0 analyze timeline "$id"
expect_no_grep warning "$TMP/out"
sqlite3 case.db "SELECT json_extract(row, '$.notes') FROM harm_events WHERE id = 'H-0001'" >"$TMP/q"
expect_grep '^critical K\+ result, "by courier"$' "$TMP/q"
expect_grep '^only$' "$TMP/q"
sqlite3 case.db "SELECT locator FROM harm_events WHERE id = 'H-0002'" >"$TMP/q"
expect_grep ':4$' "$TMP/q"
done_testing
