#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# lifeline timeline export: formats, filters, files, refusals.
. "$(dirname "$0")/lib.sh"
need python3
IMG=$SHARED/testdata/disk/tsk_imageformat_mmls_1.E01
[ -f "$IMG" ] || skip "no $IMG"
new_case

expect_exit 0 timeline export --help
expect_grep '^usage: lifeline timeline export' "$TMP/out"
expect_exit 2 timeline export
expect_exit 2 timeline export --format xml
expect_exit 2 timeline export --format csv --from yesterday
expect_exit 2 timeline export --format csv --force

# an empty case exports headers only
expect_exit 0 timeline export --format mactime
[ "$(cat "$TMP/out")" = "Date,Size,Type,Mode,UID,GID,Meta,File Name" ] || fail "empty mactime"

E=$(add_evidence image "$IMG")
D=$(add_evidence image "$SHARED/testdata/disk/tsk_image.dd")
expect_exit 0 analyze timeline

# two file systems in one item: names carry evidence@offset so rows stay apart
expect_exit 0 timeline export --format bodyfile --evidence "$E"
expect_grep "^0\|$E@65536/\\\$MFT\|0-128-" "$TMP/out"
expect_grep "^0\|$E@28377088/\\\$MFT\|0-128-" "$TMP/out"
# one file system: exactly fls's names
expect_exit 0 timeline export --format bodyfile --evidence "$D"
expect_grep '^0\|/passwords\.txt\|15\|' "$TMP/out"

# -o refuses to overwrite, --force replaces
expect_exit 0 timeline export --format csv -o "$TMP/t.csv"
expect_exit 5 timeline export --format csv -o "$TMP/t.csv"
expect_grep 'refusing to overwrite' "$TMP/err"
expect_exit 0 timeline export --format csv -o "$TMP/t.csv" --force
total=$(($(wc -l <"$TMP/t.csv") - 1))
expect_exit 0 --json timeline export --format jsonl -o "$TMP/t.jsonl"
expect_grep '"rows": '"$total" "$TMP/out"

# jsonl: Timesketch's three fields on every line, time ordered
python3 - "$TMP/t.jsonl" "$total" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == int(sys.argv[2]), len(rows)
for r in rows:
    for k in ("message", "datetime", "timestamp_desc", "timestamp", "evidence", "locator"):
        assert k in r, (k, r)
    assert r["datetime"].endswith("+00:00")
    assert r["timestamp"] == r["time_ns"] // 1000
ts = [r["time_ns"] for r in rows]
assert ts == sorted(ts)
# the attributes of each source in one key, as JSON text (bounded keys)
assert any(json.loads(r.get("attributes", "{}")).get("name_kind") == "FILE_NAME" for r in rows)
assert not any("name_kind" in r for r in rows)
PY
[ $? -eq 0 ] || fail "jsonl content"

# l2tcsv: 17 columns on every line
expect_exit 0 timeline export --format l2tcsv
python3 - "$TMP/out" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
assert lines[0] == "date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,version,filename,inode,notes,format,extra"
for l in lines:
    assert len(l.split(",")) == 17, l
assert any(",M...,FILE," in l for l in lines[1:])
PY
[ $? -eq 0 ] || fail "l2tcsv shape"

# csv: RFC 4180, one row per event
python3 - "$TMP/t.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert rows and all(r["source"] == "fs" and r["parser"] == "tsk" for r in rows)
assert all(r["datetime"].endswith("Z") for r in rows)
PY
[ $? -eq 0 ] || fail "csv shape"

# filters: evidence, range (inclusive), partition
expect_exit 0 timeline export --format csv --evidence "$D" --from 2016-03-21 --to 2016-03-21
n=$(($(wc -l <"$TMP/out") - 1))
[ "$n" -eq 3 ] || fail "$n events on 2016-03-21 (want 3: a_link, a_directory, a_file accessed)"
expect_exit 0 timeline export --format mactime --evidence "$D" --from 2016-03-21T15:03:19Z --to 2016-03-21T15:04:21Z
[ "$(grep -c Z, "$TMP/out")" -eq 2 ] || fail "mactime range"
# --from and --to are inclusive in every format: for every time an event of
# $D has, each format's export with --from T --to T, --from T and --to T is
# exactly its full export's rows in that range, and T itself is never empty.
python3 - "$LIFELINE" "$D" <<'PY' || fail "an export range is not inclusive"
import calendar, csv, io, json, subprocess, sys
ll, ev = sys.argv[1], sys.argv[2]
def export(fmt, *rng):
    r = subprocess.run([ll, "timeline", "export", "--format", fmt, "--evidence", ev, *rng],
                       capture_output=True, text=True)
    assert r.returncode == 0, (fmt, rng, r.stderr)
    return r.stdout.splitlines()
def iso(t):  # 2012-05-25T15:55:50Z (mactime) -> seconds
    return 0 if t.startswith("0000") else calendar.timegm(
        (int(t[0:4]), int(t[5:7]), int(t[8:10]), int(t[11:13]), int(t[14:16]), int(t[17:19])))
def times(fmt, line):  # the times (seconds, or ns) a row is selected by
    if fmt == "csv":
        return [int(next(csv.reader(io.StringIO(line)))[12]) // 10**9]
    if fmt == "jsonl":
        return [json.loads(line)["time_ns"] // 10**9]
    if fmt == "l2tcsv":
        d, t = line.split(",")[0:2]
        return [calendar.timegm((int(d[6:10]), int(d[0:2]), int(d[3:5]),
                                 int(t[0:2]), int(t[3:5]), int(t[6:8])))]
    if fmt == "mactime":
        return [iso(line.split(",")[0])]  # unknown (0) times: kept without --from, as TSK's mactime
    return [int(x) for x in line.split("|")[7:11] if int(x) != 0]  # bodyfile: a, m, c, b
header = {"csv": 1, "jsonl": 0, "l2tcsv": 1, "mactime": 1, "bodyfile": 0}
full = export("csv")[1:]
points = sorted({int(next(csv.reader(io.StringIO(l)))[12]) for l in full})
assert points and all(p % 10**9 == 0 for p in points), points
checked = 0
for fmt in ("bodyfile", "mactime", "l2tcsv", "jsonl", "csv"):
    rows = export(fmt)[header[fmt]:]
    assert rows, fmt
    for p in points:
        T = p // 10**9
        stamp = "%04d-%02d-%02dT%02d:%02d:%02dZ" % tuple(__import__("time").gmtime(T)[0:6])
        for rng, keep in ((("--from", stamp, "--to", stamp), lambda t: t == T),
                          (("--from", stamp), lambda t: t >= T),
                          (("--to", stamp), lambda t: t <= T)):
            want = [r for r in rows if any(keep(t) for t in times(fmt, r))]
            got = export(fmt, *rng)[header[fmt]:]
            if rng[0] == "--from" and len(rng) == 4:
                assert want, (fmt, stamp, "no row at an event's own time in the full export")
            assert got == want, (fmt, rng, "got", got, "want", want)
            checked += 1
print("# %d range exports checked" % checked)
PY
test_count=$((test_count + 1))
expect_exit 0 timeline export --format csv --partition 65536
expect_no_grep 'part_offset=28377088' "$TMP/out"
expect_grep 'part_offset=65536;' "$TMP/out"
expect_exit 0 timeline export --format mactime --partition 65536 --evidence "$E"
expect_no_grep "@" "$TMP/out"
done_testing
