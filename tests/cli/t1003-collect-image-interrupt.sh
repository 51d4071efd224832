#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# An interrupted acquisition (SIGTERM, or SIGKILL) leaves an incomplete item,
# never a registered one, and a custody ledger that still verifies.
. "$(dirname "$0")/lib.sh"
need mkfifo python3 ewfverify

new_case
mkfifo "$TMP/fifo"

# interrupt FORMAT SIGNAL: feeds 5 MB through the fifo, then signals lifeline
# while it waits for more; sets $rc.
interrupt() { interrupt_stream 5000000 "$2" --format "$1" --json; }

interrupt e01 TERM
[ "$rc" -eq 130 ] || { cat "$TMP/int.err"; fail "SIGTERM: exit $rc, expected 130"; }
test_count=$((test_count + 1))
expect_grep "interrupted" "$TMP/int.err"
expect_grep "E1 is marked INCOMPLETE" "$TMP/int.err"
expect_exit 0 evidence list --json
[ "$(json_get "$TMP/out" 'd["items"][0]["state"]')" = incomplete ] || fail "E1 is not incomplete"
[ "$(json_get "$TMP/out" 'd["items"][0]["files"]')" = "[]" ] || fail "an incomplete item lists files"
[ "$(json_get "$TMP/out" 'd["items"][0]["sha256"]')" = None ] || fail "an incomplete item has hashes"
# the half-written E01 does not pass for a good one
test_count=$((test_count + 1))
[ -f evidence/E1/E1.E01.incomplete ] && [ ! -e evidence/E1/E1.E01 ] || fail "the interrupted E01 is not named .incomplete"
expect_exit 0 custody log --json
python3 - "$TMP/out" <<'PY' || fail "ledger entries for the interruption"
import json, sys
d = json.load(open(sys.argv[1]))
acts = [(e["action"], e["evidence"]) for e in d["entries"]]
assert acts == [("acquire", "E1"), ("note", "E1")], acts
assert d["entries"][1]["details"]["state"] == "incomplete"
PY
test_count=$((test_count + 1))
expect_exit 0 custody verify

# kill -9 cannot be caught: the item stays 'acquiring' and is shown as interrupted.
interrupt raw KILL
[ "$rc" -eq 137 ] || fail "SIGKILL: exit $rc"
test_count=$((test_count + 1))
expect_exit 0 evidence list --json
[ "$(json_get "$TMP/out" 'd["items"][1]["state"]')" = acquiring ] || fail "E2 state"
[ "$(json_get "$TMP/out" 'd["items"][1]["status"]')" = "incomplete (interrupted)" ] || fail "E2 status"
expect_exit 0 evidence list
expect_grep "E2 +incomplete \(interrupted\)" "$TMP/out"
expect_exit 0 custody verify
# verify skips unfinished items, and fails when one is named
expect_exit 0 evidence verify
expect_grep "E2 +skipped: incomplete \(interrupted\)" "$TMP/out"
expect_exit 1 evidence verify E1
# the case goes on: the next acquisition is E3
head -c 100000 /dev/urandom >"$TMP/small"
expect_exit 0 collect image "$TMP/small" --format raw
expect_grep "evidence E3 registered" "$TMP/out"
done_testing
