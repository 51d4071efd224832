#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A reader worker that crashes, is killed, spins past its CPU limit, makes a
# forbidden system call (open after the lock-down) or sends a malformed
# frame in the middle of a file (issue #16): the file is listed as
# "worker-failed" with the cause, nothing it sent is stored, the item's
# other files and the other items are complete, the case stays sound
# (custody verify, PRAGMA integrity_check), and a run without the failure
# stores the file; an EVTX file (opened by libevtx before the lock-down)
# fails the same way; and so do they with --jobs 2 and 3. The failures come from LIFELINE_TEST_WORKER, a hook
# compiled only into test builds (CMake LL_TESTS).
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3

mkdir -p "$TMP/a" "$TMP/b"
lines() { # N: N syslog lines
	i=1
	while [ "$i" -le "$1" ]; do
		printf 'Mar  1 10:00:%02d ris01 sshd[10]: line %d\n' "$((i % 60))" "$i"
		i=$((i + 1))
	done
}
lines 3 >"$TMP/a/good.log"
lines 50 >"$TMP/a/bad.log"
lines 4 >"$TMP/b/other.log"
new_case
a=$(add_evidence file "$TMP/a/good.log" "$TMP/a/bad.log")
b=$(add_evidence file "$TMP/b/other.log")

count() { # ID PATTERN N
	n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$1' AND path LIKE '$2'")
	[ "$n" -eq "$3" ] || fail "$1 $2: $n events, expected $3"
	test_count=$((test_count + 1))
}

# hook, what the parent must say of it. Under ASan the sanitizer's SEGV handler makes system
# calls to write its report (stderr, /proc/self/maps) that the filter refuses, so the crash
# arrives as SIGSYS there.
segv="crashed \(Segmentation fault\)"
[ "${LL_SANITIZED:-0}" = 1 ] && segv="(crashed \(Segmentation fault\)|tried a forbidden system call \(SIGSYS\))"
# fails HOOK FILE ID LIKE CAUSE: the hook stops FILE (of item ID, its events LIKE), the one
# partial input, with CAUSE; nothing of it is stored; the case stays sound
JOBS=
fails() {
	re=$(printf %s "$2" | sed 's/\./\\./g')
	LIFELINE_TEST_WORKER="$1:$2" expect_exit 4 --json analyze timeline --year 2024 ${JOBS:+--jobs "$JOBS"}
	json_get "$TMP/out" '"\n".join(p["id"] + " " + p["reason"] + " " + p["path"] + ": " + p["message"] for p in d["partial"])' >"$TMP/partial"
	[ "$(wc -l <"$TMP/partial")" -eq 1 ] || { cat "$TMP/partial" >&2; fail "$1 $2: not exactly one partial input"; }
	expect_grep "^$3 worker-failed .*$re: '.*$re': the reader's worker was stopped: (it )?$5; nothing of this file was stored$" "$TMP/partial"
	count "$3" "$4" 0
	expect_exit 0 custody verify
	[ "$(sqlite3 case.db 'PRAGMA integrity_check')" = ok ] || fail "$1 $2: integrity_check"
}
# each_hook [--and C N] HOOK|CAUSE...: each hook fails bad.log; good.log and item b (and C's N) stored
each_hook() {
	cid= cn=
	[ "$1" = "--and" ] && { cid=$2 cn=$3; shift 3; }
	for t in "$@"; do
		hook=${t%%|*}
		say "hook $hook${JOBS:+, --jobs $JOBS}"
		fails "$hook" bad.log "$a" '%bad.log' "${t#*|}"
		count "$a" '%good.log' 3
		count "$b" '%' 4
		[ -z "$cid" ] || count "$cid" '%' "$cn"
	done
}
each_hook "segv|$segv" \
	"kill|was killed by signal 9 \(Killed\)" \
	"spin|reached its CPU time limit \\([0-9]+ s of CPU time used\\)" \
	"open|tried a forbidden system call \(SIGSYS\)" \
	"badframe|worker stream: frame [0-9]+ \(WARN\) at offset [0-9]+: field 'reserved': [^;]*"
# the events before the failure were sent: the badframe run stored none of them
# (checked above); a run without the hook reads the file whole
expect_exit 0 analyze timeline --year 2024
count "$a" '%bad.log' 50
count "$a" '%good.log' 3
expect_exit 0 custody verify

# an EVTX file (libevtx opens it before the lock-down) fails the same way
cp "$SRC/tests/fuzz/corpus/evtx/cc0_4720_local_user_created.evtx" "$TMP/c.evtx"
c=$(add_evidence file "$TMP/c.evtx")
say "hook segv on an EVTX file"
fails segv c.evtx "$c" '%' "$segv"
count "$a" '%bad.log' 50
count "$b" '%' 4
expect_exit 0 analyze timeline --year 2024
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$c'")
[ "$n" -gt 0 ] || fail "evtx: no events without the hook"
test_count=$((test_count + 1))

# the same failures with workers started ahead of their turn (--jobs, analyze/worker/pool.c):
# bad.log's worker fails while the parent stores good.log, or before; same causes, same result
nc=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$c'")
for JOBS in 2 3; do
	each_hook --and "$c" "$nc" "segv|$segv" "kill|was killed by signal 9 \(Killed\)" \
		"open|tried a forbidden system call \(SIGSYS\)" \
		"badframe|worker stream: frame [0-9]+ \(WARN\) at offset [0-9]+: field 'reserved': [^;]*"
done
JOBS=

# the reader ran in a `lifeline __worker` child, not in the analysing process
if command -v strace >/dev/null 2>&1 &&
	strace -f -o /dev/null true >/dev/null 2>&1; then
	# LeakSanitizer refuses to run under ptrace: off for this one run of an ASan build
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -e trace=execve -o "$TMP/strace" "$LIFELINE" analyze timeline "$b" --year 2024 \
		>"$TMP/out" 2>"$TMP/err" || fail "analyze timeline under strace"
	expect_grep 'execve\("/proc/self/exe", \["lifeline", "__worker", .*"--kind", "syslog"' "$TMP/strace"
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -e trace=execve -o "$TMP/strace" "$LIFELINE" analyze timeline "$c" \
		>"$TMP/out" 2>"$TMP/err" || fail "analyze timeline of an EVTX file under strace"
	expect_grep 'execve\("/proc/self/exe", \["lifeline", "__worker", .*"--kind", "evtx"' "$TMP/strace"
else
	partial "strace missing or not permitted: the worker's execve not checked"
fi
# the hidden command is not listed, and refuses to run without its arguments
expect_exit 0 --help
expect_no_grep '__worker' "$TMP/out"
expect_exit 3 __worker
expect_grep 'incomplete arguments' "$TMP/err"
done_testing
