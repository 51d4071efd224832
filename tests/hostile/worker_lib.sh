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

# lines N: N syslog lines (a line log for the line-log workers)
lines() {
	i=1
	while [ "$i" -le "$1" ]; do
		printf 'Mar  1 10:00:%02d ris01 sshd[10]: line %d\n' "$((i % 60))" "$i"
		i=$((i + 1))
	done
}
