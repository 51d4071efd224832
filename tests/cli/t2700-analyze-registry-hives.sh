#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Registry hives as loose files (issue 19 item 4): SYSTEM, SOFTWARE and
# NTUSER.DAT written by tests/data/make_hives.sh (hivexsh). Every key is one
# event: its path checked against regfexport's key paths (the same set, no
# more, no fewer), its last-written time against hivexml's (another
# implementation). The interpreted facts — control set in use, computer
# name, time zone, services, Run keys, installed programs, recent documents,
# RDP servers — each checked against regfexport's value; the control set not
# in use (ControlSet001: OLDNAME, oldsvc) gives none; the SYSTEM hive's
# events name its host FS03.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3 regfexport hivexml hivexsh
sh "$SRC/tests/data/make_hives.sh" "$SRC" "$TMP/h" >"$TMP/make.log" 2>&1 ||
	{ cat "$TMP/make.log" >&2; fail "fixture: make_hives.sh"; }
O="python3 $SRC/tests/cli/regf_oracle.py"
new_case
S=$(add_evidence file "$TMP/h/SYSTEM")
W=$(add_evidence file "$TMP/h/SOFTWARE")
U=$(add_evidence file "$TMP/h/NTUSER.DAT")
expect_exit 0 analyze timeline
q() { sqlite3 case.db "$1"; }

