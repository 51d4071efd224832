#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Damaged and cut Prefetch files (issue #19 item 5). libscca refuses a
# Prefetch file whole when any part of it is cut or damaged; then:
# - an uncompressed file whose header is whole keeps its run events (the
#   executable, run count, hash and run times of the header, the same as
#   sccainfo gives for the whole file), marked header_only, with a warning
#   naming the file, where it is cut ("truncated at offset N (the header
#   declares M bytes)") or which header field locates the damaged section,
#   and libscca's cause; the file is partial (rejected-records, exit 4);
# - a file cut inside its header, or a compressed (MAM) file cut short, is
#   refused, named with the offset (the field the header ran out at; the
#   compressed data's range) and libscca's (libfwnt's) cause;
# - a run time that cannot be a date costs that run only;
# - a healthy file beside them is read whole, the case stays sound.
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3 sccainfo
D=$SRC/tests/data/prefetch
python3 - "$D" "$TMP" <<'PY'
import struct, sys
d, t = sys.argv[1], sys.argv[2]
cmd = open(d + "/CMD.EXE-087B4001.pf", "rb").read()
task = open(d + "/TASKHOST.EXE-3AE259FC.pf", "rb").read()
note = open(d + "/NOTEPAD.EXE-D8414F97.pf", "rb").read()
open(t + "/CMD-cut2000.pf", "wb").write(cmd[:2000])
open(t + "/TASKHOST-cut1000.pf", "wb").write(task[:1000])
open(t + "/CMD-cut100.pf", "wb").write(cmd[:100])
open(t + "/NOTEPAD-cut2000.pf", "wb").write(note[:2000])
b = bytearray(cmd); struct.pack_into("<I", b, 100, 0xFFFFFF00)   # filename strings offset
open(t + "/CMD-badstrings.pf", "wb").write(b)
b = bytearray(task); struct.pack_into("<Q", b, 136, 0xFFFFFFFFFFFFFFFF)  # run time 2: no date
open(t + "/TASKHOST-badtime.pf", "wb").write(b)
PY
new_case
C1=$(add_evidence file "$TMP/CMD-cut2000.pf")
C2=$(add_evidence file "$TMP/TASKHOST-cut1000.pf")
C3=$(add_evidence file "$TMP/CMD-cut100.pf")
C4=$(add_evidence file "$TMP/NOTEPAD-cut2000.pf")
C5=$(add_evidence file "$TMP/CMD-badstrings.pf")
C6=$(add_evidence file "$TMP/TASKHOST-badtime.pf")
OK=$(add_evidence file "$D/PING.EXE-B29F6629.pf")

expect_exit 4 --json analyze timeline
cp "$TMP/out" "$TMP/run.json"
json_get "$TMP/run.json" '"\n".join(p["id"] + " " + p["reason"] + " " + p["message"] for p in d["partial"])' >"$TMP/partial"
cat "$TMP/partial"
json_get "$TMP/run.json" '"\n".join(w for i in d["items"] for f in i["files"] for w in f.get("warnings", []))' >"$TMP/warnings" ||
	json_get "$TMP/run.json" '"\n".join(json.dumps(x) for x in d["items"])' >&2

say "cut after the header: the runs kept from the header, the loss named by offset"
expect_grep "^$C1 rejected-records .*truncated at offset 2000 \(the header declares 11986 bytes\)" "$TMP/partial"
expect_grep "CMD-cut2000\.pf': truncated at offset 2000 \(the header declares 11986 bytes\): libscca: .*filename strings.*files loaded and volumes lost" "$TMP/warnings"
expect_grep "^$C2 rejected-records .*truncated at offset 1000 \(the header declares 28766 bytes\)" "$TMP/partial"
# header_events ID FILE: ID's events are the runs sccainfo shows for the whole FILE
header_events() {
	sccainfo "$D/$2" >"$TMP/ref" 2>&1 || fail "sccainfo $2"
	sqlite3 -json case.db "SELECT time_ns, time_desc, attrs FROM events WHERE evidence_id='$1'" >"$TMP/got"
	test_count=$((test_count + 1))
	python3 - "$TMP/ref" "$TMP/got" <<'PY' || fail "$1: header events differ from sccainfo on $2"
import calendar, json, re, sys, time
ref = open(sys.argv[1]).read()
got = json.load(open(sys.argv[2]))
runs = []
for idx, t in re.findall(r"^\tLast run time:\s*(\d*)\s*: (.*)$", ref, re.M):
    m = re.match(r"(\w+) (\d+), (\d+) (\d+):(\d+):(\d+)\.(\d{9}) UTC", t)
    if not m:
        continue
    sec = calendar.timegm((int(m.group(3)), time.strptime(m.group(1), "%b").tm_mon, int(m.group(2)),
                           int(m.group(4)), int(m.group(5)), int(m.group(6))))
    runs.append(sec * 10**9 + int(m.group(7)))
exe = re.search(r"Executable filename\s*: (.*)", ref).group(1)
count = int(re.search(r"Run count\s*: (\d+)", ref).group(1))
assert sorted(e["time_ns"] for e in got) == sorted(runs), (got, runs)
for e in got:
    a = json.loads(e["attrs"])
    assert a["header_only"] is True and a["executable"] == exe and a["run_count"] == count, a
    assert "files_loaded_count" not in a, a
print("# %d runs of %s kept from the header" % (len(runs), exe))
PY
}
header_events "$C1" CMD.EXE-087B4001.pf
header_events "$C2" TASKHOST.EXE-3AE259FC.pf

say "cut inside the header, compressed data cut: refused, named"
expect_grep "^$C3 refused .*truncated at offset 100 \(the header declares 11986 bytes\): not read: libscca: .*header: last run times: offset 120 beyond the end at offset 100" "$TMP/partial"
expect_grep "^$C4 refused .*compressed \(MAM\) data from offset 8 to 2000 \(34286 bytes once decompressed\): not read: libscca: libfwnt_" "$TMP/partial"
for id in "$C3" "$C4"; do
	n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$id'")
	[ "$n" -eq 0 ] || fail "$n events of refused $id"
	test_count=$((test_count + 1))
done

say "a damaged section: named by the header field that locates it"
expect_grep "^$C5 rejected-records .*damaged: its filename strings, located by the header fields at offset 100" "$TMP/partial"
expect_grep "CMD-badstrings\.pf': damaged: its filename strings, .*libscca: .*filename strings offset value out of bounds" "$TMP/warnings"
header_events "$C5" CMD.EXE-087B4001.pf

say "a run time that is no date: that run only"
expect_grep "^$C6 rejected-records " "$TMP/partial"
expect_grep "TASKHOST-badtime\.pf' run 2: last run time 0xffffffffffffffff" "$TMP/warnings"
n=$(sqlite3 case.db "SELECT group_concat(json_extract(attrs,'\$.run')) FROM (SELECT attrs FROM events WHERE evidence_id='$C6' ORDER BY json_extract(attrs,'\$.run'))")
[ "$n" = "1,3,4" ] || fail "runs of $C6: '$n', want 1,3,4"
test_count=$((test_count + 1))

say "the healthy file is whole, the case sound"
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$OK' AND json_extract(attrs,'\$.files_loaded_count')=27")
[ "$n" -eq 1 ] || fail "PING: $n events with its 27 files"
test_count=$((test_count + 1))
expect_no_grep "^$OK " "$TMP/partial"
expect_exit 0 custody verify
[ "$(sqlite3 case.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
test_count=$((test_count + 1))
done_testing
