#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Prefetch files inside a disk image (issue #19 items 5 and 7): the image
# reader reads Windows/Prefetch/*.pf from the walked file system (nothing
# extracted) and each run is an event, with sccainfo's values on the same
# file (executable, run count, hash, run times, files loaded), the path in
# the file system, and a locator part_offset=…;inode=…;prefetch=…;run=…
# whose inode is the one fls lists for that path and whose bytes (icat) are
# the file's. A Prefetch file elsewhere is not read as one; a cut one in
# the image keeps its header's runs, named (image, path, inode, offset),
# and the image's other events are all there.
. "$(dirname "$0")/lib.sh"
need sqlite3 python3 sccainfo mkfs.vfat mmd mcopy fls icat sha256sum
D=$SRC/tests/data/prefetch
export MTOOLS_SKIP_CHECK=1
head -c 2000 "$D/TASKHOST.EXE-3AE259FC.pf" >"$TMP/TASKHOST.EXE-3AE259FC.pf"
mkfs.vfat -C "$TMP/disk.img" 2048 >/dev/null
mmd -i "$TMP/disk.img" ::/Windows ::/Windows/Prefetch
mcopy -i "$TMP/disk.img" "$D/CMD.EXE-087B4001.pf" "$D/NOTEPAD.EXE-D8414F97.pf" \
	"$TMP/TASKHOST.EXE-3AE259FC.pf" ::/Windows/Prefetch/
mcopy -i "$TMP/disk.img" "$D/PING.EXE-B29F6629.pf" ::/PING.EXE-B29F6629.pf
fls -r -p "$TMP/disk.img" >"$TMP/fls"

new_case
I=$(add_evidence image "$TMP/disk.img")
expect_exit 4 --json analyze timeline
json_get "$TMP/out" '"\n".join(p["id"] + " " + p["reason"] + " " + p["message"] for p in d["partial"])' >"$TMP/partial"
expect_grep "^$I rejected-records .*Prefetch file .*/Windows/Prefetch/TASKHOST\.EXE-3AE259FC\.pf \(part_offset=0, inode [0-9]+\)|^$I rejected-records .*truncated at offset 2000 \(the header declares 28766 bytes\)" "$TMP/partial"
json_get "$TMP/out" '"\n".join(w for i in d["items"] for f in i["files"] for w in f.get("warnings", []))' >"$TMP/warnings"
expect_grep "disk\.img: /Windows/Prefetch/TASKHOST\.EXE-3AE259FC\.pf \(part_offset=0, inode [0-9]+\)': truncated at offset 2000 \(the header declares 28766 bytes\)" "$TMP/warnings"

# check FILE: the image's events of /Windows/Prefetch/FILE against sccainfo and fls/icat
check() {
	f=$1
	sccainfo "$2" >"$TMP/ref" 2>&1 || fail "sccainfo $2"
	sqlite3 -json case.db "SELECT time_ns, time_desc, locator, attrs, path FROM events WHERE evidence_id='$I' AND source='prefetch' AND path='/Windows/Prefetch/$f'" >"$TMP/got"
	inode=$(awk -F'\t' -v p="Windows/Prefetch/$f" '$2 == p { split($1, a, " "); sub(":", "", a[2]); print a[2] }' "$TMP/fls")
	[ -n "$inode" ] || fail "fls does not list Windows/Prefetch/$f"
	test_count=$((test_count + 1))
	python3 - "$TMP/ref" "$TMP/got" "$f" "$inode" "$3" <<'PY' || fail "$f in the image differs from sccainfo/fls"
import calendar, json, re, sys, time
ref = open(sys.argv[1]).read()
got = json.load(open(sys.argv[2]))
name, inode, header_only = sys.argv[3], sys.argv[4], sys.argv[5] == "header"
runs = []
for idx, t in re.findall(r"^\tLast run time:\s*(\d*)\s*: (.*)$", ref, re.M):
    m = re.match(r"(\w+) (\d+), (\d+) (\d+):(\d+):(\d+)\.(\d{9}) UTC", t)
    if m:
        sec = calendar.timegm((int(m.group(3)), time.strptime(m.group(1), "%b").tm_mon, int(m.group(2)),
                               int(m.group(4)), int(m.group(5)), int(m.group(6))))
        runs.append((int(idx or 1), sec * 10**9 + int(m.group(7))))
exe = re.search(r"Executable filename\s*: (.*)", ref).group(1)
count = int(re.search(r"Run count\s*: (\d+)", ref).group(1))
nfiles = int(re.search(r"Number of filenames\s*: (\d+)", ref).group(1))
assert len(got) == len(runs), (len(got), runs)
by = {json.loads(e["attrs"])["run"]: e for e in got}
for i, ns in runs:
    e = by[i]
    a = json.loads(e["attrs"])
    assert e["time_ns"] == ns, (i, e["time_ns"], ns)
    assert e["locator"] == "part_offset=0;inode=%s;prefetch=%s;run=%d" % (inode, name, i), e["locator"]
    assert a["executable"] == exe and a["run_count"] == count, a
    if header_only:
        assert a.get("header_only") is True, a
    else:
        assert a["files_loaded_count"] == nfiles, a
print("# %s in the image: %d runs agree with sccainfo, inode %s as fls" % (name, len(runs), inode))
PY
	icat "$TMP/disk.img" "$inode" | sha256sum >"$TMP/icat.sum"
	want=$(sha256sum <"$4")
	[ "$(cat "$TMP/icat.sum")" = "$want" ] || fail "icat of inode $inode is not $f's bytes"
	test_count=$((test_count + 1))
}
check CMD.EXE-087B4001.pf "$D/CMD.EXE-087B4001.pf" full "$D/CMD.EXE-087B4001.pf"
check NOTEPAD.EXE-D8414F97.pf "$D/NOTEPAD.EXE-D8414F97.pf" full "$D/NOTEPAD.EXE-D8414F97.pf"
check TASKHOST.EXE-3AE259FC.pf "$D/TASKHOST.EXE-3AE259FC.pf" header "$TMP/TASKHOST.EXE-3AE259FC.pf"

n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$I' AND source='prefetch' AND path LIKE '%PING%'")
[ "$n" -eq 0 ] || fail "a .pf file outside Windows/Prefetch read as Prefetch"
test_count=$((test_count + 1))
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$I' AND source='fs' AND path='/PING.EXE-B29F6629.pf'")
[ "$n" -gt 0 ] || fail "the image's file-system events are missing"
test_count=$((test_count + 1))
done_testing
