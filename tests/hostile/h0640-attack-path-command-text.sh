#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The command a link of the attack path quotes is attacker-written (a sudo
# line typed on a foothold): with terminal escapes, a bidi override and 400
# bytes of multibyte UTF-8 naming the next host, the correlation document
# stays valid JSON, the quote is cut at a character boundary (no half UTF-8
# sequence) with the ESC and the override written out (\u{1B}, \u{202E}),
# the basis still names the event and its place, the human output carries
# no raw ESC or bidi control; a name that only contains the
# host's name inside a longer word ("xsrv-lis02y") is no command link. (The
# read API of stored paths: fuzz.attack_paths, unit.analyze.attack_graph.)
. "$LL_SRC_DIR/tests/cli/lib.sh"
need sqlite3 python3
EX=$SHARED/formats/examples
[ -d "$EX" ] || skip "no $EX"
new_case
for f in "$EX/harm_events.csv" "$EX/service_disruptions.csv" "$EX/systems.csv"; do
	add_evidence file "$f" >/dev/null
done
printf 'log\n' >"$TMP/security.log"
LOG=$(add_evidence file "$TMP/security.log")
expect_exit 4 analyze timeline

ns() { date -u -d "$1" +%s000000000; }
esc=$(printf '\033')
rlo=$(printf '\342\200\256')
long=$(python3 -c 'print("é" * 199 + "x")')
cmd="sudo: adm : COMMAND=/tmp/x ${esc}[31m${rlo} --target srv-lis02 $long"
printf '%s' "$cmd" >"$TMP/cmd"
sqlite3 case.db <<SQL
INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host, user, locator, message) VALUES
 (9001, '$LOG', $(ns 2025-10-08T22:00:00Z), 'Logged', 'evtx', 'test', 'dc01', NULL, 'security.log:1', 'RDP logon from 203.0.113.7'),
 (9002, '$LOG', $(ns 2025-10-09T10:00:00Z), 'Logged', 'syslog', 'test', 'dc01', 'adm', 'security.log:2', readfile('$TMP/cmd')),
 (9006, '$LOG', $(ns 2025-10-09T10:05:00Z), 'Logged', 'syslog', 'test', 'dc01', 'adm', 'security.log:6', 'sudo: adm : COMMAND=/tmp/y --target xsrv-lis02y'),
 (9003, '$LOG', $(ns 2025-10-10T02:00:00Z), 'Logged', 'evtx', 'test', 'srv-lis02.hop.local', NULL, 'security.log:3', 'files renamed to .lockbit');
INSERT INTO findings(id, rule_id, title, source, severity, techniques, confidence, host, first_ns, last_ns, event_count) VALUES
 (1, 'rdp-external', 'RDP logon from the internet', 'builtin', 'high', 'T1133', 'high', 'dc01', $(ns 2025-10-08T22:00:00Z), $(ns 2025-10-08T22:00:00Z), 1),
 (2, 'tmp', 'program in /tmp', 'sigma', 'medium', 'T1059', 'medium', 'dc01', $(ns 2025-10-09T10:00:00Z), $(ns 2025-10-09T10:05:00Z), 2),
 (3, 'mass-rename', 'mass renaming', 'builtin', 'critical', 'T1486', 'high', 'srv-lis02.hop.local', $(ns 2025-10-10T02:00:00Z), $(ns 2025-10-10T02:00:00Z), 1);
INSERT INTO finding_events VALUES (1, 9001), (2, 9002), (2, 9006), (3, 9003);
INSERT INTO movement_edges(time_ns, kind, from_addr, from_host, to_host, account, logon_type, success, event_id, evidence_id, basis) VALUES
 ($(ns 2025-10-08T22:00:00Z), 'logon-rdp', '203.0.113.7', NULL, 'dc01', 'HOP\\adm', 10, 1, 9001, '$LOG', 'RDP logon on dc01 from 203.0.113.7 (external): event 9001');
SQL
test_count=$((test_count + 1))
sqlite3 case.db "SELECT length(CAST(message AS BLOB)) FROM events WHERE id = 9002" >"$TMP/v"
[ "$(cat "$TMP/v")" -gt 400 ] || fail "the hostile command was not stored whole"

expect_exit 0 --json analyze correlate
cp "$TMP/out" "$TMP/c.json"
test_count=$((test_count + 1))
python3 - "$TMP/c.json" <<'PY' || fail "the command link in the document"
import json, sys
raw = open(sys.argv[1], "rb").read()
raw.decode("utf-8")  # whole characters only
d = json.loads(raw)
p = [p for p in d["attack_paths"] if p["host"] == "srv-lis02"][0]
assert p["complete"], p
cmd = [s for s in p["steps"] if s["edge_kind"] == "command"]
assert len(cmd) == 1, cmd  # "xsrv-lis02y" names no host
b = cmd[0]["basis"]
assert "event 9002 (" in b and "security.log:2" in b, b
assert cmd[0]["confidence"] == "medium", cmd[0]
# what a reader cannot see is written out; every byte stays in the event
assert "\u202e" not in b and "\x1b" not in b, b
assert "\\u{1B}[31m" in b and "\\u{202E}" in b, b
assert cmd[0]["cites"] == [{"event": 9002, "evidence": cmd[0]["cites"][0]["evidence"], "locator": "security.log:2"}]
PY
expect_exit 0 analyze correlate
test_count=$((test_count + 1))
if grep -q "$esc" "$TMP/out" || grep -q "$rlo" "$TMP/out"; then
	fail "raw ESC or bidi override in the human output"
fi
expect_grep 'security.log:2' "$TMP/out"

done_testing
