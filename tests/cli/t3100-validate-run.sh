#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `lifeline validate` on this machine with every peer present: every check
# runs and passes, and its counts equal counts this test makes itself (fls
# and evtxexport run here, the rule and case files counted here, the
# binary and data hashed here). Then `casefile build --validation` of that
# very file: data/validation.json is the same bytes, and every figure of the
# report's annex "Validation of methods" equals the JSON's.
. "$(dirname "$0")/lib.sh"
need fls evtxexport ewfverify ewfacquire mkfs.ext4 mkfs.vfat mcopy mmd python3 sha256sum
DATA=$SRC/validation
V=$TMP/validation.json

expect_exit 0 validate -o "$V" --data "$DATA"
expect_grep '^validation passed' "$TMP/out"
# never overwritten
expect_exit 5 validate -o "$V" --data "$DATA"

# independent counts
: >"$TMP/fls.counts"
for img in "$DATA"/fs/*; do
	echo "$(basename "$img") $(fls -r -m / "$img" | wc -l)" >>"$TMP/fls.counts"
done
: >"$TMP/evtx.counts"
for f in "$DATA"/evtx/*.evtx; do
	echo "$(basename "$f") $(evtxexport -f xml "$f" 2>/dev/null | grep -c '<EventRecordID>')" >>"$TMP/evtx.counts"
done
rules=$(ls "$SRC"/rules/builtin/*.yml | wc -l)
cases=$(grep -vc -e '^#' -e '^$' "$DATA/sigma/cases.tsv")
self=$(sha256sum "$LIFELINE" | cut -d' ' -f1)
ver=$("$LIFELINE" version | sed -n '1s/^lifeline //p')

python3 - "$V" "$TMP/fls.counts" "$TMP/evtx.counts" "$rules" "$cases" "$self" "$ver" "$DATA" <<'PY' || fail "validation.json disagrees with the independent counts (above)"
import hashlib, json, os, sys
v = json.load(open(sys.argv[1]))
fls = dict(l.split() for l in open(sys.argv[2]))
evtx = dict(l.split() for l in open(sys.argv[3]))
rules, cases, self, ver, data = int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], sys.argv[7], sys.argv[8]
bad = []
def want(cond, msg):
    if not cond: bad.append(msg)
want(v["schema"] == "lifeline.validation/1", "schema")
want(v["lifeline"]["sha256"] == self, "binary sha256 %s != %s" % (v["lifeline"]["sha256"], self))
want(v["lifeline"]["version"] == ver, "version")
want(v["host"] == os.uname().nodename, "host")
checks = {c["id"]: c for c in v["checks"]}
want(sorted(checks) == ["e01-verify", "evtx-records", "fs-bodyfile", "sigma-regression", "tamper"], "checks %s" % sorted(checks))
for c in v["checks"]:
    want(c["status"] == "pass", "%s: %s %s" % (c["id"], c["status"], c.get("reason")))
    want(c["counts"]["compared"] == sum(d["counts"]["compared"] for d in c["data"]), c["id"] + ": total")
    want(c["counts"]["differing"] == 0 and c["counts"]["equal"] == c["counts"]["compared"] > 0, c["id"] + ": counts")
    want(c["limits"], c["id"] + ": no limits")
    for d in c["data"]:
        if d.get("sha256") and d["name"] in fls:
            p = os.path.join(data, "fs", d["name"])
            want(d["sha256"] == hashlib.sha256(open(p, "rb").read()).hexdigest(), d["name"] + " sha256")
            want(d["size"] == os.path.getsize(p), d["name"] + " size")
fs = {d["name"]: d for d in checks["fs-bodyfile"]["data"]}
for name, n in fls.items():
    want(fs[name]["counts"]["compared"] == int(n) == fs[name]["counts"]["equal"], "fs %s: %s vs fls %s" % (name, fs[name]["counts"], n))
want(len(fs) == len(fls) + 2, "fs: the two images made on the spot")
ev = {d["name"]: d for d in checks["evtx-records"]["data"]}
want(sorted(ev) == sorted(evtx), "evtx files")
for name, n in evtx.items():
    want(ev[name]["counts"]["compared"] == int(n) == ev[name]["counts"]["equal"], "evtx %s: %s vs evtxexport %s" % (name, ev[name]["counts"], n))
    p = os.path.join(data, "evtx", name)
    want(ev[name]["sha256"] == hashlib.sha256(open(p, "rb").read()).hexdigest(), name + " sha256")
sg = checks["sigma-regression"]
want(len(sg["data"]) == cases and sg["counts"]["compared"] == rules * cases, "sigma: %d cases x %d rules, got %s" % (cases, rules, sg["counts"]))
t = checks["tamper"]
want(t["caught"] == t["tried"] == 3 and t["counts"]["compared"] == 4, "tamper %s/%s" % (t.get("caught"), t.get("tried")))
want(checks["e01-verify"]["counts"]["compared"] == 3, "e01")
want(v["summary"] == {"run": 5, "passed": 5, "failed": 0, "not_run": 0}, "summary %s" % v["summary"])
want("zero" in v["statement"] and "bounds" in v["statement"], "statement")
for b in bad: print("  " + b)
sys.exit(1 if bad else 0)
PY
test_count=$((test_count + 1))

# --- the annex, from the same file ---
new_case
printf 'note\n' >"$TMP/note.txt"
expect_exit 0 collect files "$TMP/note.txt"
expect_exit 0 casefile build -o "$TMP/cf" --no-pdf --validation "$V"
expect_same "$V" "$TMP/cf/bag/data/validation.json" "data/validation.json is not the run's file"
expect_grep ' data/validation.json$' "$TMP/cf/bag/manifest-sha256.txt"
ll --json key show
fpr=$(json_get "$TMP/out" 'd["fingerprint"]')
expect_exit 0 casefile verify "$TMP/cf" --signer-fingerprint "$fpr"
python3 - "$V" "$TMP/cf/bag/data/report.html" <<'PY' || fail "the annex's figures differ from validation.json (above)"
import html, json, re, sys
v = json.load(open(sys.argv[1]))
page = open(sys.argv[2], encoding="utf-8").read()
sec = page[page.index('<section id="validation">'):]
sec = sec[:sec.index("</section>")]
cells = {}
for m in re.finditer(r'<td class="n" data-check="([^"]*)"(?: data-item="([^"]*)")? data-count="(\w+)">(\d+)</td>', sec):
    cells[(html.unescape(m.group(1)), html.unescape(m.group(2) or ""), m.group(3))] = int(m.group(4))
bad = []
n = 0
for c in v["checks"]:
    for k in ("compared", "equal", "differing"):
        n += 1
        if cells.get((c["id"], "", k)) != c["counts"][k]:
            bad.append("%s %s: annex %s, json %s" % (c["id"], k, cells.get((c["id"], "", k)), c["counts"][k]))
        for d in c["data"]:
            n += 1
            if cells.get((c["id"], d["name"], k)) != d["counts"][k]:
                bad.append("%s/%s %s: annex %s, json %s" % (c["id"], d["name"], k, cells.get((c["id"], d["name"], k)), d["counts"][k]))
if len(cells) != n:
    bad.append("annex has %d count cells, json %d" % (len(cells), n))
text = re.sub(r"<[^>]+>", "", sec)
for s in (v["date"], v["host"], v["lifeline"]["sha256"]):
    if s not in text: bad.append("annex lacks " + s)
for c in v["checks"]:
    if c["peer"].get("version") and html.escape(c["peer"]["version"], quote=False) not in sec:
        bad.append("annex lacks the version of " + c["peer"]["tool"])
total = sum(c["counts"]["compared"] for c in v["checks"])
if "These %d comparisons" % total not in text: bad.append("total %d not stated" % total)
if "bounds, but does not exclude, error" not in text: bad.append("no bounds sentence")
if text.count("passed") != 5: bad.append("results: %d passed" % text.count("passed"))
for b in bad: print("  " + b)
sys.exit(1 if bad else 0)
PY
test_count=$((test_count + 1))
# nowhere a claim of no error
expect_no_grep '[Ee]rror rate of zero|[Zz]ero error rate (is|was)|[Nn]o error rate|[Ee]rror-free|[Ii]nfallible|[Nn]ever (errs|wrong)' "$TMP/cf/bag/data/report.html"

# without --validation the annex says no run was supplied, invents none
expect_exit 0 casefile build -o "$TMP/cf2" --no-pdf
expect_grep 'No validation run was supplied' "$TMP/cf2/bag/data/report.html"
expect_no_grep 'data-count=' "$TMP/cf2/bag/data/report.html"
[ ! -e "$TMP/cf2/bag/data/validation.json" ] || fail "a validation.json without --validation"
done_testing
