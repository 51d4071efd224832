#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The check before reading of an E01 (section chains, libewf, every chunk,
# the media hashes) runs in a sandboxed worker, `lifeline __check` (issue
# #16): a check worker that crashes or sends a malformed frame leaves the
# E01 unchecked. The item is then listed as "check-failed" with the cause,
# its E01 is not read (no event of it stored), the other items are complete,
# the run exits 4 and the case stays sound; without the failure the same
# items are checked and read (exit 0). Both workers fail so: an E01 set
# collected as files (mode "ewf") and an E01 image's media hashes (mode
# "media"). The failures come from LIFELINE_TEST_CHECK, a hook compiled
# only into test builds (CMake LL_TESTS).
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/worker_lib.sh"
need mkfs.ext4 sqlite3 python3

mkdir -p "$TMP/tree/d"
for i in $(seq 1 40); do echo "record $i" >"$TMP/tree/d/r$i.txt"; done
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/disk.raw" 4M >/dev/null
printf '%s\n' 'Mar  1 10:00:00 ris01 sshd[10]: Accepted password for radiology from 10.1.2.3 port 5000 ssh2' \
	'Mar  1 10:00:09 ris01 cron[7]: job done' >"$TMP/auth.log"

new_case
expect_exit 0 collect image "$TMP/disk.raw" --format e01 --exhibit EWF
cp case/evidence/EWF/EWF.E01 "$TMP/set.E01" 2>/dev/null || cp evidence/EWF/EWF.E01 "$TMP/set.E01"
SET=$(add_evidence file "$TMP/set.E01")
LOG=$(add_evidence file "$TMP/auth.log")
expect_exit 0 --json analyze timeline --year 2024
[ "$(json_get "$TMP/out" 'd["complete"]')" = True ] || fail "intact items not complete"

events() { # ID: its events
	sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$1'"
}
[ "$(events EWF)" -gt 0 ] || fail "EWF: no events when intact"
[ "$(events "$SET")" -gt 0 ] || fail "$SET: no events when intact"

# hook ID CAUSE MESSAGE: LIFELINE_TEST_CHECK=hook fails the check of ID (the one partial
# input, check-failed, MESSAGE then CAUSE, EREs); none of its events stored, the log's are
hook() {
	LIFELINE_TEST_CHECK=$1 expect_exit 4 --json analyze timeline "$2" "$LOG" --year 2024
	json_get "$TMP/out" '"\n".join(p["id"] + " " + p["reason"] + " " + str(p.get("unreadable", False)) + " " + p["path"] + ": " + p["message"] for p in d["partial"])' >"$TMP/partial"
	[ "$(wc -l <"$TMP/partial")" -eq 1 ] || { cat "$TMP/partial" >&2; fail "$1 $2: not exactly one partial input"; }
	expect_grep "^$2 check-failed True .*\\.E01: $4the check worker failed: (it )?$3" "$TMP/partial"
	[ "$(events "$2")" -eq 0 ] || fail "$1 $2: $(events "$2") events stored from an unchecked E01"
	[ "$(events "$LOG")" -eq 2 ] || fail "$1 $2: the log's events"
	expect_exit 0 custody verify
	[ "$(sqlite3 case.db 'PRAGMA integrity_check')" = ok ] || fail "$1 $2: integrity_check"
}
say "the set's check worker crashes"
hook segv "$SET" "$worker_segv; not read$" "'.*set\\.E01': the container was not checked: "
say "the set's check worker sends a malformed frame"
hook badframe "$SET" "worker stream: .*" "'.*set\\.E01': the container was not checked: "
say "the image's media worker crashes"
hook segv EWF "$worker_segv" "the image: the media cannot be read back: "
say "the image's media worker sends a malformed frame"
hook badframe EWF "worker stream: .*" "the image: the media cannot be read back: "
say "the set's check worker gives a reason no check gives"
hook lie "$SET" "check worker: reason 'refused'; not read$" "'.*set\\.E01': the container was not checked: "
say "the image's media worker sends hashes that are not hashes"
hook lie EWF "check worker: media hashes '1 0123 x': not SIZE MD5 SHA1 SHA256$" "the image: the media cannot be read back: "

# `evidence verify` hashes an E01 image's media in the same worker: its crash is the media's
# problem, named, in a signed verify entry; without the hook the item verifies
say "evidence verify: the image's media worker crashes"
LIFELINE_TEST_CHECK=segv expect_exit 1 --json evidence verify EWF
expect_grep "the check worker failed|crashed|SIGSYS" "$TMP/out"
expect_exit 0 custody verify
expect_exit 0 evidence verify EWF

# without the hook, all is read again
expect_exit 0 --json analyze timeline --year 2024
[ "$(json_get "$TMP/out" 'd["complete"]')" = True ] || fail "not complete again"
[ "$(events EWF)" -gt 0 ] || fail "EWF: no events again"
[ "$(events "$SET")" -gt 0 ] || fail "$SET: no events again"
expect_exit 3 __check
expect_grep "incomplete arguments" "$TMP/err"
done_testing
