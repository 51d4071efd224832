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
    for k in ("message", "datetime", "timestamp_desc", "timestamp", "evidence_id", "locator"):
        assert k in r, (k, r)
    assert r["datetime"].endswith("+00:00")
    assert r["timestamp"] == r["time_ns"] // 1000
ts = [r["time_ns"] for r in rows]
assert ts == sorted(ts)
assert any(r.get("name_kind") == "FILE_NAME" for r in rows)
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
expect_exit 0 timeline export --format csv --partition 65536
expect_no_grep 'part_offset=28377088' "$TMP/out"
expect_grep 'part_offset=65536;' "$TMP/out"
expect_exit 0 timeline export --format mactime --partition 65536 --evidence "$E"
expect_no_grep "@" "$TMP/out"
done_testing
