#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The content probe (which reader reads a file) runs in a sandboxed worker too (issue #16):
# a probe worker that crashes on a file costs that file as "worker-failed" with the cause,
# the item's other files and the other items are read, custody verify passes; a probe
# that names a reader that does not exist, or a reader that does not read whole items for
# a disk image, is refused the same way; with --jobs 2 and 3 too. The parent opens the
# probe runs once per item (strace). The failures
# come from LIFELINE_TEST_WORKER, compiled only into test builds.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/worker_lib.sh"
need sqlite3 python3

mkdir -p "$TMP/a" "$TMP/b"
lines() { # N: N syslog lines, numbered
	seq "$1" | awk '{ printf "Mar  1 10:00:%02d ris01 sshd[10]: line %d\n", $1 % 60, $1 }'
}
lines 3 >"$TMP/a/good.log"
lines 50 >"$TMP/a/bad.log"
lines 5 >"$TMP/a/late.log"
lines 4 >"$TMP/b/other.log"
new_case
a=$(add_evidence file "$TMP/a/good.log" "$TMP/a/bad.log" "$TMP/a/late.log")
b=$(add_evidence file "$TMP/b/other.log")

count() { # ID PATTERN N
	n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$1' AND path LIKE '$2'")
	[ "$n" -eq "$3" ] || fail "$1 $2: $n events, expected $3"
	test_count=$((test_count + 1))
}

# probe_fails HOOK FILE ID CAUSE [ARG...]: the probe worker stopped on FILE: the one partial
# input, worker-failed with CAUSE (an ERE), no reader; the case stays sound
probe_fails() {
	pf_hook=$1 pf_file=$2 pf_id=$3 pf_cause=$4
	shift 4
	pf_re=$(printf %s "$pf_file" | sed 's/\./\\./g')
	LIFELINE_TEST_WORKER="$pf_hook:$pf_file" expect_exit 4 --json analyze timeline --year 2024 "$@"
	json_get "$TMP/out" '"\n".join(p["id"] + " " + p["reason"] + " " + p["path"] + ": " + p["message"] for p in d["partial"])' >"$TMP/partial"
	[ "$(wc -l <"$TMP/partial")" -eq 1 ] || { cat "$TMP/partial" >&2; fail "$pf_hook $pf_file: not exactly one partial input"; }
	expect_grep "^$pf_id worker-failed .*$pf_re: '.*$pf_re': the probe's worker was stopped: (it )?$pf_cause; nothing of this file was stored$" "$TMP/partial"
	json_get "$TMP/out" '"\n".join(str(f["reader"]) for i in d["items"] for f in i["files"] if f["path"].endswith("'"$pf_file"'"))' >"$TMP/reader"
	expect_grep '^None$' "$TMP/reader"
	expect_exit 0 custody verify
	[ "$(sqlite3 case.db 'PRAGMA integrity_check')" = ok ] || fail "$pf_hook $pf_file: integrity_check"
}

for JOBS in 1 2 3; do
	for t in "probesegv|$worker_segv" \
		"probebad|worker stream: frame [0-9]+ \(FILE\)[^;]*|probe answer: no reader 'nosuch'"; do
		hook=${t%%|*}
		say "hook $hook, --jobs $JOBS"
		probe_fails "$hook" bad.log "$a" "(${t#*|})" --jobs "$JOBS"
		count "$a" '%bad.log' 0
		count "$a" '%good.log' 3
		count "$a" '%late.log' 5
		count "$b" '%' 4
	done
done

# a disk image's probe may only name a reader of whole items
IMG="$SRC/tests/fuzz/corpus/tsk/fat12.img"
if [ -f "$IMG" ]; then
	cp "$IMG" "$TMP/disk.img"
	c=$(add_evidence image "$TMP/disk.img")
	say "hook probepart on a disk image"
	LIFELINE_TEST_WORKER="probepart:disk.img" expect_exit 4 --json analyze timeline --year 2024
	expect_grep "worker-failed" "$TMP/out"
	json_get "$TMP/out" '"\n".join(p["message"] for p in d["partial"])' >"$TMP/partial"
	expect_grep "'.*disk\.img': the probe's worker was stopped: .*'syslog' does not read whole items; nothing of this file was stored$" "$TMP/partial"
	count "$b" '%' 4
	expect_exit 0 custody verify
fi

# without a hook everything is read, and by the same readers as in-process (LIFELINE_NO_WORKERS)
expect_exit 0 --json analyze timeline --year 2024
json_get "$TMP/out" '"\n".join(str(f["reader"]) for i in d["items"] for f in i["files"])' >"$TMP/readers.w"
count "$a" '%bad.log' 50
LIFELINE_NO_WORKERS=1 expect_exit 0 --json analyze timeline --year 2024
json_get "$TMP/out" '"\n".join(str(f["reader"]) for i in d["items"] for f in i["files"])' >"$TMP/readers.p"
cmp -s "$TMP/readers.w" "$TMP/readers.p" || fail "the probe worker picked other readers than the in-process picker"
test_count=$((test_count + 1))

# the probe ran in a `lifeline __worker --probe` child, one per item
if command -v strace >/dev/null 2>&1 && strace -f -qq -o /dev/null true 2>/dev/null; then
	# LeakSanitizer's check at exit traces the process, which strace already does
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -qq -e trace=execve -o "$TMP/strace" "$LIFELINE" analyze timeline --year 2024 \
		>/dev/null 2>&1 || fail "analyze timeline under strace"
	n=$(grep -c 'execve("/proc/self/exe", \["lifeline", "__worker", "--probe"' "$TMP/strace")
	[ "$n" -eq "$(sqlite3 case.db 'SELECT count(*) FROM evidence')" ] || fail "$n probe workers, not one per item"
	test_count=$((test_count + 1))
else
	partial "strace missing or not permitted: the probe workers not counted"
fi
done_testing
