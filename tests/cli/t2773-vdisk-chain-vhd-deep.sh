#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Differencing VHDs read by lifeline's own block reader (analyze/vhd_blocks.c)
# beyond one layer over a dynamic disk (t2772):
#   a chain of 3 (child.vhd over mid.vhd, both differencing, over a dynamic
#   base.vhd), mid and child written with other block sizes, each changing
#   sectors inside the same blocks, so a sector comes from the child, the
#   middle layer or the base; the oracle is raw image B (sha256sum, fls -m);
#   and a differencing VHD over a FIXED VHD (qemu-img subformat=fixed), the
#   oracle raw image C.
. "$(dirname "$0")/lib.sh"
need fls qemu-img mkfs.ext4 debugfs md5sum sha1sum sha256sum python3 sqlite3
new_case

mkdir -p "$TMP/tree/dir" "$TMP/c3" "$TMP/fx"
head -c 300000 /dev/urandom >"$TMP/tree/big.bin"
echo hello >"$TMP/tree/dir/a.txt"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/A.raw" 6M
cp "$TMP/A.raw" "$TMP/M.raw"
echo middle >"$TMP/m.txt"
debugfs -w -R "write $TMP/m.txt mid.txt" "$TMP/M.raw" >/dev/null 2>&1 || fail "debugfs write M"
cp "$TMP/M.raw" "$TMP/B.raw"
echo child >"$TMP/c.txt"
debugfs -w -R "write $TMP/c.txt child-only.txt" "$TMP/B.raw" >/dev/null 2>&1 || fail "debugfs write B"
debugfs -w -R "rm dir/a.txt" "$TMP/B.raw" >/dev/null 2>&1 || fail "debugfs rm B"
# inside big.bin's data: sector 0 the middle layer's, 1 the child's, 2 the base's,
# 3 the child's over the middle's: one block holds sectors of all three
python3 - "$TMP/tree/big.bin" "$TMP/M.raw" "$TMP/B.raw" <<'PY' || fail "fixture: big.bin's sectors"
import sys
data = open(sys.argv[1], "rb").read()
m = bytearray(open(sys.argv[2], "rb").read())
b = bytearray(open(sys.argv[3], "rb").read())
at = m.find(data[:4096])
assert at > 0 and at % 512 == 0 and b.find(data[:4096]) == at
for buf, s, c in ((m, 0, b"M"), (b, 0, b"M"), (b, 1, b"C"), (m, 3, b"m"), (b, 3, b"C")):
    buf[at + 512 * s:at + 512 * (s + 1)] = c * 512
open(sys.argv[2], "wb").write(m)
open(sys.argv[3], "wb").write(b)
PY
cmp -s "$TMP/M.raw" "$TMP/B.raw" && fail "fixture: B equals M"

qemu-img convert -f raw -O vpc -o force_size=on "$TMP/A.raw" "$TMP/c3/base.vhd" || fail "qemu-img vpc"
python3 "$LL_SRC_DIR/tests/cli/vhd_diff.py" --block 524288 "$TMP/c3/base.vhd" "$TMP/A.raw" "$TMP/M.raw" \
	"$TMP/c3/mid.vhd" >/dev/null || fail "fixture: mid.vhd"
python3 "$LL_SRC_DIR/tests/cli/vhd_diff.py" --block 4096 "$TMP/c3/mid.vhd" "$TMP/M.raw" "$TMP/B.raw" \
	"$TMP/c3/child.vhd" >/dev/null || fail "fixture: child.vhd"

# media WANT: "vhd SIZE md5 sha1 sha256" of raw image $1
media_of() {
	echo "vhd $(wc -c <"$1") $(md5sum <"$1" | cut -d' ' -f1) $(sha1sum <"$1" | cut -d' ' -f1) $(sha256sum <"$1" | cut -d' ' -f1)"
}

# 1. the chain of 3: one item, child first; the media is B; the walk is fls on B
fls -r -m / -i raw "$TMP/B.raw" >"$TMP/fls.body" || fail "fls on B"
grep -q '|/child-only.txt|' "$TMP/fls.body" && grep -q '|/mid.txt|' "$TMP/fls.body" ||
	fail "fixture: fls on B lists no /child-only.txt or /mid.txt"
