#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The hostile ext2 on which libtsk asks for 1.4 GB (tests/data/README.md,
# ext2-dir-oom.img) read in the tsk reader's sandboxed worker (issue #16):
# its RLIMIT_AS, sized from the image (256 MiB + 1 GiB + a quarter of the
# image), stops the allocation at once; the warning and the volume's error
# name that limit; what libtsk read before is stored; the other item is
# complete and the case stays sound (custody verify, PRAGMA integrity_check).
# Sanitizer builds set no RLIMIT_AS (ASan reserves terabytes of shadow
# memory): their allocator's limit stands in, and only the limit's name is
# not checked there.
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 timeout
IMG=$SRC/tests/fuzz/corpus/tsk/ext2-dir-oom.img
[ -f "$IMG" ] || fail "no $IMG"
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=1:max_allocation_size_mb=1024
export ASAN_OPTIONS
new_case
E=$(add_evidence image "$IMG")
LOG=$TMP/auth.log
printf 'Jun  3 14:00:00 ward1 sshd[1]: Accepted password for nurse1 from 10.0.0.1 port 1 ssh2\n' >"$LOG"
L=$(add_evidence file "$LOG")

test_count=$((test_count + 1))
set +e
timeout 60 "$LIFELINE" analyze timeline --year 2024 >"$TMP/out" 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -ne 124 ] || fail "analyze timeline still running after 60 s"
[ "$rc" -eq 0 ] || { cat "$TMP/out" "$TMP/err" >&2; fail "analyze timeline exited $rc"; }
expect_grep "warning: 'evidence/$E/ext2-dir-oom.img': image at offset 0 \(sector 0\): libtsk could not allocate what this file system claims to need" "$TMP/out"
# 256 MiB + ll_tsk_guard_budget(5.4 KiB): 1 GiB + 1.4 KiB
limit="over the process's address-space limit of 1280 MiB\): hostile or damaged"
if [ "${LL_SANITIZED:-0}" = 1 ]; then
	say "sanitizer build: no RLIMIT_AS in the worker, its limit is not named (not checked)"
	expect_grep 'hostile or damaged' "$TMP/out"
else
	expect_grep "$limit" "$TMP/out"
	v=$(sqlite3 case.db "SELECT error FROM fs_volumes WHERE evidence_id='$E'")
	case $v in *"address-space limit of 1280 MiB"*) ;; *) fail "fs_volumes.error: $v" ;; esac
fi
# not a worker failure: the worker reported the volume and ended
if grep -q "worker was stopped" "$TMP/out"; then fail "the worker was stopped"; fi
n=$(sqlite3 case.db "SELECT count(*) FROM fs_entries WHERE evidence_id='$E'")
c=$(sqlite3 case.db "SELECT entries FROM fs_volumes WHERE evidence_id='$E'")
[ "$n" = "$c" ] || fail "$n entries stored, volume says $c"
s=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$L' AND source='syslog'")
[ "$s" = 1 ] || fail "syslog events beside the hostile image: $s"
expect_exit 0 custody verify
test_count=$((test_count + 1))
[ "$(sqlite3 case.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
done_testing
