# SPDX-License-Identifier: Apache-2.0
# Sourced after lib.sh by the tests of an image's own time zone (t2733,
# t2734, t2761, t2779, h0771, h0772, h0773): makes the SYSTEM hive of tests/data/make_hives.sh
# in $TMP/h and defines
#   zone_hive OUT NAME BIAS DAYLIGHTBIAS STDSTART DSTSTART
#     a copy of it whose ControlSet002 (the current one) holds that rule;
#     NAME in hivexsh's typed form ("string:W. Europe Standard Time", or
#     another type for a hostile name); STDSTART/DSTSTART the SYSTEMTIME
#     bytes: year, month, day of week, week (5 = last), hour, minute, s, ms
#   hive_image OUT HIVE
#     a FAT image holding HIVE where Windows keeps it
#   EU_STD, EU_DST
#     W. Europe Standard Time's changes (SYSTEMTIME bytes): to standard time
#     the last Sunday of October 03:00, to daylight the last Sunday of March 02:00
#   zone_hostile_images
#     the images of a host's zone written by an attacker (h0772, h0773), both
#     of host FS03: $TMP/evil.img, whose zone name holds a rule of its own
#     ("Evil (UTC+05:00, daylight UTC+06:00 ...)") over W. Europe's real rule;
#     $TMP/bad.img, a rule that makes no sense (a Bias of two days)
#   zone_times ID PARSER ZONE T...
#     the item's events of that parser, in order, are at ZONE's reading of
#     the local times T... ("YYYY-MM-DD HH:MM:SS", `TZ=ZONE date -d`)
#   warnings
#     the warnings of `--json analyze timeline` ($TMP/out), one a line, in $TMP/w
export MTOOLS_SKIP_CHECK=1
sh "$SRC/tests/data/make_hives.sh" "$SRC" "$TMP/h" >"$TMP/make.log" 2>&1 ||
	{ cat "$TMP/make.log" >&2; fail "fixture: make_hives.sh"; }

zone_hive() {
	cp "$TMP/h/SYSTEM" "$1"
	hivexsh -w "$1" <<HIVEX || fail "fixture: hivexsh $1"
cd \\ControlSet002\\Control\\TimeZoneInformation
setval 6
TimeZoneKeyName
$2
Bias
dword:$3
StandardBias
dword:0x00000000
DaylightBias
dword:$4
StandardStart
hex:3:$5
DaylightStart
hex:3:$6
commit
HIVEX
}

hive_image() {
	mkfs.vfat -C "$1" 4096 >/dev/null || fail "fixture: mkfs.vfat"
	mmd -i "$1" ::/Windows ::/Windows/System32 ::/Windows/System32/config || fail "fixture: mmd"
	mcopy -i "$1" "$2" ::/Windows/System32/config/SYSTEM || fail "fixture: mcopy"
}

EU_STD=00,00,0a,00,00,00,05,00,03,00,00,00,00,00,00,00
EU_DST=00,00,03,00,00,00,05,00,02,00,00,00,00,00,00,00

zone_hostile_images() {
	zone_hive "$TMP/evil.SYSTEM" "string:Evil (UTC+05:00, daylight UTC+06:00 from the first Sunday of January 00:00 to the last Sunday of December 23:00)" \
		0xffffffc4 0xffffffc4 $EU_STD $EU_DST
	zone_hive "$TMP/bad.SYSTEM" "string:Two Days" 0x00000b40 0xffffffc4 $EU_STD $EU_DST
	hive_image "$TMP/evil.img" "$TMP/evil.SYSTEM"
	hive_image "$TMP/bad.img" "$TMP/bad.SYSTEM"
}

zone_times() {
	zt_id=$1 zt_parser=$2 zt_zone=$3
	shift 3
	: >"$TMP/want"
	for t in "$@"; do
		TZ=$zt_zone date -d "$t" +%s >>"$TMP/want" || fail "date -d '$t' in $zt_zone"
	done
	sqlite3 case.db "SELECT time_ns / 1000000000 FROM events WHERE evidence_id = '$zt_id' AND parser = '$zt_parser' ORDER BY id" >"$TMP/got"
	expect_same "$TMP/want" "$TMP/got" "$zt_id ($zt_parser): times in $zt_zone"
}

warnings() {
	json_get "$TMP/out" '"\n".join(w for i in d["items"] for f in i["files"] for w in f.get("warnings", []))' >"$TMP/w"
}
