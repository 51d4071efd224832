#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The peers are oracles, so a wrong peer must show: a fake `fls` first in
# PATH that prints one wrong line makes the fs check FAIL (one differing line
# per image) and `lifeline validate` exit 1, the other checks still passing;
# a peer that hangs is killed at --timeout and its check fails; a missing peer
# leaves its check listed as "not run: <tool> missing", never dropped.
. "$(dirname "$0")/lib.sh"
need fls evtxexport ewfverify mkfs.ext4 mkfs.vfat mcopy mmd python3
DATA=$SRC/validation
real_fls=$(command -v fls)
mkdir -p "$TMP/bin"
cat >"$TMP/bin/fls" <<SH
#!/bin/sh
"$real_fls" "\$@" || exit
echo '0|/planted-by-the-fake-fls|99|r/rrw-r--r--|0|0|1|0|0|0|0'
SH
chmod +x "$TMP/bin/fls"
PATH=$TMP/bin:$PATH expect_exit 1 validate -o "$TMP/v.json" --data "$DATA"
expect_grep '^validation FAILED' "$TMP/out"
expect_grep '^  fs-bodyfile +fail' "$TMP/out"
images=$(($(ls "$DATA"/fs | wc -l) + 2))
python3 - "$TMP/v.json" "$images" <<'PY' || fail "the sabotaged fls was not caught as expected (above)"
import json, sys
v = json.load(open(sys.argv[1])); images = int(sys.argv[2])
c = {x["id"]: x for x in v["checks"]}
fs = c["fs-bodyfile"]
bad = []
if fs["status"] != "fail": bad.append("fs status " + fs["status"])
if len(fs["data"]) != images or any(d["counts"]["differing"] != 1 or d["result"] != "fail" for d in fs["data"]):
    bad.append("each image must differ by exactly the planted line: %s" % [d["counts"] for d in fs["data"]])
if fs["counts"]["differing"] != images: bad.append("fs differing %d" % fs["counts"]["differing"])
for k in ("evtx-records", "sigma-regression", "tamper", "e01-verify"):
    if c[k]["status"] != "pass": bad.append(k + " " + c[k]["status"])
if v["summary"]["failed"] != 1: bad.append("summary %s" % v["summary"])
for b in bad: print("  " + b)
sys.exit(1 if bad else 0)
PY
test_count=$((test_count + 1))
# a failed run still goes into a case file, shown as failed
new_case
printf 'x\n' >"$TMP/x.txt"
expect_exit 0 collect files "$TMP/x.txt"
expect_exit 0 casefile build -o "$TMP/cf" --no-pdf --validation "$TMP/v.json"
expect_grep 'data-check="fs-bodyfile">(<strong>)?FAILED' "$TMP/cf/bag/data/report.html"
cd "$TMP"

# a hanging fls is killed at the time limit: the check fails, the run ends
cat >"$TMP/bin/fls" <<'SH'
#!/bin/sh
exec sleep 60
SH
start=$(date +%s)
mkdir -p "$TMP/empty"
PATH=$TMP/bin:$PATH expect_exit 1 validate -o "$TMP/v2.json" --data "$TMP/empty" --timeout 2
[ $(($(date +%s) - start)) -lt 50 ] || fail "the hung fls was not killed at --timeout"
[ "$(json_get "$TMP/v2.json" '[c["status"] for c in d["checks"] if c["id"] == "fs-bodyfile"][0]')" = fail ] ||
	fail "a hung fls did not fail the fs check"

# missing peers: a PATH with the image tools but neither fls, evtxexport nor ewfverify
mkdir -p "$TMP/bin2"
for t in mkfs.ext4 mkfs.vfat mcopy mmd cp; do ln -s "$(command -v $t)" "$TMP/bin2/$t"; done
PATH=$TMP/bin2 expect_exit 0 validate -o "$TMP/v3.json" --data "$TMP/empty"
expect_grep '^  fs-bodyfile +not run: fls missing' "$TMP/out"
expect_grep '^  evtx-records +not run: evtxexport missing' "$TMP/out"
expect_grep '^  e01-verify +not run: ewfverify missing' "$TMP/out"
[ "$(json_get "$TMP/v3.json" 'd["summary"]["not_run"]')" = 4 ] || fail "not-run checks not listed (fs, evtx, sigma, e01)"
# and --data without EVTX: the check is listed as not run, with the reason
expect_exit 0 validate -o "$TMP/v4.json" --data "$TMP/empty"
expect_grep '^  evtx-records +not run: no EVTX' "$TMP/out"
expect_grep '^  sigma-regression +not run: no regression cases' "$TMP/out"
# usage errors
expect_exit 2 validate --timeout 0
expect_exit 2 validate --data "$TMP/nowhere"
done_testing
