#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The image's zone given to every reader of its host's wall clock (issue
# #19), not only syslog's: a FAT image whose SYSTEM hive names the host FS03
# and its zone (W. Europe Standard Time; AUS Eastern Standard Time in a
# second case, daylight saving across the new year), and of the same host
# (collect files --host FS03) a Windows Firewall log (pfirewall.log,
# "#Time Format: Local"), a dpkg.log and an apt history.log, analysed
# without --tz: every event's UTC equals `TZ=<IANA zone of the same rule>
# date -d`, on both sides of each change; each time rule names the zone,
# the key and the image (the words syslog's events use); the choice is said
# once per file. Another host's logs stay in UTC; a --tz that differs is
# used and the conflict said; one that agrees is not.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3 hivexsh mkfs.vfat mmd mcopy date
. "$SRC/tests/cli/zone_hive_fixture.sh"

zone_hive "$TMP/ber.SYSTEM" "string:W. Europe Standard Time" 0xffffffc4 0xffffffc4 $EU_STD $EU_DST
zone_hive "$TMP/syd.SYSTEM" "string:AUS Eastern Standard Time" 0xfffffda8 0xffffffc4 \
	00,00,04,00,00,00,01,00,03,00,00,00,00,00,00,00 00,00,0a,00,00,00,01,00,02,00,00,00,00,00,00,00
hive_image "$TMP/ber.img" "$TMP/ber.SYSTEM"
hive_image "$TMP/syd.img" "$TMP/syd.SYSTEM"

# both sides of each change, never in an hour that occurs twice or not at all
BER="2024-01-15 12:00:00|2024-03-31 01:30:00|2024-03-31 03:30:00|2024-07-15 12:00:00|2024-10-27 01:30:00|2024-10-27 03:30:00|2024-12-31 23:30:00"
SYD="2024-01-15 12:00:00|2024-04-07 01:30:00|2024-04-07 03:30:00|2024-07-15 12:00:00|2024-10-06 01:30:00|2024-10-06 03:30:00|2024-12-31 23:30:00"

# logs DIR TIMES: pfirewall.log, dpkg.log and history.log with one record per local time
logs() {
	mkdir -p "$1"
	printf '%s\r\n' '#Version: 1.5' '#Software: Microsoft Windows Firewall' '#Time Format: Local' \
		'#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid' \
		>"$1/pfirewall.log"
	: >"$1/dpkg.log"
	: >"$1/history.log"
	IFS='|'
	for t in $2; do
		printf '%s DROP TCP 185.220.101.7 10.20.0.9 40000 3389 52 S 1 0 64240 - - - RECEIVE 0\r\n' "$t" >>"$1/pfirewall.log"
		printf '%s install nmap:amd64 <none> 7.93+dfsg1-1\n' "$t" >>"$1/dpkg.log"
		printf 'Start-Date: %s\nCommandline: apt-get install -y nmap\nInstall: nmap:amd64 (7.93+dfsg1-1)\nEnd-Date: %s\n\n' \
			"$(echo "$t" | sed 's/ /  /')" "$(echo "$t" | sed 's/ /  /')" >>"$1/history.log"
	done
	unset IFS
}
logs "$TMP/ber" "$BER"
logs "$TMP/syd" "$SYD"

# check ID PARSER ZONE TIMES: the item's events of that parser at TZ=ZONE's reading of TIMES
check() {
	: >"$TMP/want"
	IFS='|'
	for t in $4; do
		TZ=$3 date -d "$t" +%s >>"$TMP/want" || fail "date in $3"
	done
	unset IFS
	sqlite3 case.db "SELECT time_ns / 1000000000 FROM events WHERE evidence_id = '$1' AND parser = '$2' ORDER BY id" >"$TMP/got"
	expect_same "$TMP/want" "$TMP/got" "$1 ($2): UTC times against TZ=$3 date"
}
# rules ID PARSER PATTERN: all 7 of the item's events of PARSER have a time rule LIKE PATTERN
rules() {
	n=$(sqlite3 case.db "SELECT count(*) FROM events_full WHERE evidence_id = '$1' AND parser = '$2' AND time_rule LIKE '$3'")
	test_count=$((test_count + 1))
	[ "$n" -eq 7 ] || fail "$2: $n of 7 events' time rule LIKE $3: $(sqlite3 case.db "SELECT time_rule FROM events_full WHERE evidence_id = '$1' AND parser = '$2' LIMIT 1")"
}
ZW="W. Europe Standard Time (UTC+01:00, daylight UTC+02:00 from the last Sunday of March 02:00 to the last Sunday of October 03:00), from the image''s SYSTEM hive ControlSet002\\Control\\TimeZoneInformation (last written %), image"

