#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every shared EVTX gives exactly the records evtxexport reports beside it:
# same count, record ids, event ids and TimeCreated times (to the 100 ns).
. "$(dirname "$0")/lib.sh"
need sqlite3 python3
[ -d "$SHARED/testdata/evtx" ] || skip "no shared EVTX test data in $SHARED/testdata/evtx (../shared, the project's shared test data)"
new_case
for f in "$SHARED"/testdata/evtx/*.evtx; do
	id=$(add_evidence file "$f")
	echo "$id $f" >>"$TMP/items"
done
expect_exit 0 analyze timeline
expect_grep ' 0 rejected' "$TMP/out"
while read -r id f; do
	sqlite3 -separator ' ' case.db "SELECT json_extract(attrs,'\$.EventRecordID'), event_code, time_ns FROM events WHERE evidence_id='$id' AND json_extract(attrs,'\$.recovered') IS NULL" >"$TMP/got.$id"
	test_count=$((test_count + 1))
	python3 - "$f.evtxexport.txt" "$TMP/got.$id" <<'PY' || fail "$f differs from evtxexport"
import re, sys, calendar
ref = open(sys.argv[1], encoding="utf-8", errors="replace").read()
want = []
for ev in re.findall(r"<Event .*?</Event>", ref, re.S):
    rid = re.search(r"<EventRecordID>(\d+)</EventRecordID>", ev).group(1)
    eid = re.search(r"<EventID[^>]*>(\d+)</EventID>", ev).group(1)
    t = re.search(r'<TimeCreated SystemTime="([^"]+)"', ev).group(1)
    m = re.match(r"(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)(?:\.(\d+))?Z", t)
    sec = calendar.timegm(tuple(int(x) for x in m.groups()[:6]))
    frac = (m.group(7) or "").ljust(9, "0")[:9]
    want.append((int(rid), int(eid), sec * 10**9 + int(frac)))
got = [tuple(int(x) for x in l.split()) for l in open(sys.argv[2]) if l.strip()]
if sorted(want) != sorted(got):
    print("%s: want %d records, got %d" % (sys.argv[1], len(want), len(got)))
    w, g = set(want), set(got)
    print(" missing:", sorted(w - g)[:5], " extra:", sorted(g - w)[:5])
    sys.exit(1)
print("# %s: %d records agree" % (sys.argv[1].split("/")[-1], len(want)))
PY
done <"$TMP/items"
done_testing
