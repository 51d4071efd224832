#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# data/case.jsonld conforms to CASE 1.4.0 (../shared/tools/case-validate/validate --strict,
# which installs its npm packages on first use), and the validator does reject a broken graph.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/casefile_fixture.sh"
need sqlite3 python3 node npm
# The validator is node, not our code, and the graph is the same in every
# build (t3000 builds it under the sanitizers): tests/nosan leaves this test
# out of the sanitizer pass.
V=$SHARED/tools/case-validate/validate
[ -x "$V" ] || skip "no CASE validator at $V"
# keep the npm packages between runs (HOME is a fresh temporary folder)
export CASE_VALIDATE_CACHE="${LL_BUILD_DIR:-$TMP}/case-validate-cache"
export LIFELINE_NOW=2025-10-12T09:00:00Z

casefile_case "$TMP/case"
expect_exit 0 casefile build -o "$TMP/cf" --include-evidence
J=$TMP/cf/bag/data/case.jsonld
# structural rules checked here too: every node has an id ending in a UUIDv5
python3 - "$J" <<'PY' || fail "case.jsonld structure"
import json, re, sys
d = json.load(open(sys.argv[1]))
ids = set()
def walk(v):
    if isinstance(v, dict):
        if "@type" in v and v["@type"] not in ("xsd:dateTime", "xsd:hexBinary"):
            assert re.fullmatch(r"kb:[A-Za-z]+-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", v.get("@id", "")), v
            ids.add(v["@id"])
        for x in v.values(): walk(x)
    elif isinstance(v, list):
        for x in v: walk(x)
walk(d["@graph"])
types = json.dumps(d)
for t in ["case-investigation:Investigation", "case-investigation:Authorization", "uco-identity:Person",
          "case-investigation:Examiner", "uco-tool:ConfiguredTool", "uco-observable:StorageMedium",
          "uco-observable:Image", "case-investigation:ProvenanceRecord", "uco-analysis:AnalyticResult",
          "uco-core:Event", "Copied_From"]:
    assert t in types, t
assert len(ids) > 50, len(ids)
PY
"$V" --strict "$J" >"$TMP/v.out" 2>&1 || { cat "$TMP/v.out" >&2; fail "case.jsonld does not conform to CASE 1.4.0"; }
expect_grep 'conforms' "$TMP/v.out"

# negative control (a small graph, to keep the run short): a node without an id and a
# provenance record with two exhibit numbers must be rejected
python3 - "$J" "$TMP/bad.jsonld" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
keep = []
for n in d["@graph"]:
    if n["@type"] == "case-investigation:ProvenanceRecord" and not any(k["@type"] == n["@type"] for k in keep):
        n["case-investigation:exhibitNumber"] = [n["case-investigation:exhibitNumber"], "X-2"]
        n.pop("uco-core:object", None)
        keep.append(n)
    elif n["@type"] == "uco-tool:Tool" and not any(k["@type"] == n["@type"] for k in keep):
        del n["@id"]
        keep.append(n)
d["@graph"] = keep
json.dump(d, open(sys.argv[2], "w"))
PY
test_count=$((test_count + 1))
if "$V" --strict "$TMP/bad.jsonld" >"$TMP/v.out" 2>&1; then
	cat "$TMP/v.out" >&2
	fail "the validator accepted a broken graph"
fi
done_testing
