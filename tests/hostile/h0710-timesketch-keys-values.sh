#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Timesketch and OpenSearch exports of events an attacker wrote (issue #20
# item 5): attribute names that are our keys, Timesketch's (__ts_timeline_id,
# datetime, message) or OpenSearch's metadata (_id, _index, _source); 5,000
# distinct attribute names; new lines, a forged second JSON object, NUL and
# escape bytes, invalid UTF-8 in every text column; a 3 MB message, 2 MB of
# attributes, 1 MB host and path of control bytes (JSON's worst escaping);
# host names that look like paths. None adds a key (at most the 21 bounded
# keys over all files, none reserved), breaks a line (one JSON object a line,
# one line an event, in jsonl, jsonl --dir and opensearch-bulk), or makes a
# path (every file a plain name inside the directory); each huge value is
# cut at a UTF-8 boundary, said in its "truncated" key and on stderr, and the
# rest of the event kept; a line stays under 3,000,000 bytes.
. "$(dirname "$0")/../cli/lib.sh"
need python3 sqlite3
CHECK="python3 $SRC/tests/cli/timesketch_check.py"

new_case "$TMP/case"
python3 "$SRC/tests/cli/timeline_gen.py" case.db hostile || fail "timeline_gen hostile"
total=$(sqlite3 case.db "SELECT count(*) FROM events")

expect_exit 0 --json timeline export --format jsonl --dir "$TMP/d"
[ "$(json_get "$TMP/out" 'd["truncated"]')" -eq 2 ] || fail "two events have values over their caps"
expect_grep '^warning: 2 events had a value cut to its cap' "$TMP/err"
$CHECK --max-keys 21 --events "$total" "$TMP/d" >"$TMP/check" 2>&1 || { cat "$TMP/check" >&2; fail "timesketch_check (jsonl --dir)"; }
test_count=$((test_count + 2))
expect_exit 0 timeline export --format opensearch-bulk --dir "$TMP/b"
$CHECK --max-keys 21 --events "$total" "$TMP/b" >"$TMP/check" 2>&1 || { cat "$TMP/check" >&2; fail "timesketch_check (bulk)"; }
expect_exit 0 timeline export --format jsonl -o "$TMP/one.jsonl"
$CHECK --max-keys 21 --events "$total" "$TMP/one.jsonl" >"$TMP/check" 2>&1 || { cat "$TMP/check" >&2; fail "timesketch_check (one file)"; }
test_count=$((test_count + 2))

python3 - "$TMP/d" "$TMP/one.jsonl" "$TMP/b" <<'PY' || fail "hostile keys and values (above)"
import json, os, sys
d, one, b = sys.argv[1:4]
bad = []
# every file a plain name in the directory, nothing else written anywhere
for name in os.listdir(d):
    if os.path.islink(os.path.join(d, name)) or not all(c in "abcdefghijklmnopqrstuvwxyz0123456789._-" for c in name):
        bad.append("file name %r" % name)
    if not (name == "manifest.json" or name.startswith(("host-", "nohost-"))):
        bad.append("file name %r" % name)
rows = [json.loads(l) for l in open(one, encoding="utf-8")]
for r in rows:
    # the reserved names went into "attributes", where they stay
    attrs = json.loads(r["attributes"]) if "attributes" in r and not r.get("truncated") else None
    if r["message"].startswith("reserved key"):
        k = eval(r["message"][len("reserved key "):])
        if attrs is None or list(attrs) != [k] or not attrs[k].startswith("hijack"):
            bad.append("reserved key %r not kept inside attributes: %r" % (k, r))
        for ours in ("datetime", "timestamp", "message"):
            if "hijack" in str(r[ours]):
                bad.append("attribute %r overwrote %s" % (k, ours))
    if r["message"].startswith("many keys") and (attrs is None or len(attrs) != 10):
        bad.append("the many keys' attributes are not whole: %r" % r)
# the injected value is one value, never a second event
forged = [r for r in rows if r["message"].startswith('x"}\n{"message":"forged"')]
if len(forged) != 11 or any(r["message"] == "forged" for r in rows):
    bad.append("%d events with the injected message, not 11" % len(forged))
for r in forged:
    # (a NUL becomes U+FFFD, as invalid UTF-8 does: docs/formats/timeline.md)
    if "\x1b[31m" not in r["message"] or "\r\n\ufffd" not in r["message"] or "\n" not in r["path"]:
        bad.append("the injected bytes were not kept as values: %r" % r["message"])
# invalid UTF-8: U+FFFD, the event kept
if not any("\ufffd" in r["message"] and "bad" in r["message"] for r in rows):
    bad.append("the invalid UTF-8 event is missing")
# huge values: cut, said, the rest kept
huge = [r for r in rows if r.get("truncated")]
want = {"message,timestamp_desc,hostname,username,locator,path,attributes", "message"}
if {h["truncated"] for h in huge} != want:
    bad.append("truncated keys %r, not %r" % ([h["truncated"] for h in huge], want))
for h in huge:
    if len(h["message"].encode()) > 65536:
        bad.append("message of %d bytes over its cap" % len(h["message"].encode()))
    if h["truncated"] == "message":
        # the 4-byte character across the cap is dropped whole, never split
        if h["message"] != "a" * 65534:
            bad.append("cut inside a UTF-8 character: ends %r" % h["message"][-3:])
    elif len(h.get("hostname", "").encode()) != 8192 or len(h["attributes"].encode()) != 262144:
        bad.append("caps: host %d, attributes %d bytes" % (len(h["hostname"].encode()), len(h["attributes"].encode())))
longest = max(len(l) for l in open(one, "rb"))
if longest >= 3000000:
    bad.append("a line of %d bytes" % longest)
for x in bad:
    print(x)
sys.exit(1 if bad else 0)
PY
test_count=$((test_count + 1))
# the attacker's names did make distinct timelines: each its own files, nothing merged
n=$(sqlite3 case.db "SELECT count(DISTINCT host) + (count(*) > count(host)) FROM events")
[ "$(json_get "$TMP/d/manifest.json" 'len(d["timelines"])')" -eq "$n" ] || fail "timelines are not one per host name"
test_count=$((test_count + 1))
done_testing
