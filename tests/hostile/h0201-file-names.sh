#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# File names (issue #14 item 2): every name a Linux file system allows (each
# byte 0x01-0xFF but '/', alone and combined: '\', TAB, LF, CR, '%', invalid
# UTF-8, a lone 0xFF, a leading '-') goes through collect files -> evidence
# verify -> casefile build -> casefile verify -> the stock-tool script of
# docs/verify-without-lifeline.md with exit 0 all along, and the signed
# collect entry records each name exactly: reversing the documented escaping
# (docs/formats/custody.md) gives the bytes on the file system.
. "$(dirname "$0")/../cli/lib.sh"
. "$SRC/tests/cli/casefile_fixture.sh"
. "$SRC/tests/cli/casefile_stock.sh"
need python3 openssl sha256sum awk sqlite3
export LIFELINE_NOW=2025-10-12T09:00:00Z

# the hostile tree: one file per byte, combined names, and a hostile folder
python3 - "$TMP/src" <<'PY'
import os, sys
root = os.fsencode(sys.argv[1])
os.makedirs(root)
names = []
for b in range(1, 256):
    if b == 0x2f:
        continue
    names.append(b"b%02x-" % b + bytes([b]) + b"-end")
every = bytes(b for b in range(1, 256) if b != 0x2f)   # 254 bytes: fits NAME_MAX
names += [every, every[::-1][:250], b"caf\xe9.log", b"\xff", b"-rf", b"--help", b"-",
          b"a\\b", b"tab\there", b"lf\nhere", b"cr\rhere", b"crlf\r\n", b"\n", b"\r",
          b"%", b"%25", b"%0A", b"%0d%", b"%zz", b"100%.log", b"\\x41", b"\\", b"\\\\n",
          b" lead", b"trail ", b"\x1b[31mred\x1b[0m", b"\xc3\x28", b"\xed\xa0\x80",
          b"\xf4\x90\x80\x80", b"\xe2\x80\xaebidi", b"\xc2\x85nel", b"\x7f", b"\x01\x02",
          b"..x", b".hidden", b"sp ace", b"quo\"te", b"sq'uote", b"*?[]", b"$(x)"]
for i, n in enumerate(names):
    with open(os.path.join(root, n), "wb") as f:
        f.write(b"%d:" % i + n)
sub = os.path.join(root, b"dir\n\xff%\\\t\r")
os.makedirs(sub)
for n in (b"inner\xe9", b"inner\n", b"inner%41"):
    with open(os.path.join(sub, n), "wb") as f:
        f.write(n)
PY
n_src=$(find "$TMP/src" -type f | wc -l)   # counts; names with LF count once per LF more
mkdir -p "$TMP/case"
new_case "$TMP/case"
expect_exit 0 --json collect files "$TMP/src" --exhibit NAMES
cp "$TMP/out" "$TMP/collect.json"
expect_exit 0 evidence verify NAMES
expect_exit 0 custody verify
expect_exit 0 --json custody log
cp "$TMP/out" "$TMP/log.json"

# the signed entry, unescaped, names exactly the files on both sides
python3 - "$TMP/log.json" "$TMP/case" "$TMP/src" <<'PY' || fail "names are not recorded exactly"
import json, os, re, sys
log, case, src = sys.argv[1], os.fsencode(sys.argv[2]), os.fsencode(sys.argv[3])
d = [e for e in json.load(open(log))["entries"] if e["action"] == "collect"][0]["details"]
assert d.get("name_encoding") == "percent", d.get("name_encoding")
def unescape(s):
    # the documented reversal: every %HH is the byte HH, nothing else changes
    out = bytearray()
    b = s.encode("utf-8")
    i = 0
    while i < len(b):
        if b[i:i+1] == b"%":
            assert re.fullmatch(rb"[0-9A-Fa-f]{2}", b[i+1:i+3]), s
            out.append(int(b[i+1:i+3], 16)); i += 3
        else:
            out.append(b[i]); i += 1
    return bytes(out)
recorded = {}
for f in d["files"]:
    recorded[unescape(f["path"])] = (unescape(f["orig_path"]), f["size"], f["sha256"])
on_disk = set()
for top, dirs, files in os.walk(os.path.join(case, b"evidence/NAMES/files")):
    for n in files:
        on_disk.add(os.path.relpath(os.path.join(top, n), case))
assert set(recorded) == on_disk, (set(recorded) ^ on_disk)
src_files = set()
for top, dirs, files in os.walk(src):
    for n in files:
        src_files.add(os.path.join(top, n))
assert {v[0] for v in recorded.values()} == src_files, ({v[0] for v in recorded.values()} ^ src_files)
import hashlib
for p, (o, size, sha) in recorded.items():
    data = open(os.path.join(case, p), "rb").read()
    assert data == open(o, "rb").read(), p
    assert len(data) == size and hashlib.sha256(data).hexdigest() == sha, p
assert d["total_bytes"] == sum(v[1] for v in recorded.values())
# the escape is only used when needed: every escaped name is UTF-8 text
assert all(re.fullmatch(r"[^%]*(%[0-9A-F]{2}[^%]*)*", f["path"]) for f in d["files"])
print(len(recorded), "names recorded exactly")
PY
test_count=$((test_count + 1))

# a name that is UTF-8 leaves an ordinary entry (no escaping, no flag)
mkdir -p "$TMP/plain"
printf 'x' >"$TMP/plain/100%.log"
printf 'y' >"$TMP/plain/$(printf 'tab\there')"
expect_exit 0 --json collect files "$TMP/plain" --exhibit PLAIN
expect_exit 0 --json custody log
python3 - "$TMP/out" <<'PY' || fail "an all-UTF-8 entry was escaped"
import json, sys
d = [e for e in json.load(open(sys.argv[1]))["entries"] if e["evidence"] == "PLAIN"][0]["details"]
assert "name_encoding" not in d
assert sorted(f["path"] for f in d["files"]) == ["evidence/PLAIN/files/plain/100%.log", "evidence/PLAIN/files/plain/tab\there"]
PY
test_count=$((test_count + 1))
expect_exit 0 evidence verify

