#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A Windows Firewall log (pfirewall.log: W3C extended, "#Time Format: Local")
# is read in the zone given with --tz, checked against GNU date; without
# --tz it is read as UTC with a warning saying so; IIS logs stay UTC.
. "$(dirname "$0")/lib.sh"
need sqlite3
need date
new_case
printf '%s\r\n' \
	'#Version: 1.5' \
	'#Software: Microsoft Windows Firewall' \
	'#Time Format: Local' \
	'#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid' \
	'' \
	'2024-03-31 01:59:58 ALLOW TCP 10.20.0.15 10.20.0.9 50412 445 0 - 0 0 0 - - - SEND 4' \
	'2024-03-31 03:00:02 DROP TCP 185.220.101.7 10.20.0.9 40000 3389 52 S 1 0 64240 - - - RECEIVE 0' \
	'2024-07-01 12:00:00 ALLOW ICMP 10.20.0.9 10.20.0.1 - - 0 - - - - 8 0 - SEND 4' \
	'2024-07-01 12:00:01 ALLOW UDP 10.20.0.9' >"$TMP/pfirewall.log"
fw=$(add_evidence file "$TMP/pfirewall.log")
printf '%s\r\n' \
	'#Software: Microsoft Internet Information Services 10.0' \
	'#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip sc-status' \
	'2024-03-31 01:59:58 10.20.0.9 GET /owa/ - 443 - 185.220.101.7 200' >"$TMP/u_ex240331.log"
iis=$(add_evidence file "$TMP/u_ex240331.log")
expect_exit 4 analyze timeline --tz Europe/Berlin
utc() { TZ=Europe/Berlin date -u -d "TZ=\"Europe/Berlin\" $1" +%Y-%m-%dT%H:%M:%SZ; }
q() { sqlite3 case.db "$1" >"$TMP/q"; }
q "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', time_ns/1000000000, 'unixepoch'), parser, time_raw, message FROM events_full WHERE evidence_id='$fw' ORDER BY id"
# either side of the spring-forward gap, and summer time
expect_grep "^$(utc '2024-03-31 01:59:58')\|windows-firewall\|2024-03-31 01:59:58\|ALLOW TCP 10\.20\.0\.15:50412 -> 10\.20\.0\.9:445 \(SEND\)$" "$TMP/q"
expect_grep "^$(utc '2024-03-31 03:00:02')\|windows-firewall\|.*\|DROP TCP 185\.220\.101\.7:40000 -> 10\.20\.0\.9:3389 \(RECEIVE\)$" "$TMP/q"
expect_grep "^$(utc '2024-07-01 12:00:00')\|windows-firewall\|.*\|ALLOW ICMP 10\.20\.0\.9 -> 10\.20\.0\.1 \(SEND\)$" "$TMP/q"
[ "$(wc -l <"$TMP/q")" -eq 3 ] || fail "expected 3 firewall events: $(cat "$TMP/q")"
expect_grep "line 9 \(offset [0-9]*\): does not match the #Fields layout" "$TMP/out"
q "SELECT DISTINCT time_rule FROM events_full WHERE evidence_id='$fw'"
expect_grep '^W3C date and time fields, local time \(#Time Format: Local\) in zone Europe/Berlin \(--tz\)$' "$TMP/q"
q "SELECT json_extract(attrs, '\$.\"dst-port\"'), json_extract(attrs, '\$.pid') FROM events WHERE evidence_id='$fw' AND message LIKE 'DROP%'"
expect_grep '^3389\|0$' "$TMP/q"
# IIS in the same run: UTC whatever --tz says
q "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', time_ns/1000000000, 'unixepoch'), parser, time_rule FROM events_full WHERE evidence_id='$iis'"
expect_grep '^2024-03-31T01:59:58Z\|iis-w3c\|IIS W3C date and time fields \(UTC by definition of the format\)$' "$TMP/q"

# without --tz: UTC, and the warning says the zone is missing
expect_exit 4 analyze timeline "$fw"
expect_grep "line 3: times are local \(#Time Format: Local\) and no --tz was given: read as UTC" "$TMP/out"
q "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', time_ns/1000000000, 'unixepoch'), time_rule FROM events_full WHERE evidence_id='$fw' ORDER BY id LIMIT 1"
expect_grep '^2024-03-31T01:59:58Z\|.*in zone UTC \(default; --tz not given\)$' "$TMP/q"
done_testing
