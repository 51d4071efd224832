#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The image's zone applied to its host's local-time logs (issue #19): a FAT
# image whose SYSTEM hive names the host FS03 and its zone (W. Europe
# Standard Time; AUS Eastern Standard Time in a second case, whose daylight
# saving crosses the new year), and a syslog file of the same host (collect
# files --host FS03, RFC 3164: wall-clock times, no zone) analysed without
# --tz: every line's UTC equals `TZ=<IANA zone of the same rule> date -d`,
# on both sides of each change; the time rule names the zone, the key and
# the image; the choice is said. A log of another host is untouched (UTC).
# --tz that differs is used and the conflict said; one that agrees is not
# a conflict. A log analysed before its host's image says so, and its next
# analysis after the image reads it in the image's zone.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3 hivexsh mkfs.vfat mmd mcopy date
. "$SRC/tests/cli/zone_hive_fixture.sh"

# hive OUT NAME BIAS DAYLIGHTBIAS STDSTART DSTSTART: SYSTEM (host FS03) with that rule (t2761's way)
hive() { zone_hive "$1" "string:$2" "$3" "$4" "$5" "$6"; }
hive "$TMP/ber.SYSTEM" "W. Europe Standard Time" 0xffffffc4 0xffffffc4 $EU_STD $EU_DST
hive "$TMP/syd.SYSTEM" "AUS Eastern Standard Time" 0xfffffda8 0xffffffc4 \
	00,00,04,00,00,00,01,00,03,00,00,00,00,00,00,00 00,00,0a,00,00,00,01,00,02,00,00,00,00,00,00,00
# image OUT HIVE: a FAT image holding the hive where Windows keeps it
image() { hive_image "$1" "$2"; }
image "$TMP/ber.img" "$TMP/ber.SYSTEM"
image "$TMP/syd.img" "$TMP/syd.SYSTEM"

# log OUT TIMES...: one RFC 3164 line per local time "YYYY-MM-DD HH:MM:SS"
log() {
	out=$1
	shift
	: >"$out"
	for t in "$@"; do
		LC_ALL=C date -u -d "$t" '+%b %e %H:%M:%S FS03 sshd[42]: Accepted password for alice from 192.0.2.7 port 5000 ssh2' >>"$out" ||
			fail "fixture: date $t"
	done
}
# both sides of each change, never in an hour that occurs twice or not at all
BER="2024-01-15 12:00:00 2024-03-31 01:30:00 2024-03-31 03:30:00 2024-07-15 12:00:00 2024-10-27 01:30:00 2024-10-27 03:30:00 2024-12-31 23:30:00"
SYD="2024-01-15 12:00:00 2024-04-07 01:30:00 2024-04-07 03:30:00 2024-07-15 12:00:00 2024-10-06 01:30:00 2024-10-06 03:30:00 2024-12-31 23:30:00"
# shellcheck disable=SC2086
set -- $BER
log "$TMP/auth.log" "$1 $2" "$3 $4" "$5 $6" "$7 $8" "$9 ${10}" "${11} ${12}" "${13} ${14}"
# shellcheck disable=SC2086
set -- $SYD
log "$TMP/syd-auth.log" "$1 $2" "$3 $4" "$5 $6" "$7 $8" "$9 ${10}" "${11} ${12}" "${13} ${14}"