# analysed: the signed analyze entry and the --json output name the files
# exactly too (no file here is a log a reader takes: a partial result, 4)
expect_exit 4 --json analyze timeline NAMES --year 2024
cp "$TMP/out" "$TMP/analyze.json"
expect_exit 0 --json custody log
python3 - "$TMP/out" "$TMP/analyze.json" "$TMP/case" <<'PY' || fail "analyze lost or mangled a name"
import json, os, re, sys
def unescape(s):
    b = s.encode("utf-8")
    return re.sub(rb"%([0-9A-F]{2})", lambda m: bytes([int(m.group(1), 16)]), b)
case = os.fsencode(sys.argv[3])
d = [e for e in json.load(open(sys.argv[1]))["entries"]
     if e["action"] == "analyze" and e["evidence"] == "NAMES"][-1]["details"]
assert d.get("name_encoding") == "percent", d.get("name_encoding")
paths = [p["path"] for p in d["partial"]] + list(d.get("readers", {}))
assert len(paths) >= 250, len(paths)
for p in paths:
    assert "\ufffd" not in p, p
    assert os.path.isfile(os.path.join(case, unescape(p))), p
item = json.load(open(sys.argv[2]))["items"][0]
assert item.get("name_encoding") == "percent"
for f in item["files"]:
    assert os.path.isfile(os.path.join(case, unescape(f["path"]))), f["path"]
print(len(paths), "names in the analyze entry, each exact")
PY
test_count=$((test_count + 1))

# sealed: a CA-issued examiner and a local timestamp, as in t3020
casefile_pki "$TMP/pki"
P=$TMP/pki
K="--key $P/examiner.key --cert $P/examiner.pem"
# shellcheck disable=SC2086
expect_exit 0 casefile build -o "$TMP/cf" --include-evidence $K
openssl ts -reply -config "$P/tsa.cnf" -queryfile "$TMP/cf/seal/tagmanifest-sha256.txt.p7s.tsq" \
	-out "$TMP/reply.tsr" 2>"$TMP/ts.err" || { cat "$TMP/ts.err" >&2; fail "local TSA failed"; }
# shellcheck disable=SC2086
expect_exit 0 casefile build -o "$TMP/cf" --tsa-reply "$TMP/reply.tsr" $K
expect_exit 0 casefile verify "$TMP/cf" --ca "$P/ca.pem"
expect_grep '^case file OK' "$TMP/out"
# every collected file is in the bag under its own name, with its bytes
python3 - "$TMP/case" "$TMP/cf/bag/data" <<'PY' || fail "bag copies"
import os, sys
case, data = os.fsencode(sys.argv[1]), os.fsencode(sys.argv[2])
n = 0
for top, dirs, files in os.walk(os.path.join(case, b"evidence")):
    for f in files:
        p = os.path.join(top, f)
        q = os.path.join(data, os.path.relpath(p, case))
        assert open(p, "rb").read() == open(q, "rb").read(), q
        n += 1
assert n == 297 + 2, n
PY
test_count=$((test_count + 1))
# the manifest follows RFC 8493 2.1.3: CR, LF and % percent-encoded, one line per file
python3 - "$TMP/cf/bag/manifest-sha256.txt" "$TMP/cf/bag" <<'PY' || fail "manifest encoding"
import os, sys
lines = open(sys.argv[1], "rb").read().split(b"\n")
assert lines[-1] == b""
listed = set()
for l in lines[:-1]:
    p = l[66:]
    assert b"\r" not in p, p
    raw = bytearray(); i = 0
    while i < len(p):
        if p[i:i+1] == b"%":
            assert p[i+1:i+3].upper() in (b"25", b"0A", b"0D"), p
            raw += {b"25": b"%", b"0A": b"\n", b"0D": b"\r"}[p[i+1:i+3].upper()]; i += 3
        else:
            raw.append(p[i]); i += 1
    listed.add(bytes(raw))
bag = os.fsencode(sys.argv[2])
on_disk = set()
for top, dirs, files in os.walk(os.path.join(bag, b"data")):
    for f in files:
        on_disk.add(os.path.relpath(os.path.join(top, f), bag))
assert listed == on_disk, listed ^ on_disk
PY
test_count=$((test_count + 1))
# the stock tools, as documented for the prosecutor
stock_verify "$TMP/cf" "$P/ca.pem" || { cat "$TMP/stock.out" >&2; fail "stock verification failed at step $(stock_last_step)"; }
expect_grep '^ALL CHECKS PASSED' "$TMP/stock.out"
# and the stock script still catches a changed file with a hostile name
chmod -R u+w "$TMP/cf/bag/data"
f=$(python3 -c 'import os,sys; print(os.fsdecode(os.path.join(os.fsencode(sys.argv[1]), b"evidence/NAMES/files/src/dir\n\xff%\\\t\r/inner\n")), end="")' "$TMP/cf/bag/data")
printf 'changed' >>"$f"
if stock_verify "$TMP/cf" "$P/ca.pem"; then
	cat "$TMP/stock.out" >&2
	fail "the stock script passed a changed file"
fi
[ "$(stock_last_step)" = payload ] || fail "stock script failed at $(stock_last_step), not payload"
expect_exit 1 casefile verify "$TMP/cf" --ca "$P/ca.pem"
[ "$n_src" -gt 250 ] || fail "fixture too small"
done_testing
