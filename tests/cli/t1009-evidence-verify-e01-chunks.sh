#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# E01 media is verified from its raw chunks: at every compression level an
# odd-sized source verifies (at acquisition and with evidence verify) with the
# hashes of ewfexport's export, and one flipped byte inside a compressed
# chunk of the sectors section is a failure naming that chunk and its offset.
. "$(dirname "$0")/lib.sh"
need ewfexport md5sum sha1sum python3

new_case
# Little random, some zeros, then distinct text lines (so the middle of the
# sectors section is compressed text), and a tail that ends mid-sector.
{
	head -c 65536 /dev/urandom
	head -c 262144 /dev/zero
	seq -f 'ward %g: observation recorded by the night nurse' 1 100000
	head -c 777 /dev/urandom
} >"$TMP/src"

for level in none fast best; do
	id=L-$level
	e01=evidence/$id/$id.E01
	expect_exit 0 collect image "$TMP/src" --compression "$level" --exhibit "$id" --json
	cp "$TMP/out" "$TMP/$id.json"
	[ "$(json_get "$TMP/$id.json" 'd["verified"]')" = True ] || fail "$id not verified"
	ewfexport -q -u -f raw -t "$TMP/$id" "$e01" >/dev/null 2>&1 || fail "ewfexport $e01"
	md5=$(md5sum <"$TMP/$id.raw" | cut -d' ' -f1)
	sha1=$(sha1sum <"$TMP/$id.raw" | cut -d' ' -f1)
	rm -f "$TMP/$id.raw"
	[ "$(json_get "$TMP/$id.json" 'd["media_hashes"]["md5"]')" = "$md5" ] || fail "$id: md5 differs from ewfexport"
	[ "$(json_get "$TMP/$id.json" 'd["media_hashes"]["sha1"]')" = "$sha1" ] || fail "$id: sha1 differs from ewfexport"
	expect_exit 0 evidence verify "$id" --json
	[ "$(json_get "$TMP/out" 'd["items"][0]["media"]["md5"]')" = "$md5" ] || fail "$id: evidence verify md5"
	[ "$(json_get "$TMP/out" 'd["items"][0]["media"]["ok"]')" = True ] || fail "$id: media not ok"
	test_count=$((test_count + 6))
done

# Flip the middle byte of the chunk data in L-fast's "sectors" section (the
# EWF 1 section chain: 13-byte file header, then 76-byte section headers with
# type, next offset and size).
e01=evidence/L-fast/L-fast.E01
chmod u+w "$e01"
python3 - "$e01" <<'PY' || fail "no sectors section in $e01"
import struct, sys
with open(sys.argv[1], 'r+b') as f:
    data = f.read()
    off = 13
    while off + 76 <= len(data):
        kind = data[off:off + 16].rstrip(b'\0')
        nxt, size = struct.unpack_from('<QQ', data, off + 16)
        if kind == b'sectors':
            mid = off + 76 + (size - 76) // 2
            f.seek(mid)
            f.write(bytes([data[mid] ^ 0x20]))
            sys.exit(0)
        if nxt <= off:
            break
        off = nxt
sys.exit(1)
PY
expect_exit 1 evidence verify L-fast --json
python3 - "$TMP/out" <<'PY' || fail "the damaged chunk is not named"
import json, re, sys
d = json.load(open(sys.argv[1]))
it = d["items"][0]
assert not d["ok"] and it["result"] == "mismatch", it
m = it["media"]
assert not m["ok"], m
g = re.search(r"E01 chunk (\d+) \(media offset (\d+), compressed\) fails its check", m["problem"])
assert g, m
# lifeline writes 64 sectors of 512 bytes per chunk
assert int(g.group(2)) == int(g.group(1)) * 32768, m
PY
test_count=$((test_count + 1))
expect_exit 1 evidence verify L-fast
expect_grep "media: E01 chunk [0-9]+ \(media offset [0-9]+, compressed\) fails its check" "$TMP/out"
# the other items still verify
expect_exit 0 evidence verify L-none L-best
done_testing
