#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A damaged E01 is never analysed silently (issue #14 item 6). libewf and
# libtsk read past damage without a word (256 bytes overwritten in the chunk
# data gave 0 of 844 events, exit 0). Damage anywhere in a small E01 made
# here with ewfacquire from an mkfs'd image - file header, case-data
# sections, volume section, chunk data, chunk tables, their backups, the data
# and hash sections, the end - must be reported before the analysis, naming
# the section or the chunk and its media offset, and exit 4 with the item on
# the "partial" list. The same E01 intact exits 0 with nothing listed.
. "$(dirname "$0")/../cli/lib.sh"
need ewfacquire ewfverify mkfs.ext4 python3

mkdir -p "$TMP/tree/ward"
for i in $(seq 1 150); do
	echo "observation $i recorded by the night nurse" >"$TMP/tree/ward/obs$i.txt"
done
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/disk.raw" 4M >/dev/null
# compressed chunks (deflate), as most acquisitions are
ewfacquire -u -q -t "$TMP/img" -c fast "$TMP/disk.raw" >/dev/null 2>&1 || fail "ewfacquire"
[ -f "$TMP/img.E01" ] || fail "fixture: no img.E01"

# the sections of the fixture (EWF 1: 13-byte file header, 76-byte section headers)
python3 - "$TMP/img.E01" >"$TMP/sections" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
off = 13
while off + 76 <= len(d):
    kind = d[off:off + 16].rstrip(b'\0').decode()
    nxt, size = struct.unpack_from('<QQ', d, off + 16)
    print(kind, off, nxt)
    if nxt <= off:
        break
    off = nxt
PY
sect() { # TYPE [N]: file offset of the Nth (default first) section of TYPE
	awk -v t="$1" -v n="${2:-1}" '$1 == t && ++k == n { print $2; exit }' "$TMP/sections"
}
for t in header2 header volume sectors table table2 data hash done; do
	[ -n "$(sect $t)" ] || fail "fixture: no '$t' section"
done
size=$(wc -c <"$TMP/img.E01")

new_case
# intact: read in full, exit 0, nothing partial
id=$(add_evidence file "$TMP/img.E01")
expect_exit 0 --json analyze timeline "$id"
[ "$(json_get "$TMP/out" 'd["complete"]')" = True ] || fail "intact E01 not complete"
full=$(json_get "$TMP/out" 'd["events"]')
[ "$full" -gt 300 ] || fail "fixture: only $full events from the intact E01"

# damage NAME OFFSET LENGTH PATTERN: that damage must be reported and exit 4
damage() {
	name=$1 off=$2 len=$3 pat=$4
	mkdir -p "$TMP/$name"
	cp "$TMP/img.E01" "$TMP/$name/img.E01"
	if [ "$len" = cut ]; then
		truncate -s "$off" "$TMP/$name/img.E01"
	else
		python3 -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(int(sys.argv[2])); b = bytearray(f.read(int(sys.argv[3]))); f.seek(int(sys.argv[2])); f.write(bytes(x ^ 0x5a for x in b))' \
			"$TMP/$name/img.E01" "$off" "$len"
	fi
	d=$(add_evidence file "$TMP/$name/img.E01")
	expect_exit 4 --json analyze timeline "$d"
	cp "$TMP/out" "$TMP/$name.json"
	cp "$TMP/err" "$TMP/$name.err"
	json_get "$TMP/$name.json" '"\n".join(["complete=" + str(d["complete"])] + [p["id"] + " " + p["reason"] + ": " + p["message"] for p in d["partial"]])' >"$TMP/$name.partial"
	grep -q '^complete=False$' "$TMP/$name.partial" || fail "$name: complete"
	grep -q "^$d " "$TMP/$name.partial" || fail "$name: $d not on the partial list"
	grep -Eq "$pat" "$TMP/$name.partial" ||
		{ cat "$TMP/$name.partial" >&2; fail "$name: the partial list does not say '$pat'"; }
	# said on stderr (a damaged container before the analysis), not only in the JSON
	grep -Eq "$d: .*marked partial|refused or only partly read" "$TMP/$name.err" ||
		fail "$name: nothing said on stderr"
	case $pat in
	damaged-container*) grep -q "$d: .*marked partial" "$TMP/$name.err" ||
		fail "$name: the damage was not said before the analysis" ;;
	esac
	test_count=$((test_count + 4))
}

