# SPDX-License-Identifier: Apache-2.0
# Helpers of the hostile tests of reader workers (h0530, h0532); sourced after tests/cli/lib.sh.

# What the parent says of a worker's crash. Under ASan the sanitizer's SEGV handler makes system
# calls to write its report (stderr, /proc/self/maps) that the filter refuses, so the crash
# arrives as SIGSYS there.
worker_segv="crashed \(Segmentation fault\)"
[ "${LL_SANITIZED:-0}" = 1 ] && worker_segv="(crashed \(Segmentation fault\)|tried a forbidden system call \(SIGSYS\))"

# worker_fails HOOK FILE ID CAUSE [ARG...]: `analyze timeline ARG...` with the test hook HOOK
# stopping the worker of FILE (of item ID) exits 4 with that file as the one partial input,
# "worker-failed" with CAUSE (an ERE); the case stays sound (custody verify, integrity_check).
worker_fails() {
	wf_hook=$1 wf_file=$2 wf_id=$3 wf_cause=$4
	shift 4
	wf_re=$(printf %s "$wf_file" | sed 's/\./\\./g')
	LIFELINE_TEST_WORKER="$wf_hook:$wf_file" expect_exit 4 --json analyze timeline "$@"
	json_get "$TMP/out" '"\n".join(p["id"] + " " + p["reason"] + " " + p["path"] + ": " + p["message"] for p in d["partial"])' >"$TMP/partial"
	[ "$(wc -l <"$TMP/partial")" -eq 1 ] || { cat "$TMP/partial" >&2; fail "$wf_hook $wf_file: not exactly one partial input"; }
	expect_grep "^$wf_id worker-failed .*$wf_re: '.*$wf_re': the reader's worker was stopped: (it )?$wf_cause; nothing of this file was stored$" "$TMP/partial"
	expect_exit 0 custody verify
	[ "$(sqlite3 case.db 'PRAGMA integrity_check')" = ok ] || fail "$wf_hook $wf_file: integrity_check"
}

# worker_started KIND LOG: the `strace -f -s 65536 -e trace=execve,sendmsg,…` LOG shows a worker
# of KIND started: asked of the zygote (its request's argv, NUL-separated, in a sendmsg) or, on
# the fork+exec path, exec'd.
worker_started() {
	if grep -Eq 'sendmsg\(.*\\0__worker\\0.*\\0--kind\\0'"$1"'\\0' "$2"; then
		test_count=$((test_count + 1))
	else
		expect_grep 'execve\("/proc/self/exe", \["lifeline", "__worker", .*"--kind", "'"$1"'"' "$2"
	fi
}

# no_open_after_lockdown LOG [N]: in the `strace -f -e trace=…,open,openat,openat2,seccomp,prctl`
# LOG no process opens anything after it loaded its seccomp filter (an open would be killed: this
# shows none is tried), and some process loaded one (exactly N when given).
no_open_after_lockdown() {
	python3 - "$1" "${2:-0}" >"$TMP/opens" <<'PY' || { cat "$TMP/opens" >&2; fail "a worker opened a file after its lock-down"; }
import re, sys
locked, late = set(), []
for line in open(sys.argv[1]):
    m = re.match(r"(\d+)\s+(.*)", line)
    if not m:
        continue
    pid, call = m.groups()
    # the load itself (a program, not libseccomp's NULL probes), also when strace splits
    # the call (<unfinished ...>) between two processes' lines
    if re.match(r"(seccomp\(SECCOMP_SET_MODE_FILTER, [^,]*, \{len=|prctl\(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)", call):
        locked.add(pid)
    elif pid in locked and re.match(r"open(at2?)?\(", call):
        late.append(line.strip())
print("%d workers locked down, %d opens after" % (len(locked), len(late)))
print("\n".join(late))
want = int(sys.argv[2])
sys.exit(1 if late or not locked or (want and len(locked) != want) else 0)
PY
	test_count=$((test_count + 1))
}

# lines N: N syslog lines (a line log for the line-log workers)
lines() {
	i=1
	while [ "$i" -le "$1" ]; do
		printf 'Mar  1 10:00:%02d ris01 sshd[10]: line %d\n' "$((i % 60))" "$i"
		i=$((i + 1))
	done
}
