#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Registry hives inside a disk image (issue #19 items 4 and 7): the image
# reader reads Windows/System32/config/SYSTEM and SOFTWARE and every
# profile's NTUSER.DAT (Users/<name>/) from the walked NTFS file system,
# nothing extracted, and gives the same events as the loose reader on the
# same files (which t2700 checks against regfexport and hivexml): same
# times, messages, facts and attributes, with the path in the file system
# and a locator part_offset=…;inode=…;hive=<path>;key=… whose inode is the
# one fls lists for that path. Every key regfexport lists is there. A hive
# elsewhere (a copy in /backup, an NTUSER.DAT deeper in a profile) is not
# read as one; a profile name with ';' is escaped in the locator. Read
# in-process (a test build's LIFELINE_NO_WORKERS), the same events.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3 regfexport hivexsh mkntfs ntfs-3g fls
PATH=$PATH:/usr/sbin:/sbin
sh "$SRC/tests/data/make_hives.sh" "$SRC" "$TMP/h" >"$TMP/make.log" 2>&1 ||
	{ cat "$TMP/make.log" >&2; fail "fixture: make_hives.sh"; }

say "fixture: an NTFS image (ntfs-3g) holding the hives where Windows keeps them"
truncate -s 24M "$TMP/ntfs.img"
mkntfs -F -Q -q "$TMP/ntfs.img" >/dev/null 2>&1 || fail "fixture: mkntfs"
mkdir "$TMP/mnt"
ntfs-3g "$TMP/ntfs.img" "$TMP/mnt" || fail "fixture: ntfs-3g mount (FUSE)"
ok=1
{
	mkdir -p "$TMP/mnt/Windows/System32/config" "$TMP/mnt/Users/alice" \
		"$TMP/mnt/Users/b;ob=x/Desktop" "$TMP/mnt/backup" &&
	cp "$TMP/h/SYSTEM" "$TMP/h/SOFTWARE" "$TMP/mnt/Windows/System32/config/" &&
	cp "$TMP/h/NTUSER.DAT" "$TMP/mnt/Users/alice/NTUSER.DAT" &&
	cp "$TMP/h/NTUSER.DAT" "$TMP/mnt/Users/b;ob=x/ntuser.dat" &&
	cp "$TMP/h/NTUSER.DAT" "$TMP/mnt/Users/b;ob=x/Desktop/NTUSER.DAT" &&
	cp "$TMP/h/SYSTEM" "$TMP/mnt/backup/SYSTEM"
} || ok=0
umount "$TMP/mnt" || fusermount -u "$TMP/mnt" || fail "fixture: umount"
[ $ok = 1 ] || fail "fixture: copying the hives into the NTFS image"
fls -r -p "$TMP/ntfs.img" >"$TMP/fls" || fail "fls on the NTFS image"

new_case
S=$(add_evidence file "$TMP/h/SYSTEM")
W=$(add_evidence file "$TMP/h/SOFTWARE")
U=$(add_evidence file "$TMP/h/NTUSER.DAT")
I=$(add_evidence image "$TMP/ntfs.img")
expect_exit 0 analyze timeline
q() { sqlite3 case.db "$1"; }

# inode_of PATH: fls's inode of the file at PATH (without the leading '/')
inode_of() {
	awk -F'\t' -v p="$1" '$2 == p { split($1, a, " "); sub(":", "", a[2]); print a[2] }' "$TMP/fls" |
		sed 's/-.*//' | head -n 1
}
# events ID PATH: what a hive's events say, without where the hive is
events() {
	q "SELECT time_ns || '|' || ifnull(category, '') || '|' || message || '|' || ifnull(attrs, '') ||
		'|' || time_desc || '|' || substr(locator, instr(locator, ';key=')) FROM events_full
		WHERE evidence_id = '$1' AND source = 'registry' AND path = '$2'" | LC_ALL=C sort
}