# want ZONE TIMES: the UTC seconds of each local time in ZONE, one a line
want() {
	zone=$1
	shift
	while [ $# -gt 1 ]; do
		TZ=$zone date -d "$1 $2" +%s || fail "date in $zone"
		shift 2
	done
}
# check ID ZONE TIMES: the item's syslog events at those UTC seconds, in line order
check() {
	id=$1
	shift
	# shellcheck disable=SC2068
	want $@ >"$TMP/want"
	sqlite3 case.db "SELECT time_ns / 1000000000 FROM events WHERE evidence_id = '$id' AND source = 'syslog' ORDER BY id" >"$TMP/got"
	expect_same "$TMP/want" "$TMP/got" "$id: UTC times against TZ=$1 date"
}

say "the image first, then its host's log and another host's: the log in the image's zone"
new_case
B=$(add_evidence image "$TMP/ber.img")
L=$(add_evidence file "$TMP/auth.log" --host FS03)
O=$(add_evidence file "$TMP/auth.log" --host OTHER01)
expect_exit 0 --json analyze timeline --year 2024
warnings
# shellcheck disable=SC2086
check "$L" Europe/Berlin $BER
# shellcheck disable=SC2086
check "$O" UTC $BER
expect_grep "auth.log': local times read in host FS03's own zone W\. Europe Standard Time \(UTC\+01:00, daylight UTC\+02:00 from the last Sunday of March 02:00 to the last Sunday of October 03:00\), from the image's SYSTEM hive ControlSet002.Control.TimeZoneInformation \(last written 20[0-9-]+T[0-9:]+Z\), image $B, file system at offset 0 \(no --tz given\)" "$TMP/w"
n=$(sqlite3 case.db "SELECT count(*) FROM events_full WHERE evidence_id = '$L' AND source = 'syslog'
	AND time_rule LIKE '%; zone W. Europe Standard Time (UTC+01:00, daylight %, from the image''s SYSTEM hive ControlSet002\\Control\\TimeZoneInformation (last written %), image $B, file system at offset 0 (the host''s own; --tz not given)'")
test_count=$((test_count + 1))
[ "$n" -eq 7 ] || fail "$n of 7 events' time rule name the host's zone and the image"
n=$(sqlite3 case.db "SELECT count(*) FROM events_full WHERE evidence_id = '$O' AND source = 'syslog'
	AND time_rule LIKE '%; zone UTC (default; --tz not given)'")
test_count=$((test_count + 1))
[ "$n" -eq 7 ] || fail "another host's log: $n of 7 events in UTC"
expect_no_grep "zone conflict" "$TMP/w"
say "the image's FAT volume keeps its zone (what the log's rule came from)"
expect_grep "file system at offset 0: FAT local times read in the image's own zone W\. Europe" "$TMP/w"

say "--tz that differs: used, the conflict said; one that agrees: no conflict"
expect_exit 0 --json analyze timeline "$L" --year 2024 --tz America/New_York
warnings
# shellcheck disable=SC2086
check "$L" America/New_York $BER
expect_grep "auth.log': zone conflict: --tz America/New_York differs from host FS03's own zone W\. Europe Standard Time \(UTC\+01:00.*image $B, file system at offset 0; --tz is used" "$TMP/w"
expect_exit 0 --json analyze timeline "$L" --year 2024 --tz Europe/Berlin
warnings
# shellcheck disable=SC2086
check "$L" Europe/Berlin $BER
expect_no_grep "zone conflict" "$TMP/w"

say "the log before its image: said; after the image, analysed again: the image's zone"
new_case "$TMP/case2"
B=$(add_evidence image "$TMP/ber.img")
L=$(add_evidence file "$TMP/auth.log" --host fs03.example.org)
expect_exit 0 --json analyze timeline "$L" --year 2024
warnings
# shellcheck disable=SC2086
check "$L" UTC $BER
expect_grep "auth.log': host fs03\.example\.org's zone unknown when this log was analysed \(image $B is not analysed yet\); its local times are read in UTC: re-run .analyze timeline $L. after the image" "$TMP/w"
expect_exit 0 --json analyze timeline "$B"
expect_exit 0 --json analyze timeline "$L" --year 2024
warnings
# shellcheck disable=SC2086
check "$L" Europe/Berlin $BER
expect_no_grep "zone unknown" "$TMP/w"

say "a southern zone (daylight saving across the new year)"
new_case "$TMP/case3"
S=$(add_evidence image "$TMP/syd.img")
L=$(add_evidence file "$TMP/syd-auth.log" --host FS03)
expect_exit 0 --json analyze timeline --year 2024
# shellcheck disable=SC2086
check "$L" Australia/Sydney $SYD
done_testing
