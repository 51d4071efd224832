#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A FAT image's times in its own system's zone (issue #19 item 4): FAT
# stores wall-clock times; the image worker reads the time zone of the
# image's own SYSTEM hive (ControlSetNNN\Control\TimeZoneInformation of the
# control set in use: Bias, StandardBias, DaylightBias, StandardStart,
# DaylightStart) and converts the file system's times with that rule, not
# with --tz. Two images: a southern zone (AUS Eastern Standard Time, whose
# daylight saving crosses the new year) and a northern one (W. Europe
# Standard Time), their files written by mtools in the IANA zone of the
# same rule (Australia/Sydney, Europe/Berlin), in summer and winter and
# next to the changes (not in the hour that occurs twice, where fls itself
# reads one wall clock two ways: libtsk's mktime). The oracle: fls -z ZONE -m / (libtsk reading the
# wall clock in that zone). The choice is said (zone, key, last-written
# time), stored as the entries' zone and in the events' time rule; --tz
# that disagrees is a conflict, said; one that agrees is not.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3 hivexsh mkfs.vfat mmd mcopy fls
. "$SRC/tests/cli/zone_hive_fixture.sh"

# hive OUT NAME BIAS DAYLIGHTBIAS STDSTART DSTSTART: SYSTEM with that rule in ControlSet002
hive() { zone_hive "$1" "string:$2" "$3" "$4" "$5" "$6"; }
# SYSTEMTIME: year, month, day of week, week (5 = last), hour, minute, second, ms
hive "$TMP/syd.SYSTEM" "AUS Eastern Standard Time" 0xfffffda8 0xffffffc4 \
	00,00,04,00,00,00,01,00,03,00,00,00,00,00,00,00 00,00,0a,00,00,00,01,00,02,00,00,00,00,00,00,00
hive "$TMP/ber.SYSTEM" "W. Europe Standard Time" 0xffffffc4 0xffffffc4 \
	00,00,0a,00,00,00,05,00,03,00,00,00,00,00,00,00 00,00,03,00,00,00,05,00,02,00,00,00,00,00,00,00

# image OUT HIVE ZONE: a FAT image with the hive and files whose times mtools wrote in ZONE
image() {
	mkfs.vfat -C "$1" 4096 >/dev/null || fail "fixture: mkfs.vfat"
	mmd -i "$1" ::/Windows ::/Windows/System32 ::/Windows/System32/config ::/data || fail "fixture: mmd"
	mcopy -i "$1" "$2" ::/Windows/System32/config/SYSTEM || fail "fixture: mcopy"
	i=0
	for t in 2024-01-15T12:00:00Z 2024-07-15T12:00:00Z 2024-04-06T14:00:00Z 2024-04-06T17:00:00Z \
		2024-10-05T15:00:00Z 2024-10-05T17:00:00Z 2024-03-31T00:30:00Z 2024-03-31T01:30:00Z \
		2024-10-26T23:30:00Z 2024-10-27T02:30:00Z 2023-12-31T23:00:00Z; do
		i=$((i + 1))
		echo "$t" >"$TMP/f$i.txt"
		touch -d "$t" "$TMP/f$i.txt"
		TZ=$3 mcopy -m -i "$1" "$TMP/f$i.txt" ::/data/ || fail "fixture: mcopy -m"
	done
}
image "$TMP/syd.img" "$TMP/syd.SYSTEM" Australia/Sydney
image "$TMP/ber.img" "$TMP/ber.SYSTEM" Europe/Berlin

# check ID IMAGE ZONE NAME: every entry's times equal fls -z ZONE's
check() {
	say "$4: FAT times against fls -z $3"
	fls -z "$3" -r -m / "$2" | awk -F'|' '{ print $2 "\t" $8 "\t" $9 "\t" $10 "\t" $11 }' |
		LC_ALL=C sort >"$TMP/want" || fail "fls -z $3"
	sqlite3 -separator "$(printf '\t')" case.db "SELECT path, ifnull(atime_ns / 1000000000, 0),
		ifnull(mtime_ns / 1000000000, 0), ifnull(ctime_ns / 1000000000, 0),
		ifnull(crtime_ns / 1000000000, 0) FROM fs_entries WHERE evidence_id = '$1'" |
		LC_ALL=C sort >"$TMP/got"
	grep -q '/data/f1.txt' "$TMP/want" || fail "fls lists no /data/f1.txt"
	expect_same "$TMP/want" "$TMP/got" "$4: times differ from fls -z $3"
	n=$(sqlite3 case.db "SELECT count(*) FROM fs_entries WHERE evidence_id = '$1' AND tz IS NOT NULL
		AND tz NOT LIKE '$4 (%, from the image''s SYSTEM hive ControlSet002\\Control\\TimeZoneInformation (last written 20%)'")
	test_count=$((test_count + 1))
	[ "$n" -eq 0 ] || fail "$4: $n entries whose zone is not the hive's"
	n=$(sqlite3 case.db "SELECT count(*) FROM events_full WHERE evidence_id = '$1' AND source = 'fs'
		AND time_rule NOT LIKE '% local time, zone $4 (%'")
	test_count=$((test_count + 1))
	[ "$n" -eq 0 ] || fail "$4: $n events whose time rule does not name the hive's zone"
}

# warnings (zone_hive_fixture.sh): the analysis record's warnings of every item, into $TMP/w
new_case
S=$(add_evidence image "$TMP/syd.img")
B=$(add_evidence image "$TMP/ber.img")
expect_exit 0 --json analyze timeline
warnings
check "$S" "$TMP/syd.img" Australia/Sydney "AUS Eastern Standard Time"
check "$B" "$TMP/ber.img" Europe/Berlin "W. Europe Standard Time"
expect_grep "syd\.img': file system at offset 0: FAT local times read in the image's own zone AUS Eastern Standard Time \(UTC\+10:00, daylight UTC\+11:00 from the first Sunday of October 02:00 to the first Sunday of April 03:00\), from the image's SYSTEM hive ControlSet002.Control.TimeZoneInformation \(last written 20[0-9-]+T[0-9:]+Z\), not in UTC \(no --tz given\)" "$TMP/w"
expect_no_grep "zone conflict" "$TMP/w"

say "--tz that agrees with the image: no conflict; one that does not: said, the image's zone used"
new_case "$TMP/case2"
S=$(add_evidence image "$TMP/syd.img")
expect_exit 0 --json analyze timeline --tz Australia/Sydney
warnings
expect_grep "not in Australia/Sydney \(--tz\)" "$TMP/w"
expect_no_grep "zone conflict" "$TMP/w"
check "$S" "$TMP/syd.img" Australia/Sydney "AUS Eastern Standard Time"
new_case "$TMP/case3"
S=$(add_evidence image "$TMP/syd.img")
expect_exit 0 --json analyze timeline --tz Europe/Berlin
warnings
expect_grep "zone conflict: --tz Europe/Berlin differs from the image's own zone AUS Eastern Standard Time" "$TMP/w"
check "$S" "$TMP/syd.img" Australia/Sydney "AUS Eastern Standard Time"
done_testing
