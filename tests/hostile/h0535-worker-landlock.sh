#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A reader worker before its lock-down (issue #16): a hostile parser that
# runs in a library's open of the evidence (libevtx, libewf ...) tries to
# open case.db for writing, the examiner's key, and the item's other file
# next to its own: Landlock refuses all of them (EACCES), the worker's own
# file still reads, the run stores what a plain run stores, the case stays
# sound. Without Landlock (simulated: LIFELINE_TEST_NO_LANDLOCK, test builds
# only) the run goes on and says so: once on stderr and once in each item's
# analysis record. The probes come from LIFELINE_TEST_WORKER=prepopen, a
# hook compiled only into test builds (CMake LL_TESTS).
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/worker_lib.sh"
need sqlite3 python3

mkdir -p "$TMP/a"
lines 3 >"$TMP/a/good.log"
lines 5 >"$TMP/a/bad.log"
cp "$SRC/tests/fuzz/corpus/evtx/cc0_4720_local_user_created.evtx" "$TMP/c.evtx"
new_case
a=$(add_evidence file "$TMP/a/good.log" "$TMP/a/bad.log")
c=$(add_evidence file "$TMP/c.evtx")
good=$(find "$PWD/evidence/$a" -name good.log)
evtx=$(find "$PWD/evidence/$c" -name c.evtx)
key=$HOME/.lifeline/examiner.key
[ -f "$good" ] && [ -f "$evtx" ] && [ -f "$key" ] || fail "fixture: evidence or key not found"
sum_before=$(sha256sum "$good" "$key" | cut -d' ' -f1 | tr '\n' ' ')

# refused FILE: each probe of the hook was refused by Landlock, read and write
refused() {
	for p in "$PWD/case.db" "$key" "$2"; do
		expect_grep "^lifeline __worker: prepopen $p: read refused \(Permission denied\), write refused \(Permission denied\)$" "$TMP/err"
	done
	! grep -q OPENED "$TMP/err" || { cat "$TMP/err" >&2; fail "$1: a probe opened a file"; }
	test_count=$((test_count + 1))
}

say "the worker of bad.log probes case.db, the key and good.log"
LIFELINE_TEST_WORKER=prepopen:bad.log LIFELINE_TEST_PREPOPEN="$PWD/case.db:$key:$good" \
	expect_exit 0 --json analyze timeline --year 2024 "$a"
refused bad.log "$good"
[ "$(grep -c prepopen "$TMP/err")" -eq 3 ] || { cat "$TMP/err" >&2; fail "probes of more than bad.log's worker"; }

say "the worker of an EVTX file (libevtx opens it by name) probes the same and the other item"
LIFELINE_TEST_WORKER=prepopen:c.evtx LIFELINE_TEST_PREPOPEN="$PWD/case.db:$key:$good" \
	expect_exit 0 --json analyze timeline --year 2024 --jobs 2
refused c.evtx "$good"
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$a'")
[ "$n" -eq 8 ] || fail "item $a: $n events, expected 8"
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$c'")
[ "$n" -gt 0 ] || fail "item $c: no events"
[ "$(sha256sum "$good" "$key" | cut -d' ' -f1 | tr '\n' ' ')" = "$sum_before" ] ||
	fail "evidence or key changed"
expect_exit 0 custody verify
[ "$(sqlite3 case.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
test_count=$((test_count + 3))

say "no Landlock: the run goes on and says so once, and once per item's record"
LIFELINE_TEST_NO_LANDLOCK=1 expect_exit 0 --json analyze timeline --year 2024
[ "$(grep -c 'Landlock unavailable' "$TMP/err")" -eq 1 ] || { cat "$TMP/err" >&2; fail "not one Landlock warning on stderr"; }
expect_grep '^lifeline: warning: Landlock unavailable: turned off for a test \(LIFELINE_TEST_NO_LANDLOCK\); ' "$TMP/err"
for id in "$a" "$c"; do
	sqlite3 case.db "SELECT warnings FROM analyses WHERE evidence_id='$id' AND kind='timeline'" >"$TMP/w"
	python3 - "$TMP/w" <<'PY' || fail "item $id: the analysis record does not name Landlock once"
import json, sys
w = json.loads(open(sys.argv[1]).read())
assert sum(1 for x in w if x.startswith("Landlock unavailable: ")) == 1, w
PY
	test_count=$((test_count + 1))
done
json_get "$TMP/out" '"\n".join(w for it in d["items"] for f in it["files"] for w in f["warnings"])' >"$TMP/fw"
[ "$(grep -c '^Landlock unavailable' "$TMP/fw")" -eq 3 ] || { cat "$TMP/fw" >&2; fail "not one warning per file"; }
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$a'")
[ "$n" -eq 8 ] || fail "item $a: $n events after the run without Landlock, expected 8"
expect_exit 0 custody verify
test_count=$((test_count + 2))

say "with Landlock the record names nothing of it"
expect_exit 0 analyze timeline --year 2024
! grep -q Landlock "$TMP/err" || fail "a Landlock warning with Landlock present"
! sqlite3 case.db "SELECT warnings FROM analyses" | grep -q Landlock || fail "a Landlock warning left in a record"
test_count=$((test_count + 2))
done_testing