# same LOOSE_ID HIVE_FILE IMAGE_PATH LOCATOR_HIVE
same() {
	say "$3: the loose reader's events"
	events "$1" "evidence/$1/files/$2" >"$TMP/want"
	events "$I" "$3" >"$TMP/got"
	[ -s "$TMP/want" ] || fail "no events of the loose $2"
	expect_same "$TMP/want" "$TMP/got" "$3 in the image: events differ from the loose $2's"
	python3 "$SRC/tests/cli/regf_oracle.py" paths "$TMP/h/$2" >"$TMP/paths" || fail "regfexport $2"
	n=$(q "SELECT count(*) FROM events WHERE evidence_id = '$I' AND source = 'registry' AND path = '$3' AND category IS NULL")
	test_count=$((test_count + 1))
	[ "$n" -eq "$(wc -l <"$TMP/paths")" ] || fail "$3: $n key events, regfexport lists $(wc -l <"$TMP/paths") keys"
	inode=$(inode_of "${3#/}")
	[ -n "$inode" ] || fail "fls does not list ${3#/}"
	n=$(q "SELECT count(*) FROM events WHERE evidence_id = '$I' AND source = 'registry' AND path = '$3' AND
		locator NOT LIKE 'part_offset=0;inode=$inode;hive=$4;key=%'")
	test_count=$((test_count + 1))
	[ "$n" -eq 0 ] || fail "$3: $n locators not part_offset=0;inode=$inode;hive=$4;key=…"
}
same "$S" SYSTEM /Windows/System32/config/SYSTEM /Windows/System32/config/SYSTEM
same "$W" SOFTWARE /Windows/System32/config/SOFTWARE /Windows/System32/config/SOFTWARE
same "$U" NTUSER.DAT /Users/alice/NTUSER.DAT /Users/alice/NTUSER.DAT
same "$U" NTUSER.DAT '/Users/b;ob=x/ntuser.dat' '/Users/b%3Bob%3Dx/ntuser.dat'

say "hives elsewhere are files, not hives"
n=$(q "SELECT count(*) FROM events WHERE evidence_id = '$I' AND source = 'registry' AND
	(path LIKE '/backup/%' OR path LIKE '%/Desktop/%')")
test_count=$((test_count + 1))
[ "$n" -eq 0 ] || fail "$n registry events of a hive outside its place"
n=$(q "SELECT count(*) FROM fs_entries WHERE evidence_id = '$I' AND path IN
	('/backup/SYSTEM', '/Users/b;ob=x/Desktop/NTUSER.DAT')")
test_count=$((test_count + 1))
[ "$n" -ge 2 ] || fail "the walk lost the files it does not read as hives ($n)"
n=$(q "SELECT count(*) FROM events WHERE evidence_id = '$I' AND source = 'registry' AND (host IS NOT 'FS03' OR host_from IS NOT 'image')")
test_count=$((test_count + 1))
[ "$n" -eq 0 ] || fail "$n registry events of the image without its host FS03"

# in-process (LIFELINE_NO_WORKERS, test builds) the same events: libtsk, loaded
# first there, made libbfio.so.1 bind to libvhdi's copy of it, and libregf
# crashed on the first hive read from the image's bytes
say "read in-process: the same events as in the worker"
dump() {
	q "SELECT time_ns || '|' || source || '|' || message || '|' || locator || '|' || ifnull(attrs, '') ||
		'|' || ifnull(host, '') FROM events WHERE evidence_id = '$I'" | LC_ALL=C sort
}
dump >"$TMP/in-worker"
LIFELINE_NO_WORKERS=1 expect_exit 0 analyze timeline "$I"
dump >"$TMP/in-process"
[ "$(grep -c '|registry|' "$TMP/in-process")" -gt 0 ] || fail "in-process: no registry events"
expect_same "$TMP/in-worker" "$TMP/in-process" "the image read in-process: events differ"
done_testing
