#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# analyze timeline on hospital data: the examples import cleanly, as events with locators.
. "$(dirname "$0")/lib.sh"
need sqlite3
EX=$SHARED/formats/examples
[ -d "$EX" ] || skip "no $EX"
new_case
for f in harm_events.csv service_disruptions.csv ops_metrics.csv systems.csv; do
	add_evidence file "$EX/$f" >/dev/null
done
expect_exit 0 --json analyze timeline
cp "$TMP/out" "$TMP/tl.json"
expect_exit 0 analyze timeline
expect_no_grep 'warning' "$TMP/out"
expect_grep 'harm-csv .* 2 events .*harm_events.csv' "$TMP/out"
expect_grep 'harm-csv .* 6 events .*service_disruptions.csv' "$TMP/out"
expect_grep 'harm-csv .* 3 events .*ops_metrics.csv' "$TMP/out"
expect_grep 'harm-csv .* 0 events .*systems.csv' "$TMP/out"

q() { sqlite3 case.db "$1" >"$TMP/q"; }
q "SELECT id, locator FROM harm_events ORDER BY id"
expect_grep '^H-0001\|evidence/E1/files/harm_events.csv:2$' "$TMP/q"
expect_grep '^H-0002\|evidence/E1/files/harm_events.csv:3$' "$TMP/q"
q "SELECT count(*) FROM harm_events"
expect_grep '^2$' "$TMP/q"
q "SELECT group_concat(id) FROM (SELECT id FROM disruptions ORDER BY id)"
expect_grep '^D-0001,D-0002,D-0003$' "$TMP/q"
q "SELECT count(*), sum(life_critical) FROM systems"
expect_grep '^4\|2$' "$TMP/q"
q "SELECT category, count(*) FROM events GROUP BY category ORDER BY 1"
expect_grep '^disruption\|6$' "$TMP/q"
expect_grep '^harm\|2$' "$TMP/q"
expect_grep '^metric\|3$' "$TMP/q"
q "SELECT time_raw, host FROM events WHERE time_desc = 'Disruption Start' AND message LIKE 'D-0002%'"
expect_grep '^2025-10-10T02:14:00Z\|srv-lis02$' "$TMP/q"

# the FHIR bundle describes the same events: in this case its ids collide
add_evidence file "$EX/fhir_bundle_example.json" >/dev/null
expect_exit 4 analyze timeline E5
expect_grep "fhir_bundle_example.json': /entry/3/resource: duplicate disruption id 'D-0001' \(already imported from evidence/E2/files/service_disruptions.csv:2\); nothing of this file was stored" "$TMP/out"
q "SELECT count(*) FROM events WHERE evidence_id = 'E5'"
expect_grep '^0$' "$TMP/q"

# alone, in its own case, it imports cleanly
cd "$TMP"
expect_exit 0 case init "$TMP/fhir" --case-id CASE-2025-0001 --title fhir
cd "$TMP/fhir"
add_evidence file "$EX/fhir_bundle_example.json" >/dev/null
expect_exit 0 analyze timeline
expect_no_grep 'warning' "$TMP/out"
expect_grep 'fhir .* 5 events .*fhir_bundle_example.json' "$TMP/out"
q "SELECT id, patient, unit, harm_level, causality, json_extract(row, '$.disruption_ids[0]'), json_extract(row, '$.delay_minutes') FROM harm_events"
expect_grep '^H-0001\|P-5d3c03545432dcdb308c889b41cf399c\|ED\|severe\|Probably-Likely\|D-0001\|95$' "$TMP/q"
q "SELECT id, type, start_ns FROM disruptions"
expect_grep '^D-0001\|ed_diversion\|1760063400000000000$' "$TMP/q"
q "SELECT locator FROM events WHERE category = 'harm' AND message LIKE 'DetectedIssue%'"
expect_grep '^evidence/E1/files/fhir_bundle_example.json#/entry/5/resource$' "$TMP/q"
q "SELECT count(*) FROM events WHERE message LIKE 'Procedure PR-0001%'"
expect_grep '^1$' "$TMP/q"
cd "$TMP/case"

# re-running replaces, it does not duplicate
expect_exit 0 analyze timeline E1
q "SELECT count(*) FROM harm_events"
expect_grep '^2$' "$TMP/q"
done_testing
