#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Split exports (issue #20 item 5) on generated cases: 50,001 events of one
# host give exactly two files, of 50,000 and 1 events; a lowered
# --max-events gives files of exactly N events but a timeline's last; a
# lowered --max-bytes gives files that never pass it, each closed only when
# the next line would have (the boundary is exact, checked line by line);
# nine source types with 540 distinct attribute names stay under 100 keys
# (the wide form has more than 540); --timeline-per host and item hold
# sqlite3's counts, with 200 hosts too (more than the files kept open);
# the options' errors are usage errors; a non-empty
# directory is refused.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
CHECK="python3 $SRC/tests/cli/timesketch_check.py"
GEN="python3 $SRC/tests/cli/timeline_gen.py"

new_case "$TMP/many"
$GEN case.db many 50001 || fail "timeline_gen many"

# the default limit: 50,000 events, then a second file of 1
expect_exit 0 --json timeline export --format jsonl --dir "$TMP/d"
$CHECK --events 50001 "$TMP/d" >"$TMP/check" 2>&1 || { cat "$TMP/check" >&2; fail "timesketch_check"; }
test_count=$((test_count + 1))
json_get "$TMP/d/manifest.json" '" ".join("%s:%d" % (f["name"], f["events"]) for f in d["files"])' >"$TMP/files"
echo "host-srv01-0001.jsonl:50000 host-srv01-0002.jsonl:1" >"$TMP/want"
expect_same "$TMP/want" "$TMP/files" "50,001 events in 50,000 + 1"
[ "$(wc -l <"$TMP/d/host-srv01-0001.jsonl")" -eq 50000 ] || fail "the first file's lines"
[ "$(wc -l <"$TMP/d/host-srv01-0002.jsonl")" -eq 1 ] || fail "the second file's lines"
test_count=$((test_count + 2))
# the last event, not another, is in the second file
json_get "$TMP/d/manifest.json" 'd["files"][1]["first"]' >"$TMP/got"
sqlite3 case.db "SELECT max(time_ns) FROM events" >"$TMP/max"
python3 -c 'import sys,json; l=json.loads(open(sys.argv[1]).readline()); assert l["event_id"] == 50001 and l["time_ns"] == int(open(sys.argv[2]).read()), l' \
	"$TMP/d/host-srv01-0002.jsonl" "$TMP/max" || fail "the second file is not the 50,001st event"
test_count=$((test_count + 1))

# the generated case has many keys: the wide form fails the bound
expect_exit 0 timeline export --format jsonl-wide -o "$TMP/wide.jsonl"
test_count=$((test_count + 1))
if $CHECK "$TMP/wide.jsonl" >"$TMP/check" 2>&1; then fail "the wide form passed the key bound"; fi
expect_grep '^PROBLEM 5[4-9][0-9] distinct keys' "$TMP/check"

# a lowered byte limit: never passed, and each file closed at the exact line
expect_exit 0 timeline export --format jsonl --dir "$TMP/b" --max-bytes 4000000
$CHECK --events 50001 "$TMP/b" >"$TMP/check" 2>&1 || { cat "$TMP/check" >&2; fail "timesketch_check (bytes)"; }
python3 - "$TMP/b" 4000000 <<'PY' || fail "byte boundaries"
import json, os, sys
d, limit = sys.argv[1], int(sys.argv[2])
m = json.load(open(os.path.join(d, "manifest.json")))
files = [f["name"] for f in m["files"]]
assert len(files) >= 5, files
for a, b in zip(files, files[1:]):
    size = os.path.getsize(os.path.join(d, a))
    nxt = len(open(os.path.join(d, b), "rb").readline())
    assert size <= limit and size + nxt > limit, (a, size, nxt)
assert os.path.getsize(os.path.join(d, files[-1])) <= limit
PY
test_count=$((test_count + 1))

# a lowered event limit over several hosts and items
new_case "$TMP/hosts"
$GEN case.db hosts 1000 || fail "timeline_gen hosts"
for per in host item; do
	expect_exit 0 timeline export --format jsonl --dir "$TMP/e-$per" --max-events 7 --timeline-per "$per"
	$CHECK --events 1000 "$TMP/e-$per" >"$TMP/check" 2>&1 || { cat "$TMP/check" >&2; fail "timesketch_check ($per)"; }
	col=host
	[ "$per" = item ] && col=evidence_id
	sqlite3 case.db "SELECT COALESCE($col, '(none)'), count(*) FROM events GROUP BY $col ORDER BY 1" >"$TMP/want"
	python3 - "$TMP/e-$per" 7 >"$TMP/got" <<'PY' || fail "--max-events 7 --timeline-per $per"
import json, os, sys
d, n = sys.argv[1], int(sys.argv[2])
m = json.load(open(os.path.join(d, "manifest.json")))
by = {}
for f in m["files"]:
    by.setdefault(f["timeline"], []).append(f)
for t in m["timelines"]:
    fs = by[t["name"]]
    assert [f["part"] for f in fs] == list(range(1, len(fs) + 1)), t
    assert all(f["events"] == n for f in fs[:-1]) and 1 <= fs[-1]["events"] <= n, t
    assert len(fs) == (t["events"] + n - 1) // n, t
keyed = sorted(("(none)" if t["key"] is None else t["key"], t["events"]) for t in m["timelines"])
print("\n".join("%s|%d" % k for k in keyed))
PY
	expect_same "$TMP/want" "$TMP/got" "timelines per $per"
done

# 200 hosts, more than the 64 files kept open: files closed and reopened
# for appending lose nothing and keep their order
new_case "$TMP/manyhosts"
$GEN case.db manyhosts 20000 || fail "timeline_gen manyhosts"
expect_exit 0 timeline export --format jsonl --dir "$TMP/mh" --max-events 40
$CHECK --events 20000 "$TMP/mh" >"$TMP/check" 2>&1 || { cat "$TMP/check" >&2; fail "timesketch_check (200 hosts)"; }
test_count=$((test_count + 1))
sqlite3 case.db "SELECT host, count(*) FROM events GROUP BY host ORDER BY 1" >"$TMP/want"
json_get "$TMP/mh/manifest.json" '"\n".join("%s|%d" % (t["key"], t["events"]) for t in sorted(d["timelines"], key=lambda t: t["key"]))' >"$TMP/got"
expect_same "$TMP/want" "$TMP/got" "200 timelines"
[ "$(wc -l <"$TMP/want")" -eq 200 ] || fail "not 200 hosts"
test_count=$((test_count + 1))

# usage errors and refusals
cd "$TMP/hosts"
expect_exit 2 timeline export --format jsonl --dir "$TMP/x" --max-bytes 3999999
expect_grep 'max-bytes must be at least 4000000' "$TMP/err"
expect_exit 2 timeline export --format jsonl --dir "$TMP/x" --max-events 0
expect_exit 2 timeline export --format jsonl --dir "$TMP/x" --timeline-per user
expect_exit 2 timeline export --format jsonl --max-events 10
expect_exit 2 timeline export --format csv --dir "$TMP/x"
expect_exit 2 timeline export --format jsonl --dir "$TMP/x" -o "$TMP/y"
[ ! -e "$TMP/x" ] || fail "a refused export made its directory"
test_count=$((test_count + 1))
expect_exit 5 timeline export --format jsonl --dir "$TMP/e-host"
expect_grep 'is not empty; refusing' "$TMP/err"
mkdir "$TMP/empty"
expect_exit 0 timeline export --format jsonl --dir "$TMP/empty"
done_testing
