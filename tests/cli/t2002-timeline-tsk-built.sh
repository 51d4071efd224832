#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Images built now with real tools (ext4 with a deleted file and names with
# '|' and '%41', FAT with a deleted file, NTFS with a timestomped file),
# compared with fls + mactime run on the same images in this test.
. "$(dirname "$0")/lib.sh"
need fls mactime istat ifind fsstat mkfs.ext4 debugfs mkfs.vfat mcopy mdel mmd mkntfs ntfscp python3 sqlite3
export MTOOLS_SKIP_CHECK=1
new_case

# --- the tree ---
T=$TMP/tree
mkdir -p "$T/dir" "$T/sub/deep"
echo hello >"$T/a.txt"
echo pipe >"$T/pipe|name.txt"
echo pct >"$T/pct%41.txt"
echo b >"$T/dir/b.txt"
echo gone >"$T/del.txt"
printf x >"$T/sub/deep/c.txt"
ln -s a.txt "$T/link"
touch -d '2020-02-03 04:05:06.123456789' "$T/a.txt"

# compare NAME ID [TZ]: our exports of item ID against fls/mactime on $TMP/NAME
compare() {
	img=$TMP/$1
	TZ=${3:-UTC} fls -r -m / "$img" >"$TMP/fls.body"
	mactime -b "$TMP/fls.body" -d -y -z UTC >"$TMP/fls.csv"
	expect_exit 0 timeline export --format bodyfile --evidence "$2" -o "$TMP/ours.body"
	expect_exit 0 timeline export --format mactime --evidence "$2" -o "$TMP/ours.csv"
	# documented normalisation: we escape '|' as %7C and a decodable '%' as %25
	sed -e 's/%7C/|/g' -e 's/%25/%/g' "$TMP/ours.body" >"$TMP/ours.norm"
	expect_same "$TMP/ours.norm" "$TMP/fls.body" "$1: bodyfile differs from fls"
	# mactime drops the '|' line and decodes %41: compare the rest exactly
	grep -v -e 'pipe' -e 'pct' "$TMP/ours.csv" >"$TMP/a.csv" || true
	grep -v -e 'pipe' -e 'pct' "$TMP/fls.csv" >"$TMP/b.csv" || true
	expect_same "$TMP/a.csv" "$TMP/b.csv" "$1: mactime differs"
	rm -f "$TMP/ours.body" "$TMP/ours.csv"
}

# --- ext4 ---
mkfs.ext4 -q -F -d "$T" "$TMP/ext.img" 4M
debugfs -w -R "rm del.txt" "$TMP/ext.img" >/dev/null 2>&1
E=$(add_evidence image "$TMP/ext.img")
expect_exit 0 analyze timeline "$E"
compare ext.img "$E"
expect_exit 0 timeline export --format mactime --evidence "$E" -o "$TMP/e.csv"
expect_grep ',"/pipe\|name\.txt"$' "$TMP/e.csv"
expect_grep ',"/pct%41\.txt"$' "$TMP/e.csv"
expect_grep '"/del\.txt \(deleted\)"' "$TMP/e.csv"
expect_grep '^2020-02-03T04:05:06Z,6,ma\.\.,' "$TMP/e.csv"
# the clean path of the deleted file (mkfs.ext4 -d keeps whole seconds only)
d=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$E' AND path='/del.txt' AND json_extract(attrs,'$.allocated')=0")
[ "$d" -gt 0 ] || fail "no events for the deleted /del.txt"
l=$(sqlite3 case.db "SELECT link FROM fs_entries WHERE evidence_id='$E' AND path='/link'")
[ "$l" = a.txt ] || fail "symlink target '$l'"

# --- FAT: local times, the zone the user states, never the machine's TZ ---
mkfs.vfat -C "$TMP/fat.img" 1440 >/dev/null
touch -d '2021-07-04 12:34:56' "$T/a.txt"
mcopy -m -i "$TMP/fat.img" "$T/a.txt" "$T/del.txt" ::/
mmd -i "$TMP/fat.img" ::/DIR
mcopy -m -i "$TMP/fat.img" "$T/dir/b.txt" ::/DIR/
mdel -i "$TMP/fat.img" ::/del.txt
F=$(add_evidence image "$TMP/fat.img")
# the analyst's own TZ must not matter
TZ=Asia/Tokyo
export TZ
expect_exit 0 analyze timeline "$F"
TZ=UTC
compare fat.img "$F"
expect_grep '"/_el\.txt \(deleted\)"' "$TMP/fls.csv"
before=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$F'")
custody_before=$(sqlite3 case.db "SELECT count(*) FROM custody WHERE action='analyze' AND evidence_id='$F'")
expect_exit 0 analyze timeline "$F" --tz America/New_York
compare fat.img "$F" America/New_York
after=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$F'")
[ "$before" -eq "$after" ] || fail "re-run gave $after events, first run $before"
custody_after=$(sqlite3 case.db "SELECT count(*) FROM custody WHERE action='analyze' AND evidence_id='$F'")
[ "$custody_after" -eq $((custody_before + 1)) ] || fail "re-run did not add one custody entry"
tz=$(sqlite3 case.db "SELECT DISTINCT tz FROM fs_entries WHERE evidence_id='$F' AND path='/a.txt'")
[ "$tz" = America/New_York ] || fail "zone not recorded with the entries: '$tz'"
expect_exit 0 custody log --json
expect_grep 'America/New_York' "$TMP/out"

