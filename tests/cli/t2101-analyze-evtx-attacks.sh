#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The attack samples give the events an examiner looks for, with named
# fields: 1102, 104, 7045 (ImagePath), 4624 type 10 (IpAddress), 1149 and
# the Sysmon "vssadmin delete shadows" command line; a gzip EVTX reads the same.
. "$(dirname "$0")/lib.sh"
need sqlite3
E="$SHARED/testdata/evtx"
[ -f "$E/eas_DE_1102_security_log_cleared.evtx" ] || skip "no shared EVTX test data in $SHARED/testdata/evtx (../shared, the project's shared test data)"
new_case
for f in eas_DE_1102_security_log_cleared eas_DE_104_system_log_cleared \
	eas_LM_Remote_Service02_7045 eas_DE_RDP_Tunneling_4624 \
	eas_DE_RDP_Tunneling_TS-RCM-Operational_1149 eas_PanacheSysmon_vs_AtomicRedTeam01; do
	add_evidence file "$E/$f.evtx" >/dev/null
done
gzip -c "$E/cc0_4720_local_user_created.evtx" >"$TMP/sec.evtx.gz"
gz=$(add_evidence file "$TMP/sec.evtx.gz")
expect_exit 0 analyze timeline
q() { sqlite3 case.db "$1" >"$TMP/q"; }

q "SELECT source, parser, time_desc, host, user, message FROM events WHERE event_code=1102"
expect_grep '^evtx\|evtx\|Event Logged\|PC01.example.corp\|EXAMPLE\\user01\|Security audit log cleared by EXAMPLE\\user01$' "$TMP/q"
q "SELECT json_extract(attrs,'\$.Channel'), COALESCE(json_extract(attrs,'\$.UserData_Channel'), json_extract(attrs,'\$.EventData_Channel')), message FROM events WHERE event_code=104"
expect_grep '^System\|System\|Event log System cleared by EXAMPLE\\user01$' "$TMP/q"
q "SELECT json_extract(attrs,'\$.ServiceName') || ' ' || json_extract(attrs,'\$.ImagePath') FROM events WHERE event_code=7045"
expect_grep '^spoolsv cmd\.exe$' "$TMP/q"
expect_grep '^spoolfool cmd\.exe$' "$TMP/q"
expect_grep '^remotesvc calc\.exe$' "$TMP/q"
[ "$(wc -l <"$TMP/q")" -eq 3 ] || fail "expected 3 service installs"
q "SELECT json_extract(attrs,'\$.IpAddress'), message FROM events WHERE event_code=4624 AND json_extract(attrs,'\$.LogonType')='10'"
expect_grep 'logon type 10 \(RemoteInteractive\)' "$TMP/q"
q "SELECT json_extract(attrs,'\$.Param3'), user FROM events WHERE event_code=1149"
[ "$(wc -l <"$TMP/q")" -eq 11 ] || fail "expected 11 RDP authentications (1149)"
expect_grep '^10\.0\.2\.1[56]\|' "$TMP/q"
q "SELECT json_extract(attrs,'\$.CommandLine'), json_extract(attrs,'\$.Provider_Name'), json_extract(attrs,'\$.Level'), json_extract(attrs,'\$.EventID') FROM events WHERE event_code=1 AND json_extract(attrs,'\$.CommandLine') LIKE '%vssadmin%delete shadows%'"
expect_grep 'vssadmin.exe  *delete shadows /all /quiet.*\|Microsoft-Windows-Sysmon\|4\|1$' "$TMP/q"
# locators: record id, chunk and file offset; the offset holds the record
q "SELECT locator FROM events WHERE event_code=104"
expect_grep '^record=27736;chunk=0;offset=[0-9]+$' "$TMP/q"
# the gzip copy: same records as the plain file would give
q "SELECT event_code FROM events WHERE evidence_id='$gz' ORDER BY event_code"
expect_grep '^4720$' "$TMP/q"
expect_grep '^4732$' "$TMP/q"
# custody: one analysis entry per item with the counts
q "SELECT count(*) FROM custody WHERE action='analyze'"
expect_grep '^7$' "$TMP/q"
done_testing
