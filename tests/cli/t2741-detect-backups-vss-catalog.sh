#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The deleted-backups detector and the shadow copy catalog (issue #19 item
# 2): on vsstest.qcow2 (two stores, vshadowinfo: created 2013-12-03
# 06:35:09.7363787 and 06:37:48.9190583 UTC), a deleted backup file of the
# live volume (a row added to the case's events: the test image holds none)
# gives fs.backup_deleted naming how many stores the volume still holds and
# their first and last creation; the same path allocated in store 1 (the
# past) does not hide the deletion: the detectors read the live volume's
# state only. An image without stores says so.
. "$(dirname "$0")/lib.sh"
need sqlite3 python3 mkfs.ext4
new_case
I=$(add_evidence image "$SRC/tests/data/vss/vsstest.qcow2")
expect_exit 0 analyze timeline
P=/WindowsImageBackup/Catalog/GlobalCatalog
add_row() { # LOCATOR MACB ALLOCATED TIME_NS
	sqlite3 case.db "INSERT INTO events(evidence_id, time_ns, time_desc, source, parser, category, path, event_code, locator, message, attrs) VALUES ('$I', $4, 'test row', 'fs', 'tsk', 'file', '$P', -1, '$1', '$P', '{\"macb\":\"$2\",\"inode\":\"99-128-1\",\"size\":10,\"allocated\":$3}')" ||
		fail "inserting the test row"
}
add_row "part_offset=0;inode=99-128-1" c false 1386054000000000000
add_row "part_offset=0;vss_store=1;inode=99-128-1" m true 1386052000000000000
expect_exit 0 analyze detect
sqlite3 -json case.db "SELECT description, details FROM findings WHERE rule_id='fs.backup_deleted'" >"$TMP/f.json"
test_count=$((test_count + 1))
python3 - "$TMP/f.json" <<'PY' || fail "fs.backup_deleted does not name the shadow copy catalog"
import json, sys
f = json.load(open(sys.argv[1]))
assert len(f) == 1, f
d = json.loads(f[0]["details"])
assert d["files"] == 1 and d["paths"] == ["/WindowsImageBackup/Catalog/GlobalCatalog"], d
assert d["shadow_copy_stores"] == 2, d
assert d["shadow_copy_first_ns"] == 1386052509736378700, d
assert d["shadow_copy_last_ns"] == 1386052668919058300, d
assert "still hold 2 shadow copy stores (created 2013-12-03T06:35:09Z to 2013-12-03T06:37:48Z)" in f[0]["description"], f
PY

say "an image without a shadow copy catalog: said"
mkdir -p "$TMP/t"
echo x >"$TMP/t/a"
mkfs.ext4 -q -F -d "$TMP/t" "$TMP/e.img" 4M
J=$(add_evidence image "$TMP/e.img")
expect_exit 0 analyze timeline "$J"
sqlite3 case.db "INSERT INTO events(evidence_id, time_ns, time_desc, source, parser, category, path, event_code, locator, message, attrs) VALUES ('$J', 1386054000000000000, 'test row', 'fs', 'tsk', 'file', '$P', -1, 'part_offset=0;inode=99', '$P', '{\"macb\":\"c\",\"inode\":\"99\",\"size\":10,\"allocated\":false}')"
expect_exit 0 analyze detect
n=$(sqlite3 case.db "SELECT count(*) FROM findings WHERE rule_id='fs.backup_deleted' AND json_extract(details, '\$.evidence_id')='$J' AND json_extract(details, '\$.shadow_copy_stores')=0 AND description LIKE '%No shadow copy store was found%'")
[ "$n" -eq 1 ] || fail "the finding of an item without stores does not say so"
test_count=$((test_count + 1))
done_testing
