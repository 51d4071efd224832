#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The sample incident's timeline (docs/example) as Timesketch would import it
# (issue #20 item 5): `timeline export --format jsonl --dir` passes the
# conformance checker (timesketch_check.py: Timesketch's required fields,
# ISO 8601 datetimes of years 1700..9999, at most 100 distinct keys over ALL
# files, sizes, SHA-256 and counts of the manifest) with every event of the
# case; one timeline per host and per item, each holding exactly the events
# sqlite3 counts for it; the one-file jsonl has the same bounded keys while
# jsonl-wide, the old form, has more than 100 (the checker refuses it: the
# bound is what it checks); two exports are the same bytes.
. "$(dirname "$0")/lib.sh"
need mkfs.ext4 debugfs openssl perl python3 sqlite3
CHECK="python3 $SRC/tests/cli/timesketch_check.py"

sh "$SRC/docs/example/make-incident.sh" "$TMP/incident" >"$TMP/make.out" 2>&1 ||
	{ cat "$TMP/make.out" >&2; fail "make-incident.sh failed"; }
LIFELINE="$LIFELINE" sh "$SRC/docs/example/run-pipeline.sh" "$TMP/incident" "$TMP/work" \
	>"$TMP/pipeline.out" 2>&1 || { cat "$TMP/pipeline.out" >&2; fail "the pipeline failed"; }
cd "$TMP/work/case"
total=$(sqlite3 case.db "SELECT count(*) FROM events")
[ "$total" -gt 10000 ] || fail "the sample case has only $total events"

# per host: the checker passes, every event is there once
expect_exit 0 --json timeline export --format jsonl --dir "$TMP/host"
[ "$(json_get "$TMP/out" 'd["rows"]')" -eq "$total" ] || fail "--json rows"
$CHECK --events "$total" "$TMP/host" >"$TMP/check" 2>&1 || { cat "$TMP/check" >&2; fail "timesketch_check (per host)"; }
test_count=$((test_count + 1))
# the timelines are sqlite3's hosts, each with its count
sqlite3 case.db "SELECT COALESCE(host, '(none)'), count(*) FROM events GROUP BY host ORDER BY 1" >"$TMP/want.hosts"
json_get "$TMP/host/manifest.json" '"\n".join("%s|%d" % (t["key"] if t["key"] is not None else "(none)", t["events"]) for t in sorted(d["timelines"], key=lambda t: t["key"] if t["key"] is not None else "(none)"))' >"$TMP/got.hosts"
expect_same "$TMP/want.hosts" "$TMP/got.hosts" "timelines per host"
# every event id exactly once over the files
cat "$TMP"/host/*.jsonl | python3 -c 'import json,sys; print("\n".join(str(i) for i in sorted(json.loads(l)["event_id"] for l in sys.stdin)))' >"$TMP/got.ids"
sqlite3 case.db "SELECT id FROM events ORDER BY id" >"$TMP/want.ids"
expect_same "$TMP/want.ids" "$TMP/got.ids" "event ids over the per-host files"

# per item
expect_exit 0 timeline export --format jsonl --dir "$TMP/item" --timeline-per item
$CHECK --events "$total" "$TMP/item" >"$TMP/check" 2>&1 || { cat "$TMP/check" >&2; fail "timesketch_check (per item)"; }
test_count=$((test_count + 1))
sqlite3 case.db "SELECT evidence_id, count(*) FROM events GROUP BY evidence_id ORDER BY 1" >"$TMP/want.items"
json_get "$TMP/item/manifest.json" '"\n".join("%s|%d" % (t["key"], t["events"]) for t in sorted(d["timelines"], key=lambda t: t["key"]))' >"$TMP/got.items"
expect_same "$TMP/want.items" "$TMP/got.items" "timelines per item"

# the one-file export: the same bounded keys; the wide form fails the bound
expect_exit 0 timeline export --format jsonl -o "$TMP/one.jsonl"
$CHECK --events "$total" "$TMP/one.jsonl" >"$TMP/check" 2>&1 || { cat "$TMP/check" >&2; fail "timesketch_check (one file)"; }
test_count=$((test_count + 1))
expect_exit 0 timeline export --format jsonl-wide -o "$TMP/wide.jsonl"
test_count=$((test_count + 1))
if $CHECK "$TMP/wide.jsonl" >"$TMP/check" 2>&1; then
	fail "the wide form passed the key bound: the checker cannot fail"
fi
expect_grep '^PROBLEM 1[0-9][0-9] distinct keys over all files, more than 100$' "$TMP/check"
# nothing lost: every attribute of the wide form is in the bounded form's "attributes"
python3 - "$TMP/one.jsonl" "$TMP/wide.jsonl" <<'PY' || fail "attributes lost in the bounded form"
import json, sys
bounded = [json.loads(l) for l in open(sys.argv[1])]
wide = [json.loads(l) for l in open(sys.argv[2])]
assert len(bounded) == len(wide)
ours = {"message", "datetime", "timestamp", "timestamp_desc", "time", "time_ns", "orig_ns", "time_raw",
        "time_rule", "evidence_id", "source", "parser", "data_type", "category", "hostname", "username",
        "path", "event_code", "locator", "event_id"}
for b, w in zip(bounded, wide):
    assert b["event_id"] == w["event_id"]
    attrs = json.loads(b.get("attributes", "{}"))
    for k, v in w.items():
        if k in ours:
            continue
        key = k[5:] if k.startswith("attr_") and k[5:] in ours else k
        assert attrs.get(key) == v, (b["event_id"], k)
PY
test_count=$((test_count + 1))

# deterministic: the same case gives the same bytes
expect_exit 0 timeline export --format jsonl --dir "$TMP/host2"
test_count=$((test_count + 1))
diff -r "$TMP/host" "$TMP/host2" >"$TMP/diff" 2>&1 || { head -c 2000 "$TMP/diff" >&2; fail "two exports differ"; }
done_testing
