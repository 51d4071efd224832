#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Disk full (issue #14 item 17). When the case's file system fills up, lifeline says so —
# "no space left on the file system of the case", naming the folder and the file — and exits
# 5, instead of "cannot commit - no transaction is active"; and it leaves the case consistent:
# nothing half-recorded (no custody entry or analysis record claiming work that was rolled
# back), the ledger verifies, and the next command works once there is room. Covers analysis
# (analyze timeline, the big writer) and collection (files copied, a database that is full).
. "$(dirname "$0")/../cli/lib.sh"
need python3 sqlite3
[ "$(id -u)" -eq 0 ] || skip "needs root to mount a small file system"
MNT=$TMP/mnt
mkdir -p "$MNT"
mount -t tmpfs -o size=3m tmpfs "$MNT" 2>/dev/null || skip "cannot mount a tmpfs here"
trap 'umount "$MNT" 2>/dev/null || umount -l "$MNT" 2>/dev/null; cleanup' EXIT

python3 - "$TMP/big.log" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(12000):
        f.write("Oct 10 01:%02d:%02d srv sshd[%d]: Accepted password for user%d from 10.0.%d.%d port %d ssh2\n"
                % (i // 60 % 60, i % 60, i, i, i % 250, i % 200, 1000 + i))
PY
# 1. analysis fills the disk
new_case "$MNT/case"
expect_exit 0 collect files "$TMP/big.log"
# the --min-free guard stops first, before the item is read ...
expect_exit 5 analyze timeline --year 2025
expect_grep "less than the --min-free" "$TMP/err"
[ "$(sqlite3 "$MNT/case/case.db" 'SELECT count(*) FROM events')" = 0 ] || fail "events despite --min-free"
# ... without it the file system itself fills (another writer may take the space)
expect_exit 5 analyze timeline --year 2025 --min-free 0
expect_grep "no space left on the file system of the case \\('$MNT/case', holding '$MNT/case/case.db'\\)" "$TMP/err"
expect_no_grep 'no transaction is active' "$TMP/err"
expect_exit 0 custody verify
expect_exit 0 custody log
expect_no_grep 'analyze' "$TMP/out"
expect_exit 0 timeline export --format csv
expect_grep '^0 rows written' "$TMP/err"
[ "$(sqlite3 "$MNT/case/case.db" 'SELECT count(*) FROM events')" = 0 ] ||
	fail "events of the rolled-back analysis remain"
[ "$(sqlite3 "$MNT/case/case.db" 'SELECT count(*) FROM analyses')" = 0 ] ||
	fail "an analysis record claims the rolled-back analysis"
# with room again, the same analysis runs
cd "$TMP"
umount "$MNT"
mount -t tmpfs -o size=64m tmpfs "$MNT"
new_case "$MNT/case"
expect_exit 0 collect files "$TMP/big.log"
expect_exit 0 analyze timeline --year 2025 --min-free 1M
expect_grep '12000 events' "$TMP/out"

# 2. collect files into a full disk: the copy fails
cd "$TMP"
umount "$MNT"
mount -t tmpfs -o size=3m tmpfs "$MNT"
head -c 4000000 /dev/urandom >"$TMP/big.bin"
new_case "$MNT/case"
expect_exit 5 collect files "$TMP/big.bin"
expect_grep "cannot write '$MNT/case/evidence/E1/files/big.bin': No space left on device" "$TMP/err"
expect_exit 0 custody verify

# 3. the database itself cannot grow (collect files, collect image): said as such, and no
# empty evidence folder is left behind to block the next item
cd "$TMP"
umount "$MNT"
mount -t tmpfs -o size=1m tmpfs "$MNT"
new_case "$MNT/case"
expect_exit 5 collect files "$TMP/big.log"
expect_grep "no space left on the file system of the case \\('$MNT/case'" "$TMP/err"
[ ! -e "$MNT/case/evidence/E1" ] || fail "collect files left evidence/E1 behind"
expect_exit 5 collect image "$TMP/big.bin"
expect_grep "no space left on the file system of the case \\('$MNT/case'" "$TMP/err"
[ ! -e "$MNT/case/evidence/E1" ] || fail "collect image left evidence/E1 behind"
expect_exit 0 custody verify
expect_exit 0 evidence list
done_testing
