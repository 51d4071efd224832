#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# analyze correlate on a case built here: chains, bases, confidences, endangerment, custody.
. "$(dirname "$0")/lib.sh"
need sqlite3 python3
EX=$SHARED/formats/examples
[ -d "$EX" ] || skip "no $EX"
new_case
expect_exit 0 analyze correlate --help
expect_grep '^usage: lifeline analyze correlate' "$TMP/out"
expect_exit 2 analyze correlate --attack yesterday

# hospital data: the examples plus a harm event on an unrelated unit and one
# whose causality the hospital found unlikely
mkdir -p "$TMP/h"
cp "$EX/harm_events.csv" "$TMP/h/harm_events.csv"
tail -1 "$EX/harm_events.csv" | sed 's/H-0002/H-0003/; s/,ED,/,MAT,/; s/,ed_triage,D-0001,/,maternity,,/' >>"$TMP/h/harm_events.csv"
tail -1 "$EX/harm_events.csv" | sed 's/H-0002/H-0004/; s/,ed_triage,D-0001,/,ed_triage,,/; s/,Possible,/,Unlikely,/' >>"$TMP/h/harm_events.csv"
for f in "$TMP/h/harm_events.csv" "$EX/service_disruptions.csv" "$EX/systems.csv"; do
	add_evidence file "$f" >/dev/null
done
printf 'log\n' >"$TMP/h/security.log"
LOG=$(add_evidence file "$TMP/h/security.log")
expect_exit 4 analyze timeline

# the attack, as analyze detect would have left it
ns() { date -u -d "$1" +%s000000000; }
sqlite3 case.db <<SQL
INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host, locator, message) VALUES
 (9001, '$LOG', $(ns 2025-10-08T22:00:00Z), 'Event Logged', 'evtx', 'test', 'dc01', 'security.log:1', 'RDP logon from 203.0.113.7'),
 (9002, '$LOG', $(ns 2025-10-10T01:50:00Z), 'Event Logged', 'evtx', 'test', 'srv-lis02.hop.local', 'security.log:2', 'network logon from DC01 as svc-adm'),
 (9003, '$LOG', $(ns 2025-10-10T02:00:00Z), 'Event Logged', 'evtx', 'test', 'srv-lis02.hop.local', 'security.log:3', 'files renamed to .lockbit'),
 (9004, '$LOG', $(ns 2025-10-10T02:05:00Z), 'Event Logged', 'evtx', 'test', 'SRV-EHR01', 'security.log:4', 'service PSEXESVC installed'),
 (9005, '$LOG', $(ns 2025-10-10T02:04:00Z), 'Event Logged', 'evtx', 'test', 'SRV-EHR01', 'security.log:5', 'network logon from DC01 as svc-adm');
INSERT INTO findings(id, rule_id, title, source, severity, techniques, confidence, host, first_ns, last_ns, event_count) VALUES
 (1, 'rdp-external', 'RDP logon from the internet', 'builtin', 'high', 'T1133,T1021.001', 'high', 'dc01', $(ns 2025-10-08T22:00:00Z), $(ns 2025-10-08T22:00:00Z), 1),
 (2, 'mass-rename', 'mass renaming to a ransomware extension', 'builtin', 'critical', 'T1486', 'high', 'srv-lis02.hop.local', $(ns 2025-10-10T02:00:00Z), $(ns 2025-10-10T02:00:00Z), 1),
 (3, 'psexec', 'PsExec service installed', 'sigma', 'high', 'T1569.002', 'medium', 'SRV-EHR01', $(ns 2025-10-10T02:05:00Z), $(ns 2025-10-10T02:05:00Z), 1),
 (4, 'late', 'a finding after the disruptions began', 'builtin', 'high', 'T1486', 'high', 'srv-ehr01', $(ns 2025-10-12T00:00:00Z), $(ns 2025-10-12T00:00:00Z), 0);
INSERT INTO finding_events VALUES (1, 9001), (2, 9003), (3, 9004);
-- the movement edges analyze detect would have built: the RDP logon from the
-- internet reaches dc01; logons from dc01 reach srv-lis02 and SRV-EHR01
INSERT INTO movement_edges(time_ns, kind, from_addr, from_name, from_host, to_host, account, logon_type, success, event_id, evidence_id, basis) VALUES
 ($(ns 2025-10-08T22:00:00Z), 'logon-rdp', '203.0.113.7', NULL, NULL, 'dc01', 'HOP\adm', 10, 1, 9001, '$LOG', 'RDP logon on dc01 from 203.0.113.7 (external): event 9001'),
 ($(ns 2025-10-10T01:50:00Z), 'logon-network', '10.0.0.5', 'DC01', 'dc01', 'srv-lis02.hop.local', 'svc-adm', 3, 1, 9002, '$LOG', 'logon on srv-lis02 from DC01 as svc-adm: event 9002'),
 ($(ns 2025-10-10T02:04:00Z), 'logon-network', '10.0.0.5', 'DC01', 'dc01', 'SRV-EHR01', 'svc-adm', 3, 1, 9005, '$LOG', 'logon on SRV-EHR01 from DC01 as svc-adm: event 9005');
SQL