for pair in "$S:SYSTEM" "$W:SOFTWARE" "$U:NTUSER.DAT"; do
	id=${pair%%:*}
	f=${pair#*:}
	say "$f: key paths and times"
	$O paths "$TMP/h/$f" >"$TMP/want.paths" || fail "regfexport $f"
	[ -s "$TMP/want.paths" ] || fail "regfexport: no keys in $f"
	q "SELECT message FROM events WHERE evidence_id='$id' AND category IS NULL" |
		LC_ALL=C sort >"$TMP/got.paths"
	LC_ALL=C sort "$TMP/want.paths" >"$TMP/want.sorted"
	expect_same "$TMP/want.sorted" "$TMP/got.paths" "$f: key paths differ from regfexport's"
	# every key's locator names the hive and the key
	n=$(q "SELECT count(*) FROM events WHERE evidence_id='$id' AND category IS NULL
		AND locator = 'hive=evidence/$id/files/$f;key=' || message")
	test_count=$((test_count + 1))
	[ "$n" -eq "$(wc -l <"$TMP/want.paths")" ] || fail "$f: $n locators of the form hive=…;key=PATH"
	$O times "$TMP/h/$f" | LC_ALL=C sort >"$TMP/want.times" || fail "hivexml $f"
	q "SELECT message || char(9) || (time_ns / 1000000000) FROM events
		WHERE evidence_id='$id' AND category IS NULL" | LC_ALL=C sort >"$TMP/got.times"
	expect_same "$TMP/want.times" "$TMP/got.times" "$f: last-written times differ from hivexml's"
	n=$(q "SELECT count(*) FROM events_full WHERE evidence_id='$id' AND (source <> 'registry'
		OR time_desc <> 'Last Written Time' OR time_rule NOT LIKE 'REGF key last written time%')")
	test_count=$((test_count + 1))
	[ "$n" -eq 0 ] || fail "$f: $n events without the registry's source, time meaning or rule"
done

# fact ID KIND: "value<TAB>attrs" of the facts of KIND, sorted
facts() {
	q "SELECT substr(locator, instr(locator, ';key=') + 5) || char(9) || attrs FROM events
		WHERE evidence_id='$1' AND json_extract(attrs, '$.kind') = '$2'" | LC_ALL=C sort
}
# count ID KIND N
count() {
	n=$(q "SELECT count(*) FROM events WHERE evidence_id='$1' AND json_extract(attrs, '$.kind') = '$2'")
	test_count=$((test_count + 1))
	[ "$n" -eq "$3" ] || { facts "$1" "$2" >&2; fail "$1: $n $2 facts, expected $3"; }
}
# same_value ID KIND KEY VALUE ATTR: the fact's attribute equals regfexport's Data
same_value() {
	want=$($O value "$TMP/h/$6" "$3" "$4") || fail "regfexport: $3 $4"
	got=$(q "SELECT json_extract(attrs, '$.$5') FROM events WHERE evidence_id='$1'
		AND json_extract(attrs, '$.kind') = '$2' AND locator LIKE '%;key=' || replace('$3', '\\', '\\') || '%'")
	test_count=$((test_count + 1))
	[ "$got" = "$want" ] || fail "$2 $3 $4: '$got', regfexport says '$want'"
}
# int32 of regfexport's unsigned DWORD
s32() { python3 -c 'import sys; v=int(sys.argv[1]); print(v - (1 << 32) if v >= 1 << 31 else v)' "$1"; }

say "SYSTEM: control set, computer name, zone, services of the control set in use"
count "$S" control_set 1
count "$S" computer_name 1
count "$S" time_zone 1
count "$S" service 2
same_value "$S" control_set 'TestKey\Select' Current Current SYSTEM
same_value "$S" computer_name 'TestKey\ControlSet002\Control\ComputerName\ComputerName' ComputerName ComputerName SYSTEM
same_value "$S" time_zone 'TestKey\ControlSet002\Control\TimeZoneInformation' TimeZoneKeyName TimeZoneKeyName SYSTEM
want=$(s32 "$($O value "$TMP/h/SYSTEM" 'TestKey\ControlSet002\Control\TimeZoneInformation' Bias)")
got=$(q "SELECT json_extract(attrs, '$.Bias') FROM events WHERE evidence_id='$S' AND json_extract(attrs, '$.kind')='time_zone'")
test_count=$((test_count + 1))
[ "$got" = "$want" ] || fail "Bias: '$got', regfexport's DWORD as signed minutes '$want'"
expect_same_line() { test_count=$((test_count + 1)); [ "$1" = "$2" ] || fail "$3: '$1', expected '$2'"; }
expect_same_line "$(q "SELECT message FROM events WHERE evidence_id='$S' AND json_extract(attrs, '$.kind')='time_zone'")" \
	"time zone: W. Europe Standard Time, bias -60 min (UTC+01:00) (ControlSet002)" "time zone message"
for svc in evilsvc W32Time; do
	same_value "$S" service "TestKey\\ControlSet002\\Services\\$svc" ImagePath ImagePath SYSTEM
	same_value "$S" service "TestKey\\ControlSet002\\Services\\$svc" Start Start SYSTEM
done
expect_same_line "$(q "SELECT category || '|' || message FROM events WHERE evidence_id='$S' AND json_extract(attrs, '$.service')='evilsvc'")" \
	'persistence|service evilsvc: start automatic (2), image %SystemRoot%\Temp\evil.exe -k (ControlSet002)' "evilsvc"
n=$(q "SELECT count(*) FROM events WHERE evidence_id='$S' AND (message LIKE '%OLDNAME%' OR message LIKE '%oldsvc%') AND category IS NOT NULL")
expect_same_line "$n" 0 "facts of ControlSet001, not in use"
n=$(q "SELECT count(*) FROM events WHERE evidence_id='$S' AND (host IS NULL OR host <> 'FS03')")
expect_same_line "$n" 0 "SYSTEM events not naming FS03"
n=$(q "SELECT count(*) FROM events WHERE evidence_id IN ('$W', '$U') AND host = 'FS03'")
expect_same_line "$n" 0 "other hives' events naming FS03"

say "SOFTWARE: Run keys (64- and 32-bit), installed programs with a name"
count "$W" run 4
count "$W" installed_program 1
for v in Updater SecurityHealth; do
	want=$($O value "$TMP/h/SOFTWARE" 'TestKey\Microsoft\Windows\CurrentVersion\Run' "$v")
	got=$(q "SELECT json_extract(attrs, '$.command') FROM events WHERE evidence_id='$W' AND locator LIKE '%\\CurrentVersion\\Run;value=$v'")
	expect_same_line "$got" "$want" "Run $v"
done
want=$($O value "$TMP/h/SOFTWARE" 'TestKey\Wow6432Node\Microsoft\Windows\CurrentVersion\Run' Helper32)
got=$(q "SELECT json_extract(attrs, '$.command') FROM events WHERE evidence_id='$W' AND locator LIKE '%Wow6432Node%;value=Helper32'")
expect_same_line "$got" "$want" "Wow6432Node Run Helper32"
for v in DisplayName DisplayVersion InstallDate Publisher; do
	same_value "$W" installed_program 'TestKey\Microsoft\Windows\CurrentVersion\Uninstall\7-Zip' "$v" "$v" SOFTWARE
done

say "NTUSER.DAT: Run keys, RecentDocs in MRU order, RDP servers"
count "$U" run 2
count "$U" recent_doc 2
count "$U" rdp_server 1
want=$($O value "$TMP/h/NTUSER.DAT" 'CMI-CreateHive{D43B12B8-09B5-40DB-B4F6-F6DFEB78DAEC}\Software\Microsoft\Windows\CurrentVersion\Run' Sidebar)
got=$(q "SELECT json_extract(attrs, '$.command') FROM events WHERE evidence_id='$U' AND locator LIKE '%\\Run;value=Sidebar'")
expect_same_line "$got" "$want" "NTUSER Run Sidebar"
expect_same_line "$(q "SELECT group_concat(json_extract(attrs, '$.document') || '@' || json_extract(attrs, '$.mru_position'), ' ') FROM
	(SELECT attrs FROM events WHERE evidence_id='$U' AND json_extract(attrs, '$.kind')='recent_doc' ORDER BY json_extract(attrs, '$.mru_position'))")" \
	"patients.xlsx@0 notes.txt@1" "RecentDocs in MRU order"
same_value "$U" rdp_server 'CMI-CreateHive{D43B12B8-09B5-40DB-B4F6-F6DFEB78DAEC}\Software\Microsoft\Terminal Server Client\Servers\10.0.2.17' UsernameHint UsernameHint NTUSER.DAT
done_testing
