#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A hostile ext2 (5.4 KiB) on which libtsk 4.11.1 asks for 1.4 GB and zeroes
# it (2.8 GB and ~70 s in fls): `analyze timeline` must end quickly, keep
# what it read, and say which file system it gave up on.
. "$(dirname "$0")/lib.sh"
need sqlite3 timeout
IMG=$SRC/tests/fuzz/corpus/tsk/ext2-dir-oom.img
[ -f "$IMG" ] || fail "no $IMG"
# sanitizer builds skip the address-space cap; their allocator limit stands in
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=1:max_allocation_size_mb=1024
export ASAN_OPTIONS
new_case
E=$(add_evidence image "$IMG")

test_count=$((test_count + 1))
set +e
timeout 60 "$LIFELINE" analyze timeline >"$TMP/out" 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -ne 124 ] || fail "analyze timeline still running after 60 s"
[ "$rc" -eq 0 ] || { cat "$TMP/err" >&2; fail "analyze timeline exited $rc"; }
expect_grep "warning: 'evidence/$E/ext2-dir-oom.img': image at offset 0 \(sector 0\): libtsk could not allocate" "$TMP/out"
expect_grep 'hostile or damaged' "$TMP/out"

# the warning is kept with the analysis, the volume says why it is partial
w=$(sqlite3 case.db "SELECT warnings FROM analyses WHERE evidence_id='$E' AND kind='timeline'")
case $w in *"libtsk could not allocate"*) ;; *) fail "analysis warnings: $w" ;; esac
v=$(sqlite3 case.db "SELECT fs_type || ' ' || (error LIKE '%hostile or damaged%') FROM fs_volumes WHERE evidence_id='$E'")
[ "$v" = "ext2 1" ] || fail "fs_volumes: $v"
# what libtsk read before giving up is stored, and matches its entry count
n=$(sqlite3 case.db "SELECT count(*) FROM fs_entries WHERE evidence_id='$E'")
c=$(sqlite3 case.db "SELECT entries FROM fs_volumes WHERE evidence_id='$E'")
[ "$n" = "$c" ] || fail "$n entries stored, volume says $c"

# the cap is lifted after the walk: the same run goes on to other items
LOG=$TMP/auth.log
printf 'Jun  3 14:00:00 ward1 sshd[1]: Accepted password for nurse1 from 10.0.0.1 port 1 ssh2\n' >"$LOG"
L=$(add_evidence file "$LOG")
expect_exit 0 analyze timeline --year 2024
s=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$L' AND source='syslog'")
[ "$s" = 1 ] || fail "syslog events after the hostile image: $s"
done_testing