expect_exit 0 --json analyze correlate
cp "$TMP/out" "$TMP/c.json"
j() { json_get "$TMP/c.json" "$1" >"$TMP/v"; expect_grep "^$2\$" "$TMP/v"; }
chain() { echo "[c for c in d['chains'] if c['harm_event_id'] == '$1'][0]"; }
link() { echo "[l for l in $(chain "$1")['links'] if l['kind'] == '$2' and str(l['to']) == '$3'][0]"; }
j "d['schema']" 'lifeline.correlate/1'
j "len(d['chains'])" 4
# H-0001 names D-0002 (LIS) and D-0001 (EHR): documented, inventory, then the findings
j "$(chain H-0001)['status']" linked
# the path dc01 -> srv-lis02 is high, the mass renaming on srv-lis02 after it medium
j "$(chain H-0001)['confidence']" medium
j "$(chain H-0001)['disruptions']" "\['D-0002', 'D-0001'\]"
j "$(link H-0001 'harm->disruption' D-0002)['basis']" 'documented reference'
j "$(link H-0001 'harm->disruption' D-0002)['confidence']" high
j "$(link H-0001 'harm->disruption' D-0002)['cites']['rows']" "\['evidence/E1/files/harm_events.csv:2', 'evidence/E2/files/service_disruptions.csv:3'\]"
j "$(link H-0001 'disruption->system' LIS)['basis']" 'documented reference'
j "$(link H-0001 'system->host' srv-lis02)['basis']" 'inventory join'
j "$(link H-0001 'system->host' srv-lis02)['confidence']" high
j "$(link H-0001 'host->attack' 203.0.113.7)['basis']" 'attack path'
j "$(link H-0001 'host->attack' 203.0.113.7)['confidence']" medium
j "[l['from'] for l in $(chain H-0001)['links'] if l['kind'] == 'host->attack']" "\['srv-lis02', 'srv-ehr01'\]"
j "sorted(set(sum([l['cites']['events'] for l in $(chain H-0001)['links'] if l['kind'] == 'host->attack'], [])))" '\[9001, 9002, 9003, 9004, 9005\]'
j "[l['kind'] for l in $(chain H-0001)['links'] if l['basis'] == 'time overlap' and l['kind'] != 'harm->disruption']" '\[\]'
j "$(chain H-0001)['earliest_intrusion']['finding']" 1
j "$(chain H-0001)['earliest_intrusion']['host']" dc01
j "sorted($(chain H-0001)['findings'])" '\[1, 2, 3\]'
# the path to srv-lis02, step by step: the RDP logon finding, the edges, the renaming
j "[(s['kind'], s['from'], s['to'], s['confidence']) for s in [p for p in d['attack_paths'] if p['host'] == 'srv-lis02'][0]['steps']] == [('finding', 'dc01', 'dc01', 'high'), ('edge', '203.0.113.7', 'dc01', 'high'), ('edge', 'dc01', 'srv-lis02.hop.local', 'high'), ('finding', 'srv-lis02.hop.local', 'srv-lis02.hop.local', 'medium')]" True
j "4 in $(chain H-0001)['findings']" False
# H-0002: documented link, but causality only Possible caps the chain at medium
j "$(chain H-0002)['status']" linked
j "$(chain H-0002)['confidence']" medium
# H-0003 is on the maternity unit with no documented disruption: no chain
j "$(chain H-0003)['status']" unlinked
j "$(chain H-0003)['links']" '\[\]'
j "$(chain H-0003)['confidence']" None
# H-0004: kept and labelled, found by time overlap on its unit, never promoted
j "$(chain H-0004)['status']" causality-unlikely
j "$(chain H-0004)['confidence']" low
j "$(link H-0004 'harm->disruption' D-0001)['basis']" 'time overlap'
j "$(link H-0004 'harm->disruption' D-0001)['confidence']" medium
# endangerment: ED diversion and the lab, not the cancelled elective surgery
j "sorted(e['disruption_id'] for e in d['endangerment'])" "\['D-0001', 'D-0002'\]"
j "[e for e in d['endangerment'] if e['disruption_id'] == 'D-0001'][0]['duration_minutes']" 1440
j "[e for e in d['endangerment'] if e['disruption_id'] == 'D-0001'][0]['counts']" "{'ambulances': 23}"
j "[e for e in d['endangerment'] if e['disruption_id'] == 'D-0001'][0]['linked_to_attack']" True
j "sorted([e for e in d['endangerment'] if e['disruption_id'] == 'D-0001'][0]['findings'])" '\[1, 3\]'
j "[e for e in d['endangerment'] if e['disruption_id'] == 'D-0001'][0]['harm_events']" "\['H-0001', 'H-0002'\]"
j "d['attack_window']['from']" 2025-10-10T02:14:00Z
j "d['attack_window']['to']" 2025-10-14T18:00:00Z
j "d['baseline_windows'][1]['from']" 2024-10-10T02:14:00Z

# stored, and recorded in the custody ledger with the document's hash
sqlite3 case.db "SELECT doc FROM correlation WHERE id = 1" | tr -d '\n' >"$TMP/doc"
want=$(sha256sum "$TMP/doc" | cut -d' ' -f1)
j "d['sha256']" "$want"
sqlite3 case.db "SELECT action || ' ' || json_extract(details, '$.sha256') FROM custody ORDER BY seq DESC LIMIT 1" >"$TMP/v"
expect_grep "^correlate $want\$" "$TMP/v"
expect_exit 0 custody verify

# the human form names the same chain
expect_exit 0 analyze correlate
expect_grep '^  H-0001 patient P-5d3c03545432dcdb308c889b41cf399c FR-590000000 ED at 2025-10-10T03:40:00Z: severe harm, diagnosis_lab, causality Probably-Likely: linked, confidence medium$' "$TMP/out"
expect_grep 'host->attack +srv-lis02 -> 203.0.113.7  \[attack path, medium\] events 9001,9002,9003 findings 1,2$' "$TMP/out"
expect_grep '^  LIS on srv-lis02, before .*: complete from 203.0.113.7, confidence medium, impact on the host$' "$TMP/out"
expect_grep 'earliest intrusion: finding 1 at 2025-10-08T22:00:00Z on dc01' "$TMP/out"
expect_grep '^  D-0001 ed_diversion ED .*\(1440 min\), 23 ambulances; linked to attack: yes' "$TMP/out"
done_testing
