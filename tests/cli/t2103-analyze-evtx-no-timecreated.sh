#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# EVTX records without a usable System/TimeCreated (its FILETIME made
# invalid by tests/data/make_evtx_notime.py) take the record header's
# written time, to the 100 ns, with the rule saying so and a warning; the
# other records keep their TimeCreated. The oracles: the header FILETIME read
# by the generator and evtxexport's "Written time".
. "$(dirname "$0")/lib.sh"
need python3 sqlite3 evtxexport
new_case
SRCX=$SRC/tests/fuzz/corpus/evtx/cc0_4720_local_user_created.evtx
python3 "$SRC/tests/data/make_evtx_notime.py" "$SRCX" "$TMP/notime.evtx" 1 >"$TMP/want" ||
	fail "fixture: make_evtx_notime.py"
[ "$(wc -l <"$TMP/want")" -eq 1 ] || fail "fixture: one record expected patched"
evtxexport -f xml "$TMP/notime.evtx" >"$TMP/xml" 2>/dev/null || fail "evtxexport -f xml"
test_count=$((test_count + 1))
[ "$(grep -c 'TimeCreated SystemTime="(0xffffffff 0xffffffff)"' "$TMP/xml")" -eq 1 ] ||
	fail "fixture: evtxexport does not show one record without a time"
evtxexport "$TMP/notime.evtx" >"$TMP/text" 2>/dev/null || fail "evtxexport"

id=$(add_evidence file "$TMP/notime.evtx")
ref=$(add_evidence file "$SRCX")
expect_exit 0 analyze timeline
expect_grep "notime.evtx' record 1: TimeCreated missing; header time used" "$TMP/out"
expect_no_grep "record 2: TimeCreated missing" "$TMP/out"

q() { sqlite3 case.db "$1"; }
while read -r rec ns off; do
	got=$(q "SELECT time_ns || '|' || time_rule FROM events_full WHERE evidence_id = '$id'
		AND (locator LIKE '%;offset=$off' OR locator LIKE '%;offset=$off;%')")
	test_count=$((test_count + 1))
	[ "$got" = "$ns|EVTX record header written time (FILETIME, UTC); TimeCreated missing or invalid" ] ||
		fail "record $rec: '$got', expected the header time $ns"
	# evtxexport's written time of that record, to the 100 ns
	python3 - "$TMP/text" "$rec" "$ns" <<'PY' || fail "record $rec: header time differs from evtxexport"
import calendar, re, sys, time
text, rec, ns = open(sys.argv[1]).read(), sys.argv[2], int(sys.argv[3])
m = re.search(r"Event number\s*: %s\nWritten time\s*: (\w+ \d+, \d+ \d+:\d+:\d+)\.(\d{9}) UTC" % rec, text)
assert m, "no written time for record %s" % rec
sec = calendar.timegm(time.strptime(m.group(1), "%b %d, %Y %H:%M:%S"))
assert sec * 10**9 + int(m.group(2)) == ns, (m.groups(), ns)
PY
	test_count=$((test_count + 1))
done <"$TMP/want"
# the other record: the same time as in the untouched file
test_count=$((test_count + 1))
[ "$(q "SELECT count(*) FROM events WHERE evidence_id = '$id'")" = \
  "$(q "SELECT count(*) FROM events WHERE evidence_id = '$ref'")" ] || fail "records lost"
test_count=$((test_count + 1))
[ "$(q "SELECT count(*) FROM events a JOIN events b ON a.locator = b.locator
	WHERE a.evidence_id = '$id' AND b.evidence_id = '$ref' AND a.time_ns = b.time_ns")" = \
  "$(($(q "SELECT count(*) FROM events WHERE evidence_id = '$ref'") - 1))" ] ||
	fail "the record with a TimeCreated does not keep it"
done_testing
