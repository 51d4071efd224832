#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `timeline export --format opensearch-bulk --dir` (issue #20 item 5):
# OpenSearch is not in Debian, so the _bulk body is checked by parsing it as
# the _bulk API does: every file an even number of newline-ended lines, each
# pair an action {"index": {"_index": NAME, "_id": ID}} (no other action, ids
# unique over all files) and a document object of the bounded keys with
# Timesketch's fields; each file at most 20,000,000 bytes by default and at
# most --max-bytes when lowered, closed only when the next pair would pass
# it; every event once; the index named after the case, or --index NAME
# checked against OpenSearch's naming rules.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
CHECK="python3 $SRC/tests/cli/timesketch_check.py"
GEN="python3 $SRC/tests/cli/timeline_gen.py"

new_case "$TMP/many"
$GEN case.db many 50001 || fail "timeline_gen many"

expect_exit 0 --json timeline export --format opensearch-bulk --dir "$TMP/d"
[ "$(json_get "$TMP/out" 'd["index"]')" = "lifeline-t-1" ] || fail "default index"
test_count=$((test_count + 1))
$CHECK --events 50001 "$TMP/d" >"$TMP/check" 2>&1 || { cat "$TMP/check" >&2; fail "timesketch_check (bulk)"; }
test_count=$((test_count + 1))
# the pairs, the byte limit and its exact boundary, every id once
python3 - "$TMP/d" 20000000 lifeline-t-1 <<'PY' || fail "_bulk files"
import json, os, sys
d, limit, index = sys.argv[1], int(sys.argv[2]), sys.argv[3]
m = json.load(open(os.path.join(d, "manifest.json")))
assert m["format"] == "opensearch-bulk" and m["index"] == index and m["max_bytes"] == limit, m
names = [f["name"] for f in m["files"]]
assert names == ["bulk-%04d.ndjson" % (i + 1) for i in range(len(names))], names
assert len(names) >= 2, names
ids = []
for i, n in enumerate(names):
    data = open(os.path.join(d, n), "rb").read()
    assert len(data) <= limit and data.endswith(b"\n"), (n, len(data))
    lines = data.split(b"\n")[:-1]
    assert len(lines) % 2 == 0, n
    for a, doc in zip(lines[0::2], lines[1::2]):
        act = json.loads(a)
        assert list(act) == ["index"] and set(act["index"]) == {"_index", "_id"}, act
        assert act["index"]["_index"] == index
        o = json.loads(doc)
        assert isinstance(o, dict) and str(o["event_id"]) == act["index"]["_id"], (act, o)
        ids.append(o["event_id"])
    if i + 1 < len(names):
        nxt = open(os.path.join(d, names[i + 1]), "rb")
        pair = len(nxt.readline()) + len(nxt.readline())
        assert len(data) + pair > limit, (n, len(data), pair)
assert sorted(ids) == list(range(1, 50002)), "ids"
PY
test_count=$((test_count + 1))

# lowered limits
expect_exit 0 timeline export --format opensearch-bulk --dir "$TMP/b" --max-bytes 4000000 --index case-42.a_b
$CHECK --events 50001 "$TMP/b" >"$TMP/check" 2>&1 || { cat "$TMP/check" >&2; fail "timesketch_check (4 MB)"; }
[ "$(json_get "$TMP/b/manifest.json" 'd["index"]')" = "case-42.a_b" ] || fail "--index"
json_get "$TMP/b/manifest.json" 'max(f["bytes"] for f in d["files"]) <= 4000000 and len(d["files"]) == 7' >"$TMP/got"
[ "$(cat "$TMP/got")" = True ] || fail "--max-bytes 4000000"
test_count=$((test_count + 2))
expect_exit 0 timeline export --format opensearch-bulk --dir "$TMP/e" --max-events 20000
json_get "$TMP/e/manifest.json" '[f["events"] for f in d["files"]]' >"$TMP/got"
echo "[20000, 20000, 10001]" >"$TMP/want"
expect_same "$TMP/want" "$TMP/got" "--max-events 20000"

# usage errors
for bad in Upper -lead _lead .lead "a b" "a/b" 'a*b' "a,b" "a#b" ""; do
	expect_exit 2 timeline export --format opensearch-bulk --dir "$TMP/x" --index "$bad"
done
expect_exit 2 timeline export --format opensearch-bulk --dir "$TMP/x" --max-bytes 104857601
expect_exit 2 timeline export --format opensearch-bulk --dir "$TMP/x" --timeline-per host
expect_exit 2 timeline export --format opensearch-bulk -o "$TMP/x"
expect_exit 2 timeline export --format jsonl --dir "$TMP/x" --index abc
[ ! -e "$TMP/x" ] || fail "a refused export made its directory"
test_count=$((test_count + 1))
done_testing
