#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Events whose year Timesketch refuses (outside 1700..9999; lifeline's times
# reach back to 1677-09-21) are said, never silently dropped (issue #20 item
# 5): `--dir` puts exactly those before 1700-01-01T00:00:00Z in
# out-of-range-0001.jsonl, "importable": false in the manifest, counted in
# --json and on stderr, and the host's timeline passes the conformance
# checker while the set-apart file would not; 1700-01-01T00:00:00Z itself
# and the last nanosecond before it fall on their sides; the one-file export
# keeps all of them and warns with the count; OpenSearch _bulk, whose date
# type takes them, keeps them; every datetime and timestamp is the event's
# time floored to the microsecond, for times before 1970 too.
. "$(dirname "$0")/../cli/lib.sh"
need python3 sqlite3
CHECK="python3 $SRC/tests/cli/timesketch_check.py"

new_case "$TMP/case"
python3 "$SRC/tests/cli/timeline_gen.py" case.db years || fail "timeline_gen years"

expect_exit 0 --json timeline export --format jsonl --dir "$TMP/d"
[ "$(json_get "$TMP/out" 'd["out_of_range"]')" -eq 3 ] || fail "--json out_of_range"
expect_grep '^warning: 3 events of a year outside 1700\.\.9999, which Timesketch refuses, are in out-of-range-\*\.jsonl' "$TMP/err"
json_get "$TMP/d/manifest.json" '" ".join("%s:%d:%s" % (f["name"], f["events"], f["importable"]) for f in d["files"])' >"$TMP/got"
echo "host-srv01-0001.jsonl:4:True out-of-range-0001.jsonl:3:False" >"$TMP/want"
expect_same "$TMP/want" "$TMP/got" "files"
python3 -c 'import json,sys; print(" ".join(str(json.loads(l)["event_id"]) for l in open(sys.argv[1])))' "$TMP/d/out-of-range-0001.jsonl" >"$TMP/got"
echo "1 3 2" >"$TMP/want"
expect_same "$TMP/want" "$TMP/got" "the events set apart (time order)"
$CHECK --events 7 "$TMP/d" >"$TMP/check" 2>&1 || { cat "$TMP/check" >&2; fail "timesketch_check"; }
test_count=$((test_count + 2))
# the checker refuses the set-apart file when told to import it
if $CHECK --include-unimportable "$TMP/d" >"$TMP/check" 2>&1; then fail "the checker took years before 1700"; fi
expect_grep 'out-of-range-0001.jsonl line 1: year 1677 outside 1700\.\.9999' "$TMP/check"

# one file: every event, and the warning
expect_exit 0 timeline export --format jsonl -o "$TMP/one.jsonl"
expect_grep '^warning: 3 events of a year outside 1700\.\.9999: Timesketch refuses this file' "$TMP/err"
[ "$(wc -l <"$TMP/one.jsonl")" -eq 7 ] || fail "the one-file export dropped events"
test_count=$((test_count + 1))
expect_exit 0 timeline export --format jsonl-wide -o "$TMP/wide.jsonl"
expect_grep '^warning: 3 events of a year outside' "$TMP/err"
# the times, floored to the microsecond
python3 - "$TMP/one.jsonl" <<'PY' || fail "datetime and timestamp"
import datetime, json, sys
E = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
for l in open(sys.argv[1]):
    r = json.loads(l)
    us = r["time_ns"] // 1000
    want = (E + datetime.timedelta(microseconds=us)).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
    assert r["timestamp"] == us and r["datetime"] == want, (r, want)
PY
test_count=$((test_count + 1))

# _bulk: OpenSearch's dates reach far beyond; all seven there
expect_exit 0 --json timeline export --format opensearch-bulk --dir "$TMP/b"
[ "$(json_get "$TMP/b/manifest.json" 'd["events"]')" -eq 7 ] || fail "bulk events"
$CHECK --events 7 "$TMP/b" >"$TMP/check" 2>&1 || { cat "$TMP/check" >&2; fail "timesketch_check (bulk)"; }
test_count=$((test_count + 2))
done_testing
