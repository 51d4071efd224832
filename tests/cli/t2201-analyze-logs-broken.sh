#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A log with broken lines, binary garbage and a truncated last line: every
# good line is kept, every bad one is reported with its line number; the
# same for an access log and an EVTX file cut short (evtxexport the oracle).
. "$(dirname "$0")/lib.sh"
need sqlite3 python3 evtxexport
[ -f "$SHARED/testdata/evtx/plaso_System.evtx" ] || skip "no shared EVTX test data in $SHARED"
new_case
python3 - "$TMP/broken.log" "$TMP/broken_access.log" <<'PY'
import sys
good = [b"Mar  1 10:%02d:00 ward3 sshd[42]: Accepted password for nurse%d from 10.0.0.%d port 22 ssh2" % (i, i, i) for i in range(8)]
lines = [good[0], good[1], b"Mar 32 10:00:00 ward3 bad day", good[2], b"\x00\x01\x02\xff\xfe garbage \x00 bytes",
         good[3], b"this is not syslog", good[4], b"\xc3\x28 Mar 1", good[5], good[6], b"Mar  1 10:5"]
open(sys.argv[1], "wb").write(b"\n".join(lines))  # no final newline: cut short
web = b'10.0.0.1 - - [01/Mar/2024:10:00:00 +0100] "GET /a HTTP/1.1" 200 10\n' \
      b'\xff\xfe\x00garbage\n' \
      b'10.0.0.2 - bob [01/Mar/2024:10:00:01 +0100] "POST /b HTTP/1.1" 302 - "-" "curl"\n' \
      b'10.0.0.3 - - [01/Mar/2024:10:00:0'
open(sys.argv[2], "wb").write(web)
PY
s=$(add_evidence file "$TMP/broken.log")
w=$(add_evidence file "$TMP/broken_access.log")
head -c 300000 "$SHARED/testdata/evtx/plaso_System.evtx" >"$TMP/cut.evtx"
e=$(add_evidence file "$TMP/cut.evtx")
expect_exit 4 analyze timeline
[ "$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$s'")" -eq 7 ] || fail "syslog: 7 good lines expected"
for n in 3 5 7 9 12; do
	expect_grep "broken.log' line $n \(offset [0-9]+\)" "$TMP/out"
done
expect_grep "line 12 .*no newline" "$TMP/out"
expect_grep "^$s +7 events, 5 rejected" "$TMP/out"
[ "$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$w'")" -eq 2 ] || fail "access log: 2 good lines expected"
expect_grep "broken_access.log' line 2 " "$TMP/out"
expect_grep "broken_access.log' line 4 " "$TMP/out"
sqlite3 case.db "SELECT user FROM events WHERE evidence_id='$w' AND user IS NOT NULL" >"$TMP/q"
expect_grep '^bob$' "$TMP/q"
# the cut EVTX: exactly the records evtxexport (libevtx's own tool) reads
# from it are kept, by record number, the damage is reported, the run goes on
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$e'")
evtxexport -f xml "$TMP/cut.evtx" >"$TMP/cut.xml" 2>/dev/null || fail "evtxexport on the cut EVTX"
sed -n 's/.*<EventRecordID>\([0-9]*\)<.*/\1/p' "$TMP/cut.xml" | sort -n >"$TMP/cut.want"
sqlite3 case.db "SELECT locator FROM events WHERE evidence_id='$e'" |
	sed -n 's/^record=\([0-9]*\);.*/\1/p' | sort -n >"$TMP/cut.got"
say "cut EVTX gave $n events, evtxexport $(wc -l <"$TMP/cut.want")"
test_count=$((test_count + 1))
[ "$(wc -l <"$TMP/cut.want")" -gt 0 ] || fail "fixture: evtxexport reads no record of the cut EVTX"
expect_same "$TMP/cut.want" "$TMP/cut.got" "cut EVTX: records differ from evtxexport's"
expect_grep "^$e +$n events, 0 rejected" "$TMP/out"
expect_grep "cut\.evtx': libevtx reports the file as corrupted" "$TMP/out"
done_testing
