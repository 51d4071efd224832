#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Class: a host's zone the attacker writes into the image's SYSTEM hive,
# given to the host's local-time logs (issue #19). A TimeZoneKeyName that
# holds a rule of its own ("Evil (UTC+05:00, daylight … )"): the log is
# read in the hive's real rule (W. Europe), never the one in the name; a
# rule that makes no sense (a bias of two days): refused for the image
# (said) and the host's log read in UTC, with the image named as giving no
# zone; a fixed-date rule in a year the attacker chose (5, 65535) is read
# back whole, not taken from the name.
. "$(dirname "$0")/../cli/lib.sh"
need python3 sqlite3 hivexsh mkfs.vfat mmd mcopy date
. "$SRC/tests/cli/zone_hive_fixture.sh"
zone_hostile_images
# fixed dates in years 5 and 65535: daylight from March 31 02:00 to October 27 03:00
zone_hive "$TMP/year.SYSTEM" "string:Years (UTC+01:00) Zone" 0xffffffc4 0xffffffc4 \
	ff,ff,0a,00,00,00,1b,00,03,00,00,00,00,00,00,00 05,00,03,00,00,00,1f,00,02,00,00,00,00,00,00,00
hive_image "$TMP/year.img" "$TMP/year.SYSTEM"
T1="2024-01-15 12:00:00"
T2="2024-07-15 12:00:00"
: >"$TMP/auth.log"
for t in "$T1" "$T2"; do
	LC_ALL=C date -u -d "$t" '+%b %e %H:%M:%S FS03 sshd[42]: Accepted password for alice from 192.0.2.7 port 5000 ssh2' >>"$TMP/auth.log"
done
# check_times ID ZONE: the log's events (its RFC 3164 lines) at TZ=ZONE's reading of T1 and T2
check_times() { zone_times "$1" rfc3164 "$2" "$T1" "$T2"; }

say "a zone name holding a rule: the hive's real rule is used"
new_case
E=$(add_evidence image "$TMP/evil.img")
L=$(add_evidence file "$TMP/auth.log" --host FS03)
expect_exit 0 --json analyze timeline --year 2024
check_times "$L" Europe/Berlin
warnings
expect_grep "own zone Evil \(UTC\+05:00, daylight .*\) \(UTC\+01:00, daylight UTC\+02:00 from the last Sunday of March 02:00 to the last Sunday of October 03:00\), from the image's SYSTEM hive" "$TMP/w"

say "a rule that makes no sense: refused for the image, the log in UTC"
new_case "$TMP/case2"
B=$(add_evidence image "$TMP/bad.img")
L=$(add_evidence file "$TMP/auth.log" --host FS03)
expect_exit 0 --json analyze timeline --year 2024
check_times "$L" UTC
warnings
expect_grep "bad.img': file system at offset 0: the time zone of /Windows/System32/config/SYSTEM is not used \(Bias 2880" "$TMP/w"
expect_no_grep "auth.log': local times read in host" "$TMP/w"

say "fixed dates in years the attacker chose: read back whole"
new_case "$TMP/case3"
Y=$(add_evidence image "$TMP/year.img")
L=$(add_evidence file "$TMP/auth.log" --host FS03)
expect_exit 0 --json analyze timeline --year 2024
warnings
expect_grep "auth.log': local times read in host FS03's own zone Years \(UTC\+01:00\) Zone \(UTC\+01:00, daylight UTC\+02:00 from 5-03-31 02:00 to 65535-10-27 03:00\)" "$TMP/w"
check_times "$L" Europe/Berlin
done_testing
