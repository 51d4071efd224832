#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Read errors (from the fault-injecting test source) are retried, zero-filled
# and recorded in the case, the custody entry and the E01 error section.
. "$(dirname "$0")/lib.sh"
need ewfinfo ewfverify cmp python3

new_case
head -c 4194304 /dev/urandom >"$TMP/src"
# bad: 4096 bytes at 1 MiB (sectors 2048-2055) and one byte in sector 6000
spec="faulty:$TMP/src:1048576+4096,3072100+1"

# Only in a test environment.
expect_exit 2 collect image "$spec" --format raw
expect_grep "testing aid" "$TMP/err"
export LIFELINE_TEST_FAULTS=1

expect_exit 0 collect image "$spec" --format raw --json
cp "$TMP/out" "$TMP/raw.json"
[ "$(json_get "$TMP/raw.json" 'd["unreadable_bytes"]')" = 4608 ] || fail "unreadable bytes"
[ "$(json_get "$TMP/raw.json" 'd["errors"]')" = "[{'length': 4096, 'offset': 1048576}, {'length': 512, 'offset': 3072000}]" ] ||
	fail "error ranges: $(json_get "$TMP/raw.json" 'd["errors"]')"
# The output is the source with exactly those ranges zeroed.
python3 - "$TMP/src" evidence/E1/E1.raw <<'PY' || fail "zero-filled ranges are not where expected"
import sys
src = bytearray(open(sys.argv[1], 'rb').read())
out = open(sys.argv[2], 'rb').read()
for off, n in ((1048576, 4096), (3072000, 512)):
    src[off:off + n] = bytes(n)
sys.exit(0 if bytes(src) == out else 1)
PY
test_count=$((test_count + 1))

expect_exit 0 collect image "$spec" --json
cp "$TMP/out" "$TMP/e01.json"
[ "$(json_get "$TMP/e01.json" 'd["unreadable_bytes"]')" = 4608 ] || fail "e01 unreadable bytes"
ewfinfo evidence/E2/E2.E01 >"$TMP/ewfinfo" 2>&1
expect_grep "at sector\(s\): 2048 - 2055 \(?number: 8" "$TMP/ewfinfo"
expect_grep "at sector\(s\): 6000 - 6000 \(?number: 1" "$TMP/ewfinfo"
test_count=$((test_count + 1))
ewfverify -q evidence/E2/E2.E01 >/dev/null 2>&1 || fail "E01 with errors does not verify"

# The case database and the register entry hold the error map.
expect_exit 0 evidence list
expect_grep "unreadable: 4608 bytes" "$TMP/out"
expect_exit 0 custody log --json
python3 - "$TMP/out" <<'PY' || fail "register entry lacks the error map"
import json, sys
d = json.load(open(sys.argv[1]))
regs = [e for e in d["entries"] if e["action"] == "register"]
assert len(regs) == 2
for e in regs:
    assert e["details"]["unreadable_bytes"] == 4608
    assert e["details"]["errors"] == [{"offset": 1048576, "length": 4096},
                                      {"offset": 3072000, "length": 512}]
PY
test_count=$((test_count + 1))
expect_exit 0 evidence verify
done_testing