say "the image, then its host's firewall, dpkg and apt logs: read in the image's zone"
new_case
B=$(add_evidence image "$TMP/ber.img")
F=$(add_evidence file "$TMP/ber/pfirewall.log" --host FS03)
D=$(add_evidence file "$TMP/ber/dpkg.log" --host FS03)
A=$(add_evidence file "$TMP/ber/history.log" --host FS03)
OD=$(add_evidence file "$TMP/ber/dpkg.log" --host OTHER01)
OF=$(add_evidence file "$TMP/ber/pfirewall.log" --host OTHER01)
expect_exit 0 --json analyze timeline
warnings
check "$F" windows-firewall Europe/Berlin "$BER"
check "$D" dpkg Europe/Berlin "$BER"
check "$A" apt-history Europe/Berlin "$BER"
check "$OD" dpkg UTC "$BER"
check "$OF" windows-firewall UTC "$BER"
rules "$F" windows-firewall "W3C date and time fields, local time (#Time Format: Local) in zone $ZW $B, file system at offset 0 (the host''s own; --tz not given)"
rules "$D" dpkg "dpkg.log local time (no zone in the file) in zone $ZW $B, file system at offset 0 (the host''s own; --tz not given)"
rules "$A" apt-history "apt history.log local time (no zone in the file) in zone $ZW $B, file system at offset 0 (the host''s own; --tz not given)"
rules "$OD" dpkg "dpkg.log local time (no zone in the file) in zone UTC (default; --tz not given)"
rules "$OF" windows-firewall "% in zone UTC (default; --tz not given)"
for f in pfirewall.log dpkg.log history.log; do
	n=$(grep -c "$f': local times read in host FS03's own zone W\. Europe Standard Time (UTC+01:00, .*image $B, file system at offset 0 (no --tz given)" "$TMP/w")
	test_count=$((test_count + 1))
	[ "$n" -eq 1 ] || fail "$f: the host's zone said $n times, not once"
done
# the firewall log of the host with a zone is not told it has none; the other host's is
n=$(grep -c "times are local (#Time Format: Local) and no --tz was given: read as UTC" "$TMP/w")
test_count=$((test_count + 1))
[ "$n" -eq 1 ] || fail "'no --tz' said $n times, want once (the other host's firewall log)"
expect_no_grep "zone conflict" "$TMP/w"

say "--tz that differs: used for every reader, the conflict said; one that agrees: no conflict"
expect_exit 0 --json analyze timeline "$F" "$D" "$A" --tz America/New_York
warnings
check "$F" windows-firewall America/New_York "$BER"
check "$D" dpkg America/New_York "$BER"
check "$A" apt-history America/New_York "$BER"
rules "$D" dpkg "dpkg.log local time (no zone in the file) in zone America/New_York (--tz)"
for f in pfirewall.log dpkg.log history.log; do
	expect_grep "$f': zone conflict: --tz America/New_York differs from host FS03's own zone W\. Europe Standard Time \(UTC\+01:00.*image $B, file system at offset 0; --tz is used" "$TMP/w"
done
expect_exit 0 --json analyze timeline "$F" "$D" "$A" --tz Europe/Berlin
warnings
check "$F" windows-firewall Europe/Berlin "$BER"
check "$D" dpkg Europe/Berlin "$BER"
expect_no_grep "zone conflict" "$TMP/w"

say "a southern zone (daylight saving across the new year), with reader workers"
new_case "$TMP/case2"
S=$(add_evidence image "$TMP/syd.img")
F=$(add_evidence file "$TMP/syd/pfirewall.log" --host FS03)
D=$(add_evidence file "$TMP/syd/dpkg.log" --host FS03)
A=$(add_evidence file "$TMP/syd/history.log" --host FS03)
expect_exit 0 --json analyze timeline --jobs 2
check "$F" windows-firewall Australia/Sydney "$SYD"
check "$D" dpkg Australia/Sydney "$SYD"
check "$A" apt-history Australia/Sydney "$SYD"
done_testing
