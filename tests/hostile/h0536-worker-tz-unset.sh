#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A machine without TZ in the environment (most login shells, cron, systemd
# units): glibc then stats /etc/localtime on every mktime, which libtsk calls
# for each FAT time, and the locked-down image worker was killed (SIGSYS) on
# the first one: nothing of a FAT image was stored. The worker now names its
# zone before the lock-down. The image reads the same with TZ unset, TZ=UTC
# and TZ=Europe/Paris (the times are lifeline's, not the machine's), and
# `fls` sees every file lifeline stored.
. "$(dirname "$0")/../cli/lib.sh"
PATH=$PATH:/usr/sbin:/sbin
need mkfs.vfat mcopy fls sqlite3

dd if=/dev/zero of="$TMP/fat.img" bs=1M count=8 2>/dev/null
mkfs.vfat -n TZTEST "$TMP/fat.img" >/dev/null
for n in 1 2 3; do
	printf 'file %s\n' "$n" >"$TMP/f$n.txt"
	mcopy -m -i "$TMP/fat.img" "$TMP/f$n.txt" "::/F$n.TXT"
done
files=$(fls -r -p "$TMP/fat.img" | grep -c 'F[0-9]\.TXT')
[ "$files" -eq 3 ] || fail "fixture: fls lists $files of the 3 files"

for zone in unset UTC Europe/Paris; do
	z=$(printf '%s' "$zone" | tr / _)
	new_case "$TMP/case.$z"
	add_evidence file "$TMP/fat.img" >/dev/null
	test_count=$((test_count + 1))
	set +e
	if [ "$zone" = unset ]; then
		env -u TZ "$LIFELINE" analyze timeline >"$TMP/out" 2>&1
	else
		env TZ="$zone" "$LIFELINE" analyze timeline >"$TMP/out" 2>&1
	fi
	rc=$?
	set -e
	[ "$rc" -eq 0 ] || { cat "$TMP/out" >&2; fail "TZ $zone: analyze timeline exited $rc"; }
	expect_no_grep 'SIGSYS|worker-failed' "$TMP/out"
	sqlite3 case.db "SELECT time_ns, time_desc, path FROM events WHERE path LIKE '%F_.TXT' ORDER BY 1, 2, 3" \
		>"$TMP/rows.$z" || fail "sqlite3 failed"
	n=$(cut -d'|' -f3 "$TMP/rows.$z" | sort -u | wc -l)
	test_count=$((test_count + 1))
	[ "$n" -eq "$files" ] || fail "TZ $zone: lifeline stored times of $n files, fls lists $files"
	cd "$TMP"
done
expect_same "$TMP/rows.UTC" "$TMP/rows.unset" "times with TZ unset differ from TZ=UTC"
expect_same "$TMP/rows.UTC" "$TMP/rows.Europe_Paris" "times with TZ=Europe/Paris differ from TZ=UTC"
say "a FAT image reads the same with TZ unset, UTC and Europe/Paris"