# --- NTFS: $FILE_NAME rows and a timestomped $STANDARD_INFORMATION ---
dd if=/dev/zero of="$TMP/ntfs.img" bs=1M count=8 status=none
mkntfs -F -Q -q "$TMP/ntfs.img" >/dev/null 2>&1
ntfscp -q "$TMP/ntfs.img" "$T/a.txt" chart.docx
ntfscp -q "$TMP/ntfs.img" "$T/dir/b.txt" notes.txt
entry=$(ifind -n /chart.docx "$TMP/ntfs.img")
mft=$(fsstat "$TMP/ntfs.img" | sed -n 's/^First Cluster of MFT: //p')
csize=$(fsstat "$TMP/ntfs.img" | sed -n 's/^Cluster Size: //p')
python3 - "$TMP/ntfs.img" $((mft * csize)) "$entry" 1546329600 <<'PY'
import struct, sys
img, mft_off, entry, unix = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ft = (unix + 11644473600) * 10**7
with open(img, 'r+b') as f:
    rec = mft_off + entry * 1024
    f.seek(rec); r = f.read(1024)
    assert r[:4] == b'FILE'
    a = struct.unpack_from('<H', r, 0x14)[0]          # first attribute
    assert struct.unpack_from('<I', r, a)[0] == 0x10  # $STANDARD_INFORMATION
    c = a + struct.unpack_from('<H', r, a + 0x14)[0]  # its content
    assert c + 32 <= 510                              # before the fixup bytes
    f.seek(rec + c); f.write(struct.pack('<4Q', ft, ft, ft, ft))
PY
N=$(add_evidence image "$TMP/ntfs.img")
expect_exit 0 analyze timeline "$N"
compare ntfs.img "$N"
expect_grep '"/chart\.docx \(\$FILE_NAME\)"' "$TMP/fls.csv"
ts=$(sqlite3 case.db "SELECT path || ' ' || time_desc FROM events WHERE evidence_id='$N' AND json_extract(attrs,'$.timestomp')=1")
[ "$ts" = "/chart.docx Creation Time" ] || fail "timestomp flag on: '$ts'"
si=$(sqlite3 case.db "SELECT time_ns FROM events WHERE evidence_id='$N' AND path='/chart.docx' AND time_desc='Creation Time' AND json_extract(attrs,'$.name_kind') IS NULL")
[ "$si" = 1546329600000000000 ] || fail "\$SI creation $si"
fn=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$N' AND path='/chart.docx' AND json_extract(attrs,'$.name_kind')='FILE_NAME'")
[ "$fn" -eq 4 ] || fail "$fn \$FILE_NAME events for chart.docx"
loc=$(sqlite3 case.db "SELECT locator FROM events WHERE evidence_id='$N' AND path='/chart.docx' AND json_extract(attrs,'$.timestomp')=1")
[ "$loc" = "part_offset=0;inode=$entry-128-2;attr=128-2" ] || fail "locator '$loc'"
# nanoseconds: the $FILE_NAME creation time equals istat's, to the 100 ns
want=$(istat "$TMP/ntfs.img" "$entry" | sed -n '/^\$FILE_NAME Attribute Values/,/^Created/s/^Created:\t//p' | sed 's/ (UTC)//')
got=$(sqlite3 case.db "SELECT time_ns FROM events WHERE evidence_id='$N' AND path='/chart.docx' AND time_desc='Creation Time' AND json_extract(attrs,'$.name_kind')='FILE_NAME'")
gotfmt=$(python3 -c 'import sys,datetime; n=int(sys.argv[1]); print(datetime.datetime.fromtimestamp(n//10**9, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S") + ".%09d" % (n % 10**9))' "$got")
[ -n "$want" ] && [ "$want" = "$gotfmt" ] || fail "\$FN creation: istat '$want', ours '$gotfmt'"
# only chart.docx and chart.docx are recent-less: no other user file is flagged
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE json_extract(attrs,'$.timestomp')=1")
[ "$n" -eq 1 ] || fail "$n timestomp flags"
done_testing
