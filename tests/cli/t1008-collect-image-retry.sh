#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# collect image --exhibit ID retries an image left incomplete (or 'acquiring'
# after a kill) under the same number: earlier files kept as *.incomplete,
# never replaced, the retry recorded in custody; registered items are refused.
. "$(dirname "$0")/lib.sh"
need mkfifo python3 ewfverify

new_case
mkfifo "$TMP/fifo"
head -c 300000 /dev/urandom >"$TMP/small"

# interrupt FORMAT SIGNAL ID: feeds 6 MB (more than one 4 MiB block) through the fifo, then signals
# lifeline while it waits for more; sets $rc.
interrupt() { interrupt_stream 6000000 "$2" --format "$1" --exhibit "$3"; }
# acquire_retry ID: the 'retry' object of the item's last acquire entry, as JSON.
acquire_retry() {
	expect_exit 0 custody log --json
	python3 - "$TMP/out" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = [e for e in d["entries"] if e["action"] == "acquire" and e["evidence"] == sys.argv[2]][-1]
print(json.dumps(e["details"].get("retry"), sort_keys=True))
PY
}

# An interrupted E01, retried as raw under the same exhibit number.
interrupt e01 TERM HOSP-7
[ "$rc" -eq 130 ] || { cat "$TMP/int.err"; fail "SIGTERM: exit $rc"; }
[ -f evidence/HOSP-7/HOSP-7.E01.incomplete ] || fail "no HOSP-7.E01.incomplete"
expect_exit 0 collect image "$TMP/small" --exhibit HOSP-7 --format raw --json
[ "$(json_get "$TMP/out" 'd["state"]')" = registered ] || fail "retry not registered"
[ "$(json_get "$TMP/out" 'd["retry"]')" = True ] || fail "json does not say retry"
test_count=$((test_count + 1))
cmp "$TMP/small" evidence/HOSP-7/HOSP-7.raw || fail "retried raw differs"
[ -f evidence/HOSP-7/HOSP-7.E01.incomplete ] || fail "the earlier attempt's file was not kept"
[ "$(acquire_retry HOSP-7)" = '{"kept_files": ["evidence/HOSP-7/HOSP-7.E01.incomplete"], "previous_state": "incomplete"}' ] ||
	fail "retry not recorded: $(acquire_retry HOSP-7)"
expect_exit 0 evidence list --json
[ "$(json_get "$TMP/out" 'len(d["items"])')" = 1 ] || fail "the retry made a second item"
[ "$(json_get "$TMP/out" 'd["items"][0]["files"][0]["path"]')" = evidence/HOSP-7/HOSP-7.raw ] ||
	fail "the registered files include the earlier attempt"
test_count=$((test_count + 1))
expect_exit 0 evidence verify HOSP-7
expect_exit 0 custody verify
# A registered item is never retried.
expect_exit 5 collect image "$TMP/small" --exhibit HOSP-7 --format raw
expect_grep "already exists \(registered\)" "$TMP/err"

# kill -9 leaves 'acquiring' and the raw file under its final name: renamed first.
interrupt raw KILL HOSP-8
[ "$rc" -eq 137 ] || fail "SIGKILL: exit $rc"
[ -f evidence/HOSP-8/HOSP-8.raw ] || fail "no HOSP-8.raw after kill -9"
expect_exit 0 collect image "$TMP/small" --exhibit HOSP-8
[ -f evidence/HOSP-8/HOSP-8.raw.incomplete ] || fail "the killed run's raw was not renamed"
ewfverify -q evidence/HOSP-8/HOSP-8.E01 >/dev/null 2>&1 || fail "retried E01 does not verify"
[ "$(acquire_retry HOSP-8)" = '{"kept_files": ["evidence/HOSP-8/HOSP-8.raw.incomplete"], "previous_state": "acquiring"}' ] ||
	fail "kill -9 retry not recorded: $(acquire_retry HOSP-8)"
test_count=$((test_count + 1))

# Two failed attempts at the same name: the second never replaces the first.
interrupt raw TERM HOSP-9
interrupt raw TERM HOSP-9
[ "$rc" -eq 130 ] || fail "second attempt: exit $rc"
[ -f evidence/HOSP-9/HOSP-9.raw.incomplete ] && [ -f evidence/HOSP-9/HOSP-9.raw.2.incomplete ] ||
	fail "attempts not kept apart: $(ls evidence/HOSP-9)"
expect_exit 0 collect image "$TMP/small" --exhibit HOSP-9 --format raw
[ "$(acquire_retry HOSP-9)" = '{"kept_files": ["evidence/HOSP-9/HOSP-9.raw.2.incomplete", "evidence/HOSP-9/HOSP-9.raw.incomplete"], "previous_state": "incomplete"}' ] ||
	fail "second retry not recorded: $(acquire_retry HOSP-9)"
test_count=$((test_count + 1))

# A run still going holds its directory: no retry beside it.
"$LIFELINE" collect image - --format raw --exhibit HOSP-10 <"$TMP/fifo" >"$TMP/live.out" 2>"$TMP/live.err" &
pid=$!
exec 3>"$TMP/fifo"
head -c 6000000 /dev/urandom >&3
sleep 1
expect_exit 5 collect image "$TMP/small" --exhibit HOSP-10 --format raw
expect_grep "being acquired by another process" "$TMP/err"
[ -f evidence/HOSP-10/HOSP-10.raw ] || fail "the live run's file was touched"
exec 3>&-
wait "$pid" || fail "the live run failed: $(cat "$TMP/live.err")"
expect_exit 0 evidence verify
expect_grep "4 item\(s\) checked, 0 failed" "$TMP/out"
expect_exit 0 custody verify
done_testing
