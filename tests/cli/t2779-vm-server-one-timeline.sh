#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Issue #19's "done when", in one item: a Windows server VM's VMDK whose NTFS
# volume holds shadow copies (plaso's vsstest.qcow2, written by Windows),
# its SYSTEM hive (host FS03, W. Europe Standard Time), a Prefetch file and
# a change journal with an encryption run (1,500 files overwritten and
# renamed to .locked in two minutes), converted to a monolithic sparse VMDK
# by qemu-img. `collect files vm.vmdk` then `analyze timeline` give one
# timeline of that one item carrying, against each peer on the raw image:
#   - the host name and zone from its own registry (every event's host),
#   - the program executions (sccainfo on the Prefetch file),
#   - the change journal's records (usnjls) and the burst finding,
#   - the shadow copies' stores (vshadowinfo) walked, their files as they
#     were (locator …;vss_store=N;…),
#   - every event's locator pointing into that item's bytes.
# The live volume's new files are written by ntfs-3g beside the stores
# (free clusters; the stores keep the blocks Windows saved).
. "$(dirname "$0")/lib.sh"
need qemu-img ntfs-3g ntfscp fusermount hivexsh sccainfo usnjls fls vshadowinfo python3 sqlite3
PATH=$PATH:/usr/sbin:/sbin
. "$SRC/tests/cli/zone_hive_fixture.sh"

say "fixture: vsstest's NTFS with the server's hive, a Prefetch file and an encryption run's journal"
zone_hive "$TMP/SYSTEM" "string:W. Europe Standard Time" 0xffffffc4 0xffffffc4 \
	00,00,0a,00,00,00,05,00,03,00,00,00,00,00,00,00 00,00,03,00,00,00,05,00,02,00,00,00,00,00,00,00
qemu-img convert -O raw "$SRC/tests/data/vss/vsstest.qcow2" "$TMP/vm.raw" || fail "fixture: qemu-img raw"
pf=CMD.EXE-087B4001.pf
mkdir "$TMP/mnt"
ntfs-3g "$TMP/vm.raw" "$TMP/mnt" || fail "fixture: ntfs-3g mount (FUSE)"
ok=1
{
	mkdir -p "$TMP/mnt/Windows/System32/config" "$TMP/mnt/Windows/Prefetch" &&
	cp "$TMP/SYSTEM" "$TMP/mnt/Windows/System32/config/SYSTEM" &&
	cp "$SRC/tests/data/prefetch/$pf" "$TMP/mnt/Windows/Prefetch/$pf"
} || ok=0
fusermount -u "$TMP/mnt" || umount "$TMP/mnt" || fail "fixture: unmount"
[ $ok = 1 ] || fail "fixture: copying into the NTFS volume"
python3 "$SRC/tests/data/make_usn_journal.py" "$TMP/J" --lead 65536 --files 20 --burst 1500 --span 120 \
	--start 1710036000 2>/dev/null || fail "fixture: make_usn_journal.py"
: >"$TMP/empty"
ntfscp "$TMP/vm.raw" "$TMP/empty" '/$Extend/$UsnJrnl' >/dev/null 2>&1 || fail "fixture: ntfscp \$UsnJrnl"
ntfscp -N '$J' "$TMP/vm.raw" "$TMP/J" '/$Extend/$UsnJrnl' >/dev/null 2>&1 || fail "fixture: ntfscp -N \$J"
jinum=$(python3 "$SRC/tests/data/ntfs_usn_image.py" "$TMP/vm.raw") || fail "fixture: ntfs_usn_image.py"
qemu-img convert -f raw -O vmdk "$TMP/vm.raw" "$TMP/vm.vmdk" || fail "fixture: qemu-img vmdk"

say "the peers on the raw image"
fls -r -p "$TMP/vm.raw" >"$TMP/fls" || fail "fls vm.raw"
pfinode=$(awk -F'\t' -v p="Windows/Prefetch/$pf" '$2 == p { split($1, a, " "); sub(":", "", a[2]); print a[2] }' "$TMP/fls")
[ -n "$pfinode" ] || fail "fls does not list Windows/Prefetch/$pf"
icat "$TMP/vm.raw" "$pfinode" >"$TMP/pf.copy" || fail "icat the Prefetch file"
sccainfo "$TMP/pf.copy" >"$TMP/scca" 2>&1 || fail "sccainfo"
runs=$(grep -c '^	Last run time' "$TMP/scca")
[ "$runs" -ge 1 ] || fail "sccainfo lists no run time"
TZ=UTC usnjls "$TMP/vm.raw" "$jinum" >"$TMP/usnjls" 2>/dev/null || fail "usnjls"
nusn=$(grep -c . "$TMP/usnjls")
[ "$nusn" -ge 4500 ] || fail "usnjls lists $nusn records"
vshadowinfo "$TMP/vm.raw" >"$TMP/vi" 2>&1 || fail "vshadowinfo"
expect_grep "Number of stores:.*2" "$TMP/vi"
rm -f "$TMP/vm.raw"

new_case
expect_exit 0 --json collect files "$TMP/vm.vmdk"
I=$(json_get "$TMP/out" 'd["id"]')
# the stores see the MFT records ntfs-3g wrote (Windows' volume-snapshot driver would have saved
# the old blocks first) but not their data, which was free space then: those reads fail and are
# said naming the store; nothing of the live volume is lost
expect_exit 4 --json analyze timeline "$I"
json_get "$TMP/out" '"\n".join(w for i in d["items"] for f in i["files"] for w in f.get("warnings", []))' >"$TMP/warnings"
expect_grep "vm\.vmdk: /Windows/System32/config/SYSTEM \(part_offset=0, vss_store=[12], inode 68\)': " "$TMP/warnings"
expect_no_grep "SYSTEM \(part_offset=0, inode|Prefetch/.*\(part_offset=0, inode|UsnJrnl.*\(part_offset=0, inode" "$TMP/warnings"
q() { sqlite3 case.db "$1"; }
live="locator NOT LIKE '%;vss_store=%'"

