#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Prefetch files (issue #19 item 5) against sccainfo, the tool of the same
# library: each of plaso's Prefetch files (versions 17, 23, 26, and 30
# compressed by Windows 10) gives one event per last run time sccainfo
# shows, to the 100 ns, each carrying sccainfo's executable name, run count,
# prefetch hash, volume device paths and serials, the number of files
# loaded and the first of them in order; run 1 is "Last Time Executed", the
# others "Previous Last Time Executed"; locator prefetch=<file>;run=<i>. A
# version 31 file (Windows 11), which libscca 20200717 refuses, is refused
# alone, named, with libscca's cause; the others are stored.
. "$(dirname "$0")/lib.sh"
need sqlite3 python3 sccainfo
D=$SRC/tests/data/prefetch
new_case
for f in CMD.EXE-087B4001.pf PING.EXE-B29F6629.pf TASKHOST.EXE-3AE259FC.pf \
	WUAUCLT.EXE-830BCC14.pf NOTEPAD.EXE-D8414F97.pf; do
	id=$(add_evidence file "$D/$f")
	echo "$id $f" >>"$TMP/items"
done
U=$(add_evidence file "$D/AM_DELTA_PATCH_1.443.990.0.EX-7037CF86.pf")

expect_exit 4 --json analyze timeline
json_get "$TMP/out" '"\n".join(p["id"] + " " + p["reason"] + " " + p["message"] for p in d["partial"])' >"$TMP/partial"
[ "$(wc -l <"$TMP/partial")" -eq 1 ] || { cat "$TMP/partial" >&2; fail "not exactly one partial input"; }
expect_grep "^$U refused .*AM_DELTA.*compressed \(MAM\) data from offset 8 to 2701.*unsupported format version" "$TMP/partial"

while read -r id f; do
	sccainfo "$D/$f" >"$TMP/ref.$id" 2>&1 || fail "sccainfo $f"
	sqlite3 -json case.db "SELECT time_ns, time_desc, locator, message, attrs, category FROM events WHERE evidence_id='$id' AND source='prefetch'" >"$TMP/got.$id"
	test_count=$((test_count + 1))
	python3 - "$TMP/ref.$id" "$TMP/got.$id" "$f" <<'PY' || fail "$f differs from sccainfo"
import calendar, json, re, sys, time
ref = open(sys.argv[1], encoding="utf-8").read()
got = json.load(open(sys.argv[2])) if open(sys.argv[2]).read().strip() else []
name = sys.argv[3]
def one(pat):
    m = re.search(pat, ref, re.M)
    assert m, "sccainfo has no " + pat
    return m.group(1)
exe = one(r"Executable filename\s*: (.*)$")
count = int(one(r"Run count\s*: (\d+)"))
h = "0x%08X" % int(one(r"Prefetch hash\s*: (0x[0-9a-f]+)"), 16)
nfiles = int(one(r"Number of filenames\s*: (\d+)"))
files = re.findall(r"^\tFilename: \d+\s*: (.*)$", ref, re.M)
devs = re.findall(r"Device path\s*: (.*)$", ref, re.M)
serials = ["0x%08X" % int(s, 16) for s in re.findall(r"Serial number\s*: (0x[0-9a-f]+)", ref)]
runs = []
for idx, t in re.findall(r"^\tLast run time:\s*(\d*)\s*: (.*)$", ref, re.M):
    if t.startswith("Not set"):
        continue
    m = re.match(r"(\w+) (\d+), (\d+) (\d+):(\d+):(\d+)\.(\d{9}) UTC", t)
    mon = time.strptime(m.group(1), "%b").tm_mon
    sec = calendar.timegm((int(m.group(3)), mon, int(m.group(2)), int(m.group(4)), int(m.group(5)), int(m.group(6))))
    runs.append((int(idx or 1), sec * 10**9 + int(m.group(7))))
assert runs, "no run times in sccainfo's output"
assert len(got) == len(runs), "%d events, sccainfo shows %d run times" % (len(got), len(runs))
by_run = {}
for e in got:
    a = json.loads(e["attrs"])
    by_run[a["run"]] = (e, a)
for i, ns in runs:
    e, a = by_run[i]
    want_desc = "Last Time Executed" if i == 1 else "Previous Last Time Executed"
    checks = [
        ("time", e["time_ns"], ns), ("desc", e["time_desc"], want_desc),
        ("locator", e["locator"], "prefetch=%s;run=%d" % (name, i)),
        ("category", e["category"], "program-execution"),
        ("executable", a["executable"], exe), ("run_count", a["run_count"], count),
        ("hash", a["prefetch_hash"], h), ("files", a["files_loaded_count"], nfiles),
        ("first files", a["files_loaded"].split("; "), files[:64]),
        ("volumes", a["volumes"], len(devs)),
        ("devices", a["volume_devices"].split("; "), devs),
        ("serials", a["volume_serials"].split("; "), serials),
    ]
    for what, g, w in checks:
        assert g == w, "run %d %s: got %r, sccainfo %r" % (i, what, g, w)
    assert ("[%s] was executed - run count %d" % (exe, count)) in e["message"], e["message"]
    assert ("%d files loaded" % nfiles) in e["message"], e["message"]
print("# %s: %d runs, %d files, %d volumes agree with sccainfo" % (name, len(runs), nfiles, len(devs)))
PY
done <"$TMP/items"
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$U'")
[ "$n" -eq 0 ] || fail "$n events of the refused version 31 file"
test_count=$((test_count + 1))
done_testing
