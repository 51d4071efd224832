#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A received case on read-only media (issue #14 item 15): every command that only reads works
# on a case folder that cannot be written (a truly read-only mount: no -shm, no journal, no
# lock file can be made), giving the same answers as on the original; every command that
# writes fails with exit 5 and a message that says the case cannot be written, naming it.
. "$(dirname "$0")/../cli/lib.sh"
need python3 sqlite3
[ "$(id -u)" -eq 0 ] || skip "needs root to mount a read-only file system"
MNT=$TMP/mnt
mkdir -p "$MNT"
mount -t tmpfs -o size=64m tmpfs "$MNT" 2>/dev/null || skip "cannot mount a tmpfs here"
trap 'umount "$MNT" 2>/dev/null || umount -l "$MNT" 2>/dev/null; cleanup' EXIT

new_case
printf 'Oct 10 01:58:02 srv sshd[811]: Accepted password for admin from 203.0.113.7 port 50122 ssh2\nOct 10 02:05:40 srv sudo: admin : TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/tmp/enc --all\n' >"$TMP/auth.log"
expect_exit 0 collect files "$TMP/auth.log"
expect_exit 0 analyze timeline --year 2025
expect_exit 0 analyze detect
expect_exit 0 custody add --action note --note "received from the hospital"
cd "$TMP"
cp -a "$TMP/case" "$MNT/case"
mount -o remount,ro "$MNT" || skip "cannot remount read-only"
touch "$MNT/case/x" 2>/dev/null && fail "the mount is writable"
RO=$MNT/case

# every command that only reads: exit 0 and the same output as on the writable original
i=0
for cmd in "case show" "custody log" "custody verify" "evidence list" "findings list" \
	"timeline export --format csv" "timeline export --format jsonl" \
	"timeline export --format bodyfile" "timeline export --format l2tcsv" \
	"timeline export --format mactime" "--json case show" "--json custody verify" \
	"--json evidence list" "--json findings list"; do
	i=$((i + 1))
	# shellcheck disable=SC2086
	expect_exit 0 -C "$TMP/case" $cmd
	cp "$TMP/out" "$TMP/want.$i"
	# shellcheck disable=SC2086
	expect_exit 0 -C "$RO" $cmd
	sed "s|$RO|$TMP/case|g" "$TMP/out" | cmp -s - "$TMP/want.$i" ||
		{ diff "$TMP/want.$i" "$TMP/out" >&2; fail "'$cmd' on the read-only case differs"; }
done
expect_grep 'custody ledger OK' "$TMP/want.3"
expect_exit 0 -C "$RO" custody export "$TMP/exported"
[ -f "$TMP/exported/chain.tsv" ] || fail "custody export wrote no chain.tsv"
expect_exit 0 -C "$RO" timeline export --format csv -o "$TMP/timeline.csv"
cmp -s "$TMP/timeline.csv" "$TMP/want.6" || fail "timeline export -o differs"
expect_exit 0 casefile verify --help

# every command that writes: exit 5, "cannot be written", the case named; nothing changed
sum_before=$(sha256sum "$RO/case.db" | cut -c1-64)
for cmd in "analyze timeline" "analyze detect" "analyze correlate" "collect files $TMP/auth.log" \
	"custody add --action note --note x" "evidence verify" "casefile build -o $TMP/cf"; do
	# shellcheck disable=SC2086
	expect_exit 5 -C "$RO" $cmd
	expect_grep "the case '$RO' cannot be written \\('$RO': Read-only file system\\)" "$TMP/err"
	expect_no_grep 'unable to open database file' "$TMP/err"
done
[ "$(sha256sum "$RO/case.db" | cut -c1-64)" = "$sum_before" ] || fail "case.db changed"
[ ! -e "$RO/case.db-wal" ] && [ ! -e "$RO/case.db-shm" ] || fail "WAL files appeared"

# the same case in a folder an ordinary user cannot write (chmod a-w, as "nobody": root
# ignores permissions): the reading commands work, the writing ones say why they cannot
if command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
	cp -a "$TMP/case" "$TMP/locked"
	chmod -R a+rX,a-w "$TMP/locked"
	chmod 755 "$TMP"
	as_nobody() {
		test_count=$((test_count + 1))
		set +e
		HOME=/nonexistent setpriv --reuid=nobody --regid=nogroup --clear-groups \
			"$LIFELINE" -C "$TMP/locked" "$@" >"$TMP/out" 2>"$TMP/err"
		got=$?
		set -e
	}
	for cmd in "case show" "custody log" "custody verify" "evidence list" "findings list" \
		"timeline export --format csv"; do
		# shellcheck disable=SC2086
		as_nobody $cmd
		[ "$got" -eq 0 ] || { cat "$TMP/err" >&2; fail "'$cmd' as nobody on a write-protected case exited $got"; }
	done
	as_nobody analyze timeline
	[ "$got" -eq 5 ] || { cat "$TMP/err" >&2; fail "analyze timeline as nobody exited $got, expected 5"; }
	expect_grep "the case '$TMP/locked' cannot be written \\('$TMP/locked': Permission denied\\)" "$TMP/err"
	[ ! -e "$TMP/locked/case.db-shm" ] || fail "a -shm file appeared"
	chmod -R u+w "$TMP/locked"
else
	say "no setpriv or no user nobody: the write-protected folder case is not run"
fi
done_testing