say "one item, its host and zone from its own SYSTEM hive"
[ "$(q "SELECT count(DISTINCT evidence_id) FROM events")" = 1 ] || fail "events of more than one item"
[ "$(q "SELECT count(*) FROM events WHERE evidence_id='$I' AND (host IS NOT 'FS03' OR host_from IS NOT 'image')")" = 0 ] ||
	fail "events without the image's own host FS03: $(q "SELECT DISTINCT host || '/' || host_from FROM events")"
q "SELECT tz FROM fs_volumes WHERE evidence_id='$I'" >"$TMP/tz"
expect_grep "W\. Europe Standard Time" "$TMP/tz"
test_count=$((test_count + 3))

say "program executions: the Prefetch file's runs, as sccainfo reads them"
n=$(q "SELECT count(*) FROM events WHERE evidence_id='$I' AND source='prefetch' AND path='/Windows/Prefetch/$pf' AND $live")
[ "$n" = "$runs" ] || fail "$n prefetch events, sccainfo lists $runs run times"
bad=$(q "SELECT count(*) FROM events WHERE evidence_id='$I' AND source='prefetch' AND $live AND locator NOT LIKE 'part_offset=0;inode=${pfinode%%-*};prefetch=$pf;run=%'")
[ "$bad" = 0 ] || fail "$bad prefetch events whose locator is not the MFT entry fls names ($pfinode)"
test_count=$((test_count + 2))

say "the change journal: usnjls's records, and the encryption run found"
n=$(q "SELECT count(*) FROM events WHERE evidence_id='$I' AND source='usnjrnl' AND $live")
[ "$n" = "$nusn" ] || fail "$n change-journal events, usnjls lists $nusn records"
expect_exit 0 analyze detect
expect_exit 0 --json findings list
burst=$(json_get "$TMP/out" '" ".join("%s:%d" % (f["first"][:16], f["details"]["files"]) for f in d["findings"] if f["rule_id"] == "fs.usn_encryption_burst")')
[ "$burst" = "2024-03-10T02:00:1500" ] || fail "burst finding: '$burst'"
test_count=$((test_count + 2))

say "the shadow copies: both stores listed and walked, their files as they were"
n=$(q "SELECT count(*) FROM events WHERE evidence_id='$I' AND source='vss'")
[ "$n" = 2 ] || fail "$n stores listed, vshadowinfo lists 2"
# as t2740 reads the test data: store 1 holds /syslog before it was gzip'd, store 2 /syslog.gz
# and /another_file; only the live volume has /password.txt
has() { [ "$(q "SELECT count(*) FROM events WHERE evidence_id='$I' AND source='fs' AND path='$2' AND $1")" -gt 0 ]; }
has "locator LIKE '%;vss_store=1;%'" /syslog || fail "store 1: /syslog, as it was before it was gzip'd, missing"
has "locator LIKE '%;vss_store=1;%'" /syslog.gz && fail "store 1: /syslog.gz, which came later"
has "locator LIKE '%;vss_store=2;%'" /another_file || fail "store 2: /another_file missing"
has "locator LIKE '%;vss_store=%'" /password.txt && fail "a store holds /password.txt, written after both"
has "$live" /password.txt || fail "the live volume's /password.txt missing"
test_count=$((test_count + 5))
test_count=$((test_count + 1))

say "every event traceable to the item's bytes; no two events of one locator"
dup=$(q "SELECT count(*) FROM (SELECT locator, time_desc FROM events WHERE evidence_id='$I' AND source IN ('prefetch','usnjrnl','registry') GROUP BY 1, 2 HAVING count(*) > 1)")
[ "$dup" = 0 ] || fail "$dup artefact locators given to two events (a store's read as the live volume's?)"
n=$(q "SELECT count(*) FROM events WHERE evidence_id='$I' AND source IN ('usnjrnl','registry') AND locator LIKE 'part_offset=0;vss_store=_;inode=%'")
[ "$n" -gt 0 ] || fail "no artefact events read inside a store, or their locators do not name it"
test_count=$((test_count + 2))
bad=$(q "SELECT count(*) FROM events WHERE evidence_id='$I' AND (locator IS NULL OR locator = '')")
[ "$bad" = 0 ] || fail "$bad events without a locator"
bad=$(q "SELECT count(*) FROM events WHERE evidence_id='$I' AND source IN ('fs','prefetch','usnjrnl','registry') AND locator NOT LIKE 'part_offset=%'")
[ "$bad" = 0 ] || fail "$bad file-system events whose locator does not start at the volume: $(q "SELECT locator FROM events WHERE evidence_id='$I' AND source IN ('fs','prefetch','usnjrnl','registry') AND locator NOT LIKE 'part_offset=%' LIMIT 3")"
n=$(q "SELECT count(*) FROM events WHERE evidence_id='$I' AND source='registry' AND locator LIKE '%hive=%SYSTEM;key=%'")
[ "$n" -gt 0 ] || fail "no SYSTEM hive key events"
test_count=$((test_count + 3))
expect_exit 0 evidence verify "$I"
done_testing
