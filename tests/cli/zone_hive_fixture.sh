# SPDX-License-Identifier: Apache-2.0
# Sourced after lib.sh by the tests of an image's own time zone (t2733,
# t2761, h0771, h0772): makes the SYSTEM hive of tests/data/make_hives.sh
# in $TMP/h and defines
#   zone_hive OUT NAME BIAS DAYLIGHTBIAS STDSTART DSTSTART
#     a copy of it whose ControlSet002 (the current one) holds that rule;
#     NAME in hivexsh's typed form ("string:W. Europe Standard Time", or
#     another type for a hostile name); STDSTART/DSTSTART the SYSTEMTIME
#     bytes: year, month, day of week, week (5 = last), hour, minute, s, ms
#   hive_image OUT HIVE
#     a FAT image holding HIVE where Windows keeps it
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
