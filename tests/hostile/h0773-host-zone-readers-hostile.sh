#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Class: a host's zone (from its image's SYSTEM hive) given to the readers
# of its wall clock other than syslog (issue #19): the Windows Firewall log,
# dpkg.log, apt history.log, and what the same reader reads that is NOT
# local time. A TimeZoneKeyName that holds a rule of its own: the logs are
# read in the hive's real rule, never the name's. A firewall log that says
# "#Time Format: UTC" after "Local" (or an IIS log of the same host, UTC by
# definition; an access log whose lines carry their offset): those times
# are never moved by the host's zone. Damaged lines (a date that is none, a
# year past the storable range) are rejected with line and offset, the
# others still in the host's zone. A rule that makes no sense: no zone
# handed over, the logs in UTC.
. "$(dirname "$0")/../cli/lib.sh"
need python3 sqlite3 hivexsh mkfs.vfat mmd mcopy date
. "$SRC/tests/cli/zone_hive_fixture.sh"
zone_hostile_images

T1="2024-01-15 12:00:00"
T2="2024-07-15 12:00:00"
# a firewall log: two local lines, then the writer says UTC and two more
printf '%s\r\n' '#Version: 1.5' '#Software: Microsoft Windows Firewall' '#Time Format: Local' \
	'#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid' \
	"$T1 DROP TCP 185.220.101.7 10.20.0.9 40000 3389 52 S 1 0 64240 - - - RECEIVE 0" \
	"$T2 DROP TCP 185.220.101.7 10.20.0.9 40000 3389 52 S 1 0 64240 - - - RECEIVE 0" \
	'#Time Format: UTC' \
	"$T1 ALLOW TCP 10.20.0.15 10.20.0.9 50412 445 0 - 0 0 0 - - - SEND 4" \
	"$T2 ALLOW TCP 10.20.0.15 10.20.0.9 50412 445 0 - 0 0 0 - - - SEND 4" >"$TMP/pfirewall.log"
printf '%s\r\n' '#Software: Microsoft Internet Information Services 10.0' \
	'#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip sc-status' \
	"$T1 10.20.0.9 GET /owa/ - 443 - 185.220.101.7 200" \
	"$T2 10.20.0.9 GET /owa/ - 443 - 185.220.101.7 200" >"$TMP/u_ex.log"
printf '%s\n' '192.0.2.7 - - [15/Jan/2024:12:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "x"' \
	'192.0.2.7 - - [15/Jul/2024:12:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "x"' >"$TMP/access.log"
# dpkg.log: good, a date that is none, good, a year past the storable range
printf '%s\n' "$T1 install nmap:amd64 <none> 7.93" '2024-02-30 10:00:00 install x:all <none> 1' \
	"$T2 remove nmap:amd64 7.93 <none>" '9999-12-31 23:59:59 install y:all <none> 1' >"$TMP/dpkg.log"


say "a zone name holding a rule: the hive's real rule for every reader"
new_case
E=$(add_evidence image "$TMP/evil.img")
F=$(add_evidence file "$TMP/pfirewall.log" --host FS03)
I=$(add_evidence file "$TMP/u_ex.log" --host FS03)
W=$(add_evidence file "$TMP/access.log" --host fs03.example.org)
D=$(add_evidence file "$TMP/dpkg.log" --host FS03)
expect_exit 4 --json analyze timeline
warnings
# the two local lines in Berlin's rule, the two after "#Time Format: UTC" untouched
: >"$TMP/want"
for t in "$T1" "$T2"; do TZ=Europe/Berlin date -d "$t" +%s >>"$TMP/want"; done
for t in "$T1" "$T2"; do TZ=UTC date -d "$t" +%s >>"$TMP/want"; done
sqlite3 case.db "SELECT time_ns / 1000000000 FROM events WHERE evidence_id = '$F' AND parser = 'windows-firewall' ORDER BY id" >"$TMP/got"
expect_same "$TMP/want" "$TMP/got" "firewall: local lines in the hive's rule, UTC lines in UTC"
n=$(sqlite3 case.db "SELECT count(*) FROM events_full WHERE evidence_id = '$F' AND time_rule LIKE '%zone Evil (UTC+05:00, daylight %) (UTC+01:00, daylight UTC+02:00 from the last Sunday of March 02:00 %(the host''s own; --tz not given)'")
test_count=$((test_count + 1))
[ "$n" -eq 2 ] || fail "firewall: $n of 2 local lines name the hive's rule after its name"
zone_times "$I" iis-w3c UTC "$T1" "$T2"
zone_times "$W" apache-combined UTC "$T1" "$T2"
zone_times "$D" dpkg Europe/Berlin "$T1" "$T2"
expect_grep "dpkg.log' line 2 \(offset [0-9]+\): " "$TMP/w"
expect_grep "dpkg.log' line 4 \(offset [0-9]+\): " "$TMP/w"
expect_grep "dpkg.log': local times read in host FS03's own zone Evil \(UTC\+05:00, daylight .*\) \(UTC\+01:00, daylight UTC\+02:00 from the last Sunday of March 02:00 to the last Sunday of October 03:00\), from the image's SYSTEM hive" "$TMP/w"

say "a rule that makes no sense: no zone handed over, the logs in UTC"
new_case "$TMP/case2"
B=$(add_evidence image "$TMP/bad.img")
F=$(add_evidence file "$TMP/pfirewall.log" --host FS03)
D=$(add_evidence file "$TMP/dpkg.log" --host FS03)
expect_exit 4 --json analyze timeline
warnings
zone_times "$F" windows-firewall UTC "$T1" "$T2" "$T1" "$T2"
zone_times "$D" dpkg UTC "$T1" "$T2"
expect_no_grep "local times read in host" "$TMP/w"
expect_grep "pfirewall.log' line 3: times are local \(#Time Format: Local\) and no --tz was given: read as UTC" "$TMP/w"
done_testing