h2=$(sect header2) hd=$(sect header) vol=$(sect volume) sec=$(sect sectors)
tab=$(sect table) tab2=$(sect table2) dat=$(sect data) hsh=$(sect hash) done_=$(sect done)
damage file-header 0 8 "unrecognised|damaged-container"
damage header2-section $((h2 + 100)) 16 "damaged-container: .*section 'header2'|section header at file offset $h2"
damage header-section-head $((hd + 2)) 4 "damaged-container: .*section header at file offset $hd"
damage volume-body $((vol + 76 + 8)) 4 "damaged-container: .*section 'volume' at file offset $vol"
damage chunk-data-early $((sec + 76 + 3000)) 256 "damaged-container: .*E01 chunk [0-9]+ \(media offset [0-9]+"
damage chunk-data-mid 20000 256 "damaged-container: .*E01 chunk [0-9]+ \(media offset [0-9]+"
# One byte in the middle of the chunk data. A flip there can leave the media
# as it was (a deflate bit that changes nothing inflated: ewfverify then
# says SUCCESS with the same MD5, and there is nothing to report), so the
# byte is the first from the middle whose flip the peer sees.
one=$(((sec + tab) / 2))
mkdir -p "$TMP/probe"
while :; do
	[ "$one" -lt "$tab" ] || fail "fixture: no byte of the chunk data whose flip ewfverify sees"
	cp "$TMP/img.E01" "$TMP/probe/img.E01"
	python3 -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(int(sys.argv[2])); b = f.read(1); f.seek(int(sys.argv[2])); f.write(bytes([b[0] ^ 0x5a]))' \
		"$TMP/probe/img.E01" "$one"
	ewfverify -q "$TMP/probe/img.E01" >/dev/null 2>&1 || break
	one=$((one + 1))
done
damage chunk-data-one-byte "$one" 1 "damaged-container: .*E01 chunk [0-9]+ \(media offset [0-9]+"
damage chunk-table-entries $((tab + 76 + 24 + 40)) 4 "damaged-container: .*section 'table' at file offset $tab"
damage chunk-table-checksum $((tab + 76 + 20)) 2 "damaged-container: .*section 'table' at file offset $tab"
damage table2 $((tab2 + 76 + 24 + 8)) 4 "damaged-container: .*section 'table2' at file offset $tab2"
damage data-section $((dat + 76 + 4)) 4 "damaged-container: .*section 'data' at file offset $dat"
damage hash-section $((hsh + 76 + 3)) 4 "damaged-container: .*section 'hash' at file offset $hsh"
damage done-section $((done_ + 30)) 4 "damaged-container: .*file offset $done_"
# a section header whose size disagrees with its next offset, its checksum made right again
mkdir -p "$TMP/resized"
cp "$TMP/img.E01" "$TMP/resized/img.E01"
python3 - "$TMP/resized/img.E01" "$h2" <<'PY'
import struct, sys, zlib
f = open(sys.argv[1], "r+b")
off = int(sys.argv[2])
f.seek(off)
h = bytearray(f.read(76))
struct.pack_into("<Q", h, 24, struct.unpack_from("<Q", h, 24)[0] + 512)
struct.pack_into("<I", h, 72, zlib.adler32(bytes(h[:72])))
f.seek(off)
f.write(h)
PY
d=$(add_evidence file "$TMP/resized/img.E01")
expect_exit 4 --json analyze timeline "$d"
json_get "$TMP/out" '"\n".join(p["reason"] + ": " + p["message"] for p in d["partial"])' >"$TMP/resized.partial"
grep -q "damaged-container: .*section 'header2' at file offset $h2: its next-section offset or size is impossible" "$TMP/resized.partial" ||
	{ cat "$TMP/resized.partial" >&2; fail "a section size that disagrees with its next offset is not named"; }
test_count=$((test_count + 2))
damage the-end $((size - 60)) cut "damaged-container: .*(truncated|not there|impossible|without a 'done')"

# a set whose last segments are missing: the one it ends with says 'next', not 'done'
mkdir -p "$TMP/segs"
ewfacquire -u -q -t "$TMP/segs/img" -c none -S 1MiB "$TMP/disk.raw" >/dev/null 2>&1 ||
	fail "ewfacquire -S"
[ -f "$TMP/segs/img.E03" ] || fail "fixture: fewer than 3 segments"
d=$(add_evidence file "$TMP/segs/img.E01" "$TMP/segs/img.E02")
expect_exit 4 --json analyze timeline "$d"
json_get "$TMP/out" '"\n".join(p["reason"] + ": " + p["message"] for p in d["partial"])' >"$TMP/segs.partial"
grep -q "damaged-container: .*img.E02': the last segment of the set ends in 'next', not 'done': segments are missing" "$TMP/segs.partial" ||
	{ cat "$TMP/segs.partial" >&2; fail "a set without its last segments is not reported"; }
test_count=$((test_count + 2))

# a damaged chunk keeps what can be read, and the item says which chunk
grep -Eq 'chunk [0-9]+ \(media offset [0-9]+' "$TMP/chunk-data-mid.partial" || fail "chunk not named"
# --no-verify is the analyst's explicit choice: no check, nothing listed for it
d=$(add_evidence file "$TMP/chunk-data-mid/img.E01")
expect_exit 0 analyze timeline "$d" --no-verify
done_testing
