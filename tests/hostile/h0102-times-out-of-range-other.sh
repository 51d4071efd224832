#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Times out of range (issue #14 item 1), the readers and options that are not
# line readers: hospital data (harm CSV, FHIR) refuses the file naming the line
# or pointer and the column instead of importing 2606 as 2021; the
# --from/--to of exports and --clock-offset refuse what does not fit instead of
# wrapping (before: `--to 2262-04-11` wrapped to 1677 and exported nothing).
. "$(dirname "$0")/../cli/lib.sh"
need python3 sqlite3
EX=$SHARED/formats/examples
[ -d "$EX" ] || skip "no $EX"
new_case
# harm CSV: one row's event_start in 2606, one at the upper edge +1 ns
for t in 2606-06-04T14:10:33.709551616Z 2262-04-11T23:47:16.854775808Z 1492-10-12T00:00:00Z; do
	mkdir -p "$TMP/h-$t"
	sed "3s/2025-10-10T02:55:00Z/$t/" "$EX/harm_events.csv" >"$TMP/h-$t/harm_events.csv"
	grep -q "$t" "$TMP/h-$t/harm_events.csv" || fail "fixture"
	id=$(add_evidence file "$TMP/h-$t/harm_events.csv")
	expect_exit 4 --json analyze timeline "$id"
	expect_grep "line 3: column 'event_start': time '$t' is outside the storable time range" "$TMP/out"
	n=$(sqlite3 case.db "SELECT COUNT(*) FROM harm_events WHERE evidence_id='$id'")
	[ "$n" -eq 0 ] || fail "$t: $n harm rows imported"
done
# FHIR: a Procedure performed in 2606
mkdir -p "$TMP/fhir"
sed 's/"performedDateTime": "2025-10-10T08:00:00Z"/"performedDateTime": "2606-06-04T14:10:33.709551616Z"/' \
	"$EX/fhir_bundle_example.json" >"$TMP/fhir/bundle.json"
grep -q 2606 "$TMP/fhir/bundle.json" || fail "fhir fixture"
id=$(add_evidence file "$TMP/fhir/bundle.json")
expect_exit 4 --json analyze timeline "$id"
expect_grep "time outside the storable time range .*2606-06-04T14:10:33.709551616Z" "$TMP/out"
# the last storable nanosecond is imported as itself
mkdir -p "$TMP/h-max"
sed "3s/2025-10-10T02:55:00Z/2262-04-11T23:47:16.854775807Z/; 3s/2025-10-10T04:05:00Z//" "$EX/harm_events.csv" >"$TMP/h-max/harm_events.csv"
id=$(add_evidence file "$TMP/h-max/harm_events.csv")
expect_exit 0 --json analyze timeline "$id"
expect_no_grep "outside the storable" "$TMP/out"
# a syslog line to export
printf '<34>1 2262-04-11T23:00:00Z h app - - - near the end\n<34>1 2024-01-01T00:00:00Z h app - - - now\n' >"$TMP/s.log"
id=$(add_evidence file "$TMP/s.log")
expect_exit 0 analyze timeline "$id"
# --from/--to: a day or time beyond the range is refused, not wrapped
expect_exit 2 timeline export --format jsonl --to 2262-04-11
expect_grep "bad --to '2262-04-11'" "$TMP/err"
expect_exit 2 timeline export --format jsonl --from 9999-01-01
expect_exit 2 timeline export --format jsonl --to 2262-04-11T23:47:16.854775808Z
expect_exit 2 timeline export --format jsonl --from 1677-09-21
expect_exit 0 timeline export --format jsonl --from 2262-04-10 --to 2262-04-11T23:47:16.854775807Z
expect_grep "near the end" "$TMP/out"
expect_no_grep '"now"' "$TMP/out"
# --clock-offset: at most 100 years; an offset that pushes a time past the end refuses it
expect_exit 2 analyze timeline "$id" --clock-offset "$id=9223372036854775807"
expect_exit 2 analyze timeline "$id" --clock-offset "$id=3155760001"
expect_exit 4 --json analyze timeline "$id" --clock-offset "$id=3600"
expect_grep "s.log' line 1 \(offset 0\): clock offset \+3600 s: time '2262-04-11T23:00:00.000000000Z \+3600 s' is outside the storable time range" "$TMP/out"
# the line the offset pushes out is rejected alone; the next is read, corrected
n=$(sqlite3 case.db "SELECT COUNT(*) FROM events WHERE evidence_id='$id' AND message LIKE '%now%' AND time_ns = orig_ns + 3600000000000")
[ "$n" -eq 1 ] || fail "the line after the refused one was not read ($n)"
n=$(sqlite3 case.db "SELECT COUNT(*) FROM events WHERE evidence_id='$id' AND time_ns < 0")
[ "$n" -eq 0 ] || fail "clock offset wrapped $n events"
# collect files: a file's stat times are recorded as their true date, even past 2262
mkdir -p "$TMP/far"
echo x >"$TMP/far/future.txt"
touch -d '2400-01-01 00:00:00 UTC' "$TMP/far/future.txt" 2>/dev/null &&
	[ "$(stat -c %Y "$TMP/far/future.txt")" = 13569465600 ] || skip "this file system cannot hold a time in 2400"
