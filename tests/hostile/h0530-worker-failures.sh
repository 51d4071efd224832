#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A reader worker that crashes, is killed, spins past its CPU limit, makes a
# forbidden system call (open after the lock-down) or sends a malformed
# frame in the middle of a file (issue #16): the file is listed as
# "worker-failed" with the cause, nothing it sent is stored, the item's
# other files and the other items are complete, the case stays sound
# (custody verify, PRAGMA integrity_check), and a run without the failure
# stores the file; an EVTX, an EVT and a systemd journal file (opened by
# their libraries before the lock-down) fail the same way, and the workers
# of all three open nothing after their lock-down (strace); the line-log
# failures again with --jobs 2 and 3. The failures come from LIFELINE_TEST_WORKER, a hook
# compiled only into test builds (CMake LL_TESTS).
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/worker_lib.sh"
need sqlite3 python3

mkdir -p "$TMP/a" "$TMP/b"
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

# hook, what the parent must say of it (worker_lib.sh)
segv=$worker_segv
# fails HOOK FILE ID LIKE CAUSE: the hook stops FILE (of item ID, its events LIKE), the one
# partial input, with CAUSE; nothing of it is stored; the case stays sound
JOBS=
fails() {
	worker_fails "$1" "$2" "$3" "$5" --year 2024 ${JOBS:+--jobs "$JOBS"}
	count "$3" "$4" 0
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
	"socket|tried a forbidden system call \(SIGSYS\)" \
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
nc=$n
[ "$n" -gt 0 ] || fail "evtx: no events without the hook"
test_count=$((test_count + 1))

# the same failures with workers started ahead of their turn (--jobs, analyze/worker/pool.c):
# bad.log's worker fails while the parent stores good.log, or before; same causes, same result
nc=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$c'")
for JOBS in 2 3; do
	each_hook --and "$c" "$nc" "segv|$segv" "kill|was killed by signal 9 \(Killed\)" \
		"open|tried a forbidden system call \(SIGSYS\)" \
		"badframe|worker stream: frame [0-9]+ \(WARN\) at offset [0-9]+: field 'reserved': [^;]*" \
		"badutf8|worker stream: frame [0-9]+ \(WARN\) at offset [0-9]+: field 'text': invalid UTF-8 at byte 1"
done
JOBS=

# a frame refused on arrival, while spooled (its file's turn had not come: the file before it is
# long to store), is refused again at its turn: the replay of a spool trusts its strings only
# when the arrival check refused nothing (analyze/worker/pool.c); the badutf8 hook sends a
# well-formed WARN whose text is not UTF-8
mkdir -p "$TMP/s"
lines 200000 >"$TMP/s/long.log"
lines 50 >"$TMP/s/spooled.log"
s=$(add_evidence file "$TMP/s/long.log" "$TMP/s/spooled.log")
say "hook badutf8 on a spooled file, --jobs 2"
worker_fails badutf8 spooled.log "$s" "worker stream: frame [0-9]+ \(WARN\) at offset [0-9]+: field 'text': invalid UTF-8 at byte 1" \
	--year 2024 --jobs 2
count "$s" '%spooled.log' 0
count "$s" '%long.log' 200000
expect_exit 0 analyze timeline --year 2024 --jobs 2
count "$s" '%spooled.log' 50

# a legacy EVT file (libevt, loaded in the worker, opens it before the lock-down)
mkdir -p "$TMP/evt"
python3 "$SRC/tests/data/make_evt.py" --all "$TMP/evt" >/dev/null || fail "make_evt.py"
cp "$TMP/evt/plain.evt" "$TMP/d.evt"
d=$(add_evidence file "$TMP/d.evt")
say "hook segv on an EVT file"
fails segv d.evt "$d" '%' "$segv"
count "$c" '%' "$nc"
expect_exit 0 analyze timeline --year 2024
count "$d" '%' 22

# a systemd journal, plain and gzip'd (libsystemd opens the descriptor, or the scratch file
# the worker inflates into, before the lock-down)
JR=/lib/systemd/systemd-journal-remote
[ -x "$JR" ] || JR=/usr/lib/systemd/systemd-journal-remote
e=
if [ -x "$JR" ]; then
	python3 - "$TMP/j.export" <<'PY'
import sys
out = []
for i in range(5):
    out.append("__REALTIME_TIMESTAMP=%d\n__MONOTONIC_TIMESTAMP=%d\n"
               "_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=ward1\n"
               "SYSLOG_IDENTIFIER=sshd\nMESSAGE=entry %d\n\n" % (1717236000000000 + i, 1000 + i, i))
open(sys.argv[1], "w").write("".join(out))
PY
	"$JR" -o "$TMP/e.journal" - <"$TMP/j.export" 2>"$TMP/jr.err" ||
		{ cat "$TMP/jr.err" >&2; fail "systemd-journal-remote"; }
	gzip -c "$TMP/e.journal" >"$TMP/f.journal.gz"
	e=$(add_evidence file "$TMP/e.journal" "$TMP/f.journal.gz")
	say "hook segv on a journal file, and on a gzip'd one"
	fails segv e.journal "$e" '%e.journal' "$segv"
	count "$e" '%f.journal.gz' 5
	fails segv f.journal.gz "$e" '%f.journal.gz' "$segv"
	count "$e" '%e.journal' 5
	ls -a | grep -q journal-inflate && fail "the scratch file of a failed journal worker was left"
	count "$d" '%' 22
	expect_exit 0 analyze timeline --year 2024
	count "$e" '%' 10
else
	partial "systemd-journal-remote missing: no journal worker checked"
fi

# the reader ran in a `lifeline __worker` child, not in the analysing process
if command -v strace >/dev/null 2>&1 &&
	strace -f -o /dev/null true >/dev/null 2>&1; then
	# LeakSanitizer refuses to run under ptrace: off for this one run of an ASan build
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	# the fork+exec path (no zygote: a test build's switch) execs each worker
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" LIFELINE_TEST_ZYGOTE=off \
	strace -f -e trace=execve -o "$TMP/strace" "$LIFELINE" analyze timeline "$b" --year 2024 \
		>"$TMP/out" 2>"$TMP/err" || fail "analyze timeline under strace"
	expect_grep 'execve\("/proc/self/exe", \["lifeline", "__worker", .*"--kind", "syslog"' "$TMP/strace"
	# the zygote is exec'd, the workers are asked of it
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -s 65536 -e trace=execve,sendmsg -o "$TMP/strace" "$LIFELINE" analyze timeline "$c" \
		>"$TMP/out" 2>"$TMP/err" || fail "analyze timeline of an EVTX file under strace"
	expect_grep 'execve\("/proc/self/exe", \["lifeline", "__worker", "--zygote"\]' "$TMP/strace"
	worker_started evtx "$TMP/strace"
	# the library readers' workers open nothing once the filter is in place (an open
	# would be killed: this shows none is tried, and that the EVT and journal workers ran)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -s 65536 -e trace=execve,sendmsg,open,openat,openat2,seccomp,prctl -o "$TMP/strace" \
		"$LIFELINE" analyze timeline "$c" "$d" $e >"$TMP/out" 2>"$TMP/err" ||
		fail "analyze timeline of EVTX, EVT and journal files under strace"
	for k in evtx evt ${e:+journal}; do
		worker_started "$k" "$TMP/strace"
	done
	no_open_after_lockdown "$TMP/strace"
else
	partial "strace missing or not permitted: the worker's execve not checked"
fi
# the hidden command is not listed, and refuses to run without its arguments
expect_exit 0 --help
expect_no_grep '__worker' "$TMP/out"
expect_exit 3 __worker
expect_grep 'incomplete arguments' "$TMP/err"
done_testing
