#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Volume Shadow Copies inside a virtual disk (issue #19 items 2 and 7):
# plaso's vsstest.qcow2 (an NTFS volume with two stores) read as one item,
# nothing extracted. Each store is an event at its creation time with the
# identifiers vshadowinfo prints for it (store N = vshadowinfo's "Store: N",
# locator part_offset=0;vss_store=N); each store's files are events with
# locator …;vss_store=N;inode=…, the same (inode, MACB, second) multiset as
# `fls -r -m /` on vshadowmount's vssN when FUSE is usable here, and always
# the differences the test data holds (store 1: /syslog before it was
# gzip'd, no /another_file, no /password.txt; store 2: /syslog.gz and
# /another_file, no /password.txt). The live volume's events equal fls on
# the raw disk (qemu-img convert), and fs_entries holds the live volume only.
. "$(dirname "$0")/lib.sh"
need sqlite3 python3 vshadowinfo qemu-img fls
IMG=$SRC/tests/data/vss/vsstest.qcow2
qemu-img convert -O raw "$IMG" "$TMP/disk.raw"
vshadowinfo "$TMP/disk.raw" >"$TMP/vshadowinfo" 2>&1 || fail "vshadowinfo"
TZ=UTC fls -r -m / "$TMP/disk.raw" >"$TMP/live.body" || fail "fls on the raw disk"

new_case
I=$(add_evidence image "$IMG")
expect_exit 0 --json analyze timeline
sqlite3 -json case.db "SELECT time_ns, locator, message, attrs FROM events WHERE evidence_id='$I' AND source='vss' ORDER BY locator" >"$TMP/vss.json"

test_count=$((test_count + 1))
python3 - "$TMP/vshadowinfo" "$TMP/vss.json" <<'PY' || fail "the stores differ from vshadowinfo's"
import calendar, json, re, sys, time
ref = open(sys.argv[1]).read()
got = json.load(open(sys.argv[2]))
n = int(re.search(r"Number of stores:\s*(\d+)", ref).group(1))
stores = re.split(r"\nStore: (\d+)\n", ref)[1:]
assert n == 2 and len(stores) == 2 * n, (n, len(stores))
assert len(got) == n, got
for k in range(n):
    idx, body = int(stores[2 * k]), stores[2 * k + 1]
    f = dict((a.strip(), b.strip()) for a, b in re.findall(r"^\t([^:\n]+?)\s*: (.*)$", body, re.M))
    m = re.match(r"(\w+) (\d+), (\d+) (\d+):(\d+):(\d+)\.(\d{9}) UTC", f["Creation time"])
    ns = calendar.timegm((int(m.group(3)), time.strptime(m.group(1), "%b").tm_mon, int(m.group(2)),
                          int(m.group(4)), int(m.group(5)), int(m.group(6)))) * 10**9 + int(m.group(7))
    e = [g for g in got if g["locator"] == "part_offset=0;vss_store=%d" % idx]
    assert len(e) == 1, (idx, got)
    e = e[0]
    a = json.loads(e["attrs"])
    assert e["time_ns"] == ns, (idx, e["time_ns"], ns)
    assert a["identifier"] == f["Identifier"] and a["copy_id"] == f["Shadow copy ID"], (a, f)
    assert a["copy_set_id"] == f["Shadow copy set ID"] and a["store"] == idx and a["stores"] == n, (a, f)
    assert str(a["volume_size"]) in f["Volume size"], (a, f)
print("# %d stores agree with vshadowinfo" % n)
PY

# CMP BODY STORE: the item's fs events of STORE (0: the live volume) against a body file
cat >"$TMP/cmp.py" <<'PY'
import collections, json, sqlite3, sys
body, store = sys.argv[1], sys.argv[2]
want = collections.Counter()
for line in open(body, encoding="utf-8", errors="surrogateescape"):
    f = line.rstrip("\n").split("|")
    for letter, t in zip("amcb", f[7:11]):
        if t != "0":
            want[(f[2], letter, int(t))] += 1
got = collections.Counter()
like = "part_offset=0;inode=%" if store == "0" else "part_offset=0;vss_store=%s;inode=%%" % store
for loc, t, attrs in sqlite3.connect("case.db").execute(
        "SELECT locator, time_ns, attrs FROM events WHERE source='fs' AND locator LIKE ?", (like,)):
    got[(loc.split(";inode=")[1].split(";")[0], json.loads(attrs)["macb"], t // 10**9)] += 1
assert want == got, ("missing", sorted(want - got)[:5], "extra", sorted(got - want)[:5])
print("# store %s: %d events as the body file" % (store, sum(got.values())))
PY
test_count=$((test_count + 1))
python3 "$TMP/cmp.py" "$TMP/live.body" 0 || fail "the live volume's events differ from fls"

# fs_entries: the live volume's lines only (a store's files are events, keyed by vss_store)
n=$(sqlite3 case.db "SELECT count(*) FROM fs_entries WHERE evidence_id='$I'")
[ "$n" -eq "$(wc -l <"$TMP/live.body")" ] || fail "fs_entries holds $n rows, fls $(wc -l <"$TMP/live.body")"
test_count=$((test_count + 1))

# the test data's known differences between the stores and the volume
has() { # STORE PATH: 1 when the store's events name PATH (allocated)
	sqlite3 case.db "SELECT count(*) > 0 FROM events WHERE evidence_id='$I' AND source='fs' AND locator LIKE 'part_offset=0;vss_store=$1;inode=%' AND path='$2' AND json_extract(attrs, '\$.allocated')"
}
for c in "1 /syslog 1" "1 /syslog.gz 0" "1 /another_file 0" "1 /password.txt 0" \
	"2 /syslog 0" "2 /syslog.gz 1" "2 /another_file 1" "2 /password.txt 0"; do
	set -- $c
	[ "$(has "$1" "$2")" = "$3" ] || fail "store $1: $2 expected $3"
	test_count=$((test_count + 1))
done
[ "$(sqlite3 case.db "SELECT count(*) FROM events WHERE source='fs' AND path='/password.txt' AND locator NOT LIKE '%vss_store%'")" -gt 0 ] ||
	fail "the live volume's /password.txt is missing"
test_count=$((test_count + 1))

# each store against fls on vshadowmount's view of it, where FUSE is usable here
if command -v vshadowmount >/dev/null 2>&1 && mkdir -p "$TMP/mnt" &&
	vshadowmount "$TMP/disk.raw" "$TMP/mnt" >/dev/null 2>&1 && [ -e "$TMP/mnt/vss2" ]; then
	for s in 1 2; do
		TZ=UTC fls -r -m / "$TMP/mnt/vss$s" >"$TMP/vss$s.body" || { fusermount -u "$TMP/mnt"; fail "fls vss$s"; }
	done
	fusermount -u "$TMP/mnt" 2>/dev/null || umount "$TMP/mnt" 2>/dev/null || true
	for s in 1 2; do
		test_count=$((test_count + 1))
		python3 "$TMP/cmp.py" "$TMP/vss$s.body" $s || fail "store $s's events differ from fls on vshadowmount"
	done
else
	say "vshadowmount (FUSE) not usable here: the stores checked against the test data's known differences only"
fi
done_testing