add_evidence file "$TMP/far/future.txt" >/dev/null
sqlite3 case.db "SELECT meta FROM evidence_files WHERE path LIKE '%future.txt'" >"$TMP/meta"
expect_grep '"mtime":"2400-01-01T00:00:00.000000000Z"' "$TMP/meta"
# the binary readers, end to end on files made by the formats' own tools: an EVTX record whose
# TimeCreated is in 2606 (a real Windows log, the FILETIME patched and its chunk's CRCs
# recomputed) and a journal entry in 2606 (written by systemd-journal-remote) are refused with
# the record or entry named; the records before and after are stored, at their own times
EVTX=$SHARED/testdata/evtx/cc0_4624_runas_different_user.evtx
if [ -f "$EVTX" ]; then
	ft=$(python3 -c 'import calendar; print(calendar.timegm((2606, 1, 1, 0, 0, 0)) * 10**7 + 116444736000000000)')
	set -- $(python3 "$SRC/tests/data/make_evtx_notime.py" --filetime "$ft" "$EVTX" "$TMP/far.evtx")
	rec=$1 off=$3
	id=$(add_evidence file "$TMP/far.evtx")
	expect_exit 4 analyze timeline "$id"
	expect_grep "record $rec at offset $off: TimeCreated: time '2606-01-01T00:00:00.000000000Z' is outside the storable time range" "$TMP/out"
	total=$(evtxexport "$EVTX" 2>/dev/null | grep -c '^Event number')
	n=$(sqlite3 case.db "SELECT COUNT(*) FROM events WHERE evidence_id='$id'")
	[ "$n" -eq $((total - 1)) ] || fail "evtx: $n events stored, not $((total - 1))"
	n=$(sqlite3 case.db "SELECT COUNT(*) FROM events WHERE evidence_id='$id' AND (time_ns < 1262304000000000000 OR time_ns > 1893456000000000000)")
	[ "$n" -eq 0 ] || fail "evtx: $n events stored outside 2010..2030"
else
	partial "no $EVTX"
fi
JR=/lib/systemd/systemd-journal-remote
[ -x "$JR" ] || JR=/usr/lib/systemd/systemd-journal-remote
if [ -x "$JR" ]; then
	python3 - "$TMP/far.export" <<'PY'
import calendar, sys
boot = "0123456789abcdef0123456789abcdef"
def entry(us, mono, msg):
    return ("__REALTIME_TIMESTAMP=%d\n__MONOTONIC_TIMESTAMP=%d\n_BOOT_ID=%s\n_HOSTNAME=ward1\n"
            "SYSLOG_IDENTIFIER=sshd\nMESSAGE=%s\n\n" % (us, mono, boot, msg)).encode()
far = calendar.timegm((2606, 1, 1, 0, 0, 0)) * 10**6
open(sys.argv[1], "wb").write(entry(1717236000123456, 1000000, "before") +
                              entry(far, 2000000, "in 2606") +
                              entry(1717236060000000, 3000000, "after"))
PY
	"$JR" -o "$TMP/far.journal" - <"$TMP/far.export" 2>"$TMP/jr.err" ||
		{ cat "$TMP/jr.err" >&2; fail "systemd-journal-remote"; }
	journalctl --file="$TMP/far.journal" -o short-iso 2>/dev/null | grep -q '^2606-01-01T00:00:00' ||
		fail "journalctl does not read the 2606 entry of the fixture"
	id=$(add_evidence file "$TMP/far.journal")
	expect_exit 4 analyze timeline "$id"
	expect_grep "entry 2: time '__REALTIME_TIMESTAMP 20070201600000000' is outside the storable time range" "$TMP/out"
	got=$(sqlite3 case.db "SELECT group_concat(time_ns || ' ' || message, ',') FROM (SELECT * FROM events WHERE evidence_id='$id' ORDER BY id)")
	[ "$got" = "1717236000123456000 before,1717236060000000000 after" ] || fail "journal: stored $got"
else
	partial "no systemd-journal-remote"
fi
done_testing
