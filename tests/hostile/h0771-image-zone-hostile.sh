#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A FAT image whose own SYSTEM hive states a time zone that is no zone
# (issue #19 item 4; class: what evidence says of itself): a Bias of
# 2^31-1 minutes, a DaylightStart in month 13, a StandardStart without its
# DaylightStart. The rule is not used, said with the field at fault, and
# the file system's times are read in --tz (here none: UTC), equal to
# fls -z UTC; a zone name with control characters and bidi overrides is
# kept as '?' in the time rule and the entries' zone.
. "$(dirname "$0")/../cli/lib.sh"
need python3 sqlite3 hivexsh mkfs.vfat mmd mcopy fls
. "$SRC/tests/cli/zone_hive_fixture.sh"

# hive OUT NAME BIAS STDSTART DSTSTART
hive() { zone_hive "$1" "$2" "$3" 0xffffffc4 "$4" "$5"; }
STD=00,00,0a,00,00,00,05,00,03,00,00,00,00,00,00,00
DST=00,00,03,00,00,00,05,00,02,00,00,00,00,00,00,00
NONE=00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00
hive "$TMP/bias.SYSTEM" "string:Far Away Time" 0x7fffffff $STD $DST
hive "$TMP/month.SYSTEM" "string:Month Thirteen" 0xffffffc4 $STD 00,00,0d,00,00,00,05,00,02,00,00,00,00,00,00,00
hive "$TMP/half.SYSTEM" "string:Half Rule" 0xffffffc4 $STD $NONE
# "Evil", ESC "[31m", U+202E (right-to-left override), "Zone", in UTF-16LE
hive "$TMP/name.SYSTEM" hex:1:45,00,76,00,69,00,6c,00,1b,00,5b,00,33,00,31,00,6d,00,2e,20,5a,00,6f,00,6e,00,65,00,00,00 0xffffffc4 $STD $DST

# image OUT HIVE
image() {
	mkfs.vfat -C "$1" 2048 >/dev/null || fail "fixture: mkfs.vfat"
	mmd -i "$1" ::/Windows ::/Windows/System32 ::/Windows/System32/config || fail "fixture: mmd"
	mcopy -i "$1" "$2" ::/Windows/System32/config/SYSTEM || fail "fixture: mcopy"
	echo x >"$TMP/f.txt"
	touch -d 2024-07-15T12:00:00Z "$TMP/f.txt"
	TZ=UTC mcopy -m -i "$1" "$TMP/f.txt" ::/f.txt || fail "fixture: mcopy -m"
}
for k in bias month half name; do image "$TMP/$k.img" "$TMP/$k.SYSTEM"; done

new_case
for k in bias month half name; do
	eval "$k=\$(add_evidence image \"\$TMP/$k.img\")"
done
expect_exit 0 --json analyze timeline
json_get "$TMP/out" '"\n".join(w for i in d["items"] for f in i["files"] for w in f.get("warnings", []))' >"$TMP/w"
expect_grep "bias\.img': file system at offset 0: the time zone of /Windows/System32/config/SYSTEM is not used \(Bias 2147483647, .*more than a day\); its local times are read in UTC" "$TMP/w"
expect_grep "month\.img': .*is not used \(DaylightStart: month 13\)" "$TMP/w"
expect_grep "half\.img': .*is not used \(StandardStart and DaylightStart: one without the other\)" "$TMP/w"

fls -z UTC -r -m / "$TMP/bias.img" | awk -F'|' '$2 == "/f.txt" { print $9 }' >"$TMP/want"
[ -s "$TMP/want" ] || fail "fls lists no /f.txt"
for id in $bias $month $half; do
	sqlite3 case.db "SELECT mtime_ns / 1000000000 FROM fs_entries WHERE evidence_id = '$id' AND path = '/f.txt'" >"$TMP/got"
	expect_same "$TMP/want" "$TMP/got" "$id: /f.txt not read in UTC when the image's zone is refused"
	n=$(sqlite3 case.db "SELECT count(*) FROM fs_entries WHERE evidence_id = '$id' AND tz IS NOT NULL AND tz <> 'UTC'")
	test_count=$((test_count + 1))
	[ "$n" -eq 0 ] || fail "$id: $n entries with a refused zone"
done

say "a zone name with control characters and a bidi override: '?' for each byte"
n=$(sqlite3 case.db "SELECT count(*) FROM fs_entries WHERE evidence_id = '$name' AND tz LIKE 'Evil?[31m???Zone (UTC+01:00, %'")
test_count=$((test_count + 1))
[ "$n" -ge 1 ] || fail "the zone name's bytes were not replaced: $(sqlite3 case.db "SELECT DISTINCT tz FROM fs_entries WHERE evidence_id = '$name'")"
n=$(sqlite3 case.db "SELECT count(*) FROM events_full WHERE evidence_id = '$name' AND (instr(time_rule, char(27)) OR instr(time_rule, char(8238)))")
test_count=$((test_count + 1))
[ "$n" -eq 0 ] || fail "$n time rules carry the zone name's control characters"
done_testing
