#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# analyze detect on events inserted directly: findings cite their events,
# re-runs are idempotent, custody records the rule set, bad rules are reported.
. "$(dirname "$0")/lib.sh"
need sqlite3

expect_exit 0 analyze detect --help
expect_grep '^usage: lifeline analyze detect' "$TMP/out"
expect_exit 0 findings list --help
expect_grep '^usage: lifeline findings list' "$TMP/out"
expect_exit 2 analyze detect --threshold nope=1
new_case

# one evidence item and a few EVTX events following the reader contract
sqlite3 case.db "INSERT INTO evidence (id, seq, kind, state, started_ns) VALUES ('E1', 1, 'file', 'registered', 0);"
ins() { # id time_s code attrs
	sqlite3 case.db "INSERT INTO events (id, evidence_id, time_ns, time_desc, source, parser, host, event_code, locator, message, attrs)
	VALUES ($1, 'E1', $2 * 1000000000, 'Event Logged', 'evtx', 'evtx', 'WS01', $3, 'rec $1', 'm', '$4');"
}
ins 1 1700000000 1102 '{"Channel":"Security","EventID":1102,"Provider_Name":"Microsoft-Windows-Eventlog","Computer":"WS01"}'
ins 2 1700000060 4688 '{"Channel":"Security","EventID":4688,"Computer":"WS01","NewProcessName":"C:\\Windows\\System32\\vssadmin.exe","CommandLine":"vssadmin.exe Delete Shadows /all /quiet"}'
ins 3 1700000070 4624 '{"Channel":"Security","EventID":4624,"Computer":"WS01","LogonType":"10","IpAddress":"203.0.113.7","TargetUserName":"admin"}'
ins 4 1700000080 4624 '{"Channel":"Security","EventID":4624,"Computer":"WS01","LogonType":"10","IpAddress":"10.1.2.3","TargetUserName":"nurse"}'
ins 5 1700000090 7036 '{"Channel":"System","EventID":7036,"Computer":"WS01","param1":"Windows Update","param2":"running"}'

expect_exit 0 --json analyze detect
expect_grep '"findings": 4' "$TMP/out"
# event 3 is a logon from a public address (first in the evidence), event 4's is private
expect_grep '"first_logon_findings": 1' "$TMP/out"
expect_exit 0 --json findings list
cp "$TMP/out" "$TMP/f1.json"
[ "$(json_get "$TMP/f1.json" 'd["count"]')" = 5 ] || fail "expected 4 rule findings and 1 first logon"
[ "$(json_get "$TMP/f1.json" '[f["event_ids"] for f in d["findings"] if f["rule_id"] == "movement.first_logon_external"]')" = "[[3]]" ] || fail "the first logon must cite event 3 only"
# RDP from outside cites event 3 only; RDP logon cites 3 and 4
[ "$(json_get "$TMP/f1.json" '[f["event_ids"] for f in d["findings"] if f["title"].startswith("Remote Desktop logon from")][0]')" = "[3]" ] || fail "external RDP must cite event 3"
[ "$(json_get "$TMP/f1.json" '[f["event_ids"] for f in d["findings"] if f["title"] == "Remote Desktop logon"][0]')" = "[3, 4]" ] || fail "RDP must cite 3 and 4"
[ "$(json_get "$TMP/f1.json" '[f["techniques"] for f in d["findings"] if f["rule_id"]=="97a83254-644c-57ab-9b19-72509bb3667f"][0]')" = "['T1490']" ] || fail "shadow copy technique"

# idempotent: same findings after a second run
expect_exit 0 --json analyze detect
expect_exit 0 --json findings list
[ "$(json_get "$TMP/out" 'd["count"]')" = 5 ] || fail "re-run changed the count"
[ "$(sqlite3 case.db 'SELECT count(*) FROM finding_events')" = 6 ] || fail "finding_events not replaced"

# custody: two detect entries with the rule-set hash
expect_exit 0 --json custody log
[ "$(json_get "$TMP/out" 'len([e for e in d["entries"] if e["action"]=="detect"])')" = 2 ] || fail "no detect custody entries"
json_get "$TMP/out" '[e["details"] for e in d["entries"] if e["action"]=="detect"][0]' > "$TMP/det"
expect_grep "'ruleset_sha256': '[0-9a-f]{64}'" "$TMP/det"
# as many rules as built-in rule files
nrules=$(ls "$SRC"/rules/builtin/*.yml | wc -l)
expect_grep "'rules': $nrules" "$TMP/det"
expect_exit 0 custody verify

# a user rule set with one good and one unsupported rule: the bad one is reported
mkdir "$TMP/r"
cat > "$TMP/r/good.yml" <<'YML'
title: Windows Update started
id: 11111111-2222-3333-4444-555555555555
status: test
level: low
logsource: {product: windows, service: system}
detection:
  sel:
    EventID: 7036
    param1|startswith: 'windows upd'
  condition: sel
YML
cat > "$TMP/r/bad.yml" <<'YML'
title: uses expand
logsource: {product: windows, service: security}
detection:
  sel:
    TargetUserName|expand: '%admins%'
  condition: sel | count() > 5
YML
expect_exit 0 --json analyze detect --rules "$TMP/r" --no-fs
expect_grep '"modifier .expand.": 1' "$TMP/out"
expect_grep '"rules": 1' "$TMP/out"
expect_exit 0 --json findings list --rule 11111111-2222-3333-4444-555555555555
[ "$(json_get "$TMP/out" 'd["findings"][0]["event_ids"]')" = "[5]" ] || fail "user rule must cite event 5"
# built-in findings are still there (another rule set)
expect_exit 0 --json findings list
[ "$(json_get "$TMP/out" 'd["count"]')" = 6 ] || fail "user rules replaced built-in findings"
expect_exit 0 findings list --severity critical
expect_grep 'Shadow copies' "$TMP/out"
expect_no_grep 'Remote Desktop' "$TMP/out"
expect_exit 3 analyze detect --rules "$TMP/missing"
done_testing
