#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A Windows file system names its host (issues 17 item 1, 19 item 4): the
# ComputerName of Windows/System32/config/SYSTEM, of the control set
# Select\Current names, read by the disk-image worker from the hive's cells,
# is the image's own name, with /etc/hostname's precedence and conflicts.
# The hive is make_hives.sh's SYSTEM (regfexport the oracle of its name:
# ControlSet002 says FS03, the stale ControlSet001 OLDNAME), written into an
# NTFS image (mkntfs, ntfs-3g) and, in lower case, a FAT one (mtools).
. "$(dirname "$0")/lib.sh"
need python3 sqlite3 regfexport hivexsh mkntfs ntfs-3g mkfs.vfat mmd mcopy fls
PATH=$PATH:/usr/sbin:/sbin
sh "$SRC/tests/data/make_hives.sh" "$SRC" "$TMP/h" >"$TMP/make.log" 2>&1 ||
	{ cat "$TMP/make.log" >&2; fail "fixture: make_hives.sh"; }
want=$(python3 "$SRC/tests/cli/regf_oracle.py" value "$TMP/h/SYSTEM" 'TestKey\ControlSet002\Control\ComputerName\ComputerName' ComputerName)
[ "$want" = FS03 ] || fail "oracle: regfexport names '$want'"

say "fixtures: an NTFS image (ntfs-3g) and a FAT one (mtools) holding the hive"
truncate -s 16M "$TMP/ntfs.img"
mkntfs -F -Q -q "$TMP/ntfs.img" >/dev/null 2>&1 || fail "fixture: mkntfs"
mkdir "$TMP/mnt"
ntfs-3g "$TMP/ntfs.img" "$TMP/mnt" || fail "fixture: ntfs-3g mount (FUSE)"
ok=1
mkdir -p "$TMP/mnt/Windows/System32/config" && cp "$TMP/h/SYSTEM" "$TMP/h/SOFTWARE" "$TMP/mnt/Windows/System32/config/" || ok=0
umount "$TMP/mnt" || fusermount -u "$TMP/mnt" || fail "fixture: umount"
[ $ok = 1 ] || fail "fixture: copying the hive into the NTFS image"
fls -r -p "$TMP/ntfs.img" >"$TMP/fls" || fail "fls on the NTFS image"
expect_grep 'Windows/System32/config/SYSTEM$' "$TMP/fls"
mkfs.vfat -C "$TMP/fat.img" 8192 >/dev/null || fail "fixture: mkfs.vfat"
for d in windows windows/system32 windows/system32/config; do
	MTOOLS_SKIP_CHECK=1 mmd -i "$TMP/fat.img" "::/$d" || fail "fixture: mmd $d"
done
MTOOLS_SKIP_CHECK=1 mcopy -i "$TMP/fat.img" "$TMP/h/SYSTEM" ::/windows/system32/config/system ||
	fail "fixture: mcopy"
# an image whose hive names no host: a SOFTWARE hive in SYSTEM's place
truncate -s 16M "$TMP/nohost.img"
mkntfs -F -Q -q "$TMP/nohost.img" >/dev/null 2>&1 || fail "fixture: mkntfs"
ntfs-3g "$TMP/nohost.img" "$TMP/mnt" || fail "fixture: ntfs-3g mount (FUSE)"
ok=1
mkdir -p "$TMP/mnt/Windows/System32/config" && cp "$TMP/h/SOFTWARE" "$TMP/mnt/Windows/System32/config/SYSTEM" || ok=0
umount "$TMP/mnt" || fusermount -u "$TMP/mnt" || fail "fixture: umount"
[ $ok = 1 ] || fail "fixture: copying into the second NTFS image"

new_case
expect_exit 0 collect image "$TMP/ntfs.img" --format raw --exhibit EXH-N
expect_exit 0 collect image "$TMP/fat.img" --format raw --exhibit EXH-F
expect_exit 0 collect image "$TMP/ntfs.img" --format raw --exhibit EXH-H --host FILESRV02
expect_exit 0 collect image "$TMP/ntfs.img" --format raw --exhibit EXH-S --host fs03.offsec.lan
expect_exit 0 collect image "$TMP/nohost.img" --format raw --exhibit EXH-X
expect_exit 0 analyze timeline
cp "$TMP/err" "$TMP/err1"
q() { sqlite3 case.db "$1"; }
for id in EXH-N EXH-F EXH-H EXH-S; do
	test_count=$((test_count + 1))
	[ "$(q "SELECT group_concat(hostname) FROM fs_volumes WHERE evidence_id = '$id'")" = FS03 ] ||
		fail "$id: the volume's own name is not FS03 (Select\\Current's control set)"
done
for id in EXH-N EXH-F; do
	test_count=$((test_count + 1))
	[ "$(q "SELECT count(*) FROM events WHERE evidence_id = '$id' AND (host IS NOT 'FS03' OR host_from IS NOT 'image')")" -eq 0 ] ||
		fail "$id: events without the image's host FS03"
done
test_count=$((test_count + 1))
[ "$(q "SELECT count(*) FROM events WHERE evidence_id = 'EXH-X' AND host IS NOT NULL")" -eq 0 ] ||
	fail "EXH-X: a host from a hive that names none"
# --host first; a different name is a conflict, a longer name of the same host is not
test_count=$((test_count + 1))
[ "$(q "SELECT DISTINCT host || '/' || host_from FROM events WHERE evidence_id = 'EXH-H'")" = FILESRV02/--host ] ||
	fail "EXH-H: --host not first"
expect_grep "warning: .*host conflict: EXH-H: collect --host .* names 'FILESRV02', the image's own name \(/etc/hostname, or the SYSTEM hive's ComputerName\) \(file system at offset 0\) names 'FS03'" "$TMP/err1"
expect_no_grep "host conflict: EXH-(N|F|S|X)" "$TMP/err1"
expect_no_grep "OLDNAME" "$TMP/err1"
test_count=$((test_count + 1))
[ "$(q "SELECT count(*) FROM fs_volumes WHERE hostname = 'OLDNAME'")" -eq 0 ] || fail "the stale control set's name was used"
done_testing