expect_exit 0 --json collect files "$TMP/c3/child.vhd"
id=$(json_get "$TMP/out" 'd["id"]')
names=$(json_get "$TMP/out" '" ".join(f["orig_path"].rsplit("/",1)[1] for f in d["files"])')
[ "$names" = "child.vhd mid.vhd base.vhd" ] || fail "files collected: '$names'"
got=$(json_get "$TMP/out" '" ".join(str(d["media"][k]) for k in ("format","size","md5","sha1","sha256"))')
[ "$got" = "$(media_of "$TMP/B.raw")" ] || fail "chain of 3: media '$got', not B's"
lm=$(json_get "$TMP/out" '" ".join(l["path"].rsplit("/",1)[1] + ":" + (l.get("sha256") or str(l["differencing"])) for l in d["layer_media"])')
[ "$lm" = "child.vhd:True mid.vhd:True base.vhd:$(sha256sum <"$TMP/A.raw" | cut -d' ' -f1)" ] ||
	fail "chain of 3: layer media '$lm'"
expect_exit 0 evidence verify "$id"
expect_exit 0 --json analyze timeline "$id"
w=$(json_get "$TMP/out" 'sum(len(f["warnings"]) for f in d["items"][0]["files"]) + len(d["partial"])')
[ "$w" -eq 0 ] || fail "chain of 3: $w warnings: $(cat "$TMP/out")"
expect_exit 0 timeline export --format bodyfile --evidence "$id" -o "$TMP/ours.body"
expect_same "$TMP/ours.body" "$TMP/fls.body" "chain of 3: the bodyfile differs from fls on B"

# 2. the middle layer alone is its own chain of 2: M
expect_exit 0 --json collect files "$TMP/c3/mid.vhd"
got=$(json_get "$TMP/out" '" ".join(str(d["media"][k]) for k in ("format","size","md5","sha1","sha256"))')
[ "$got" = "$(media_of "$TMP/M.raw")" ] || fail "mid.vhd: media '$got', not M's"

# 3. a child over a fixed VHD: C = A with a file added
cp "$TMP/A.raw" "$TMP/C.raw"
debugfs -w -R "write $TMP/c.txt over-fixed.txt" "$TMP/C.raw" >/dev/null 2>&1 || fail "debugfs write C"
qemu-img convert -f raw -O vpc -o subformat=fixed,force_size=on "$TMP/A.raw" "$TMP/fx/fixed.vhd" ||
	fail "qemu-img vpc fixed"
[ "$(wc -c <"$TMP/fx/fixed.vhd")" -eq $(($(wc -c <"$TMP/A.raw") + 512)) ] || fail "fixture: not a fixed VHD"
python3 "$LL_SRC_DIR/tests/cli/vhd_diff.py" "$TMP/fx/fixed.vhd" "$TMP/A.raw" "$TMP/C.raw" \
	"$TMP/fx/child.vhd" >/dev/null || fail "fixture: child over fixed"
fls -r -m / -i raw "$TMP/C.raw" >"$TMP/flsC.body" || fail "fls on C"
expect_exit 0 --json collect files "$TMP/fx/child.vhd"
id=$(json_get "$TMP/out" 'd["id"]')
names=$(json_get "$TMP/out" '" ".join(f["orig_path"].rsplit("/",1)[1] for f in d["files"])')
[ "$names" = "child.vhd fixed.vhd" ] || fail "over fixed: files collected: '$names'"
got=$(json_get "$TMP/out" '" ".join(str(d["media"][k]) for k in ("format","size","md5","sha1","sha256"))')
[ "$got" = "$(media_of "$TMP/C.raw")" ] || fail "over fixed: media '$got', not C's"
expect_exit 0 analyze timeline "$id"
expect_exit 0 timeline export --format bodyfile --evidence "$id" -o "$TMP/oursC.body"
expect_same "$TMP/oursC.body" "$TMP/flsC.body" "over fixed: the bodyfile differs from fls on C"

done_testing
