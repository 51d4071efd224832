#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Hostile Sigma correlation rules: a timespan of 10^26 days, negative and
# 2^64 counts, a group-by of a million fields, a million referenced rules
# are each refused with the file and the field named, quickly, and the
# other rules of the set still run; 100,000 source addresses (100,000
# groups) each failing once are evaluated in one pass, with no finding.
. "$(dirname "$0")/../cli/lib.sh"
need python3 sqlite3
mkdir "$TMP/r"
cat >"$TMP/r/base.yml" <<'YML'
title: failed
id: 10000000-0000-0000-0000-00000000000a
name: failed
logsource: {product: linux, service: sshd}
detection:
  sel: {Outcome: failure}
  condition: sel
YML
cat >"$TMP/r/ok.yml" <<'YML'
title: two failures from one address
id: 20000000-0000-0000-0000-00000000000a
correlation: {type: event_count, rules: [failed], group-by: [SourceIp], timespan: 1h, condition: {gte: 2}}
YML
cat >"$TMP/r/span.yml" <<'YML'
title: huge timespan
correlation: {type: event_count, rules: [failed], timespan: 99999999999999999999999999d, condition: {gte: 2}}
YML
cat >"$TMP/r/neg.yml" <<'YML'
title: negative count
correlation: {type: event_count, rules: [failed], timespan: 1h, condition: {gte: -5}}
YML
cat >"$TMP/r/big.yml" <<'YML'
title: count past 2^64
correlation: {type: event_count, rules: [failed], timespan: 1h, condition: {gt: 18446744073709551616}}
YML
python3 - "$TMP/r" "$TMP/auth.log" <<'PY'
import sys
d, log = sys.argv[1:3]
with open(d + "/groups.yml", "w") as f:
    f.write("title: a million group-by fields\ncorrelation:\n  type: event_count\n  rules: [failed]\n"
            "  timespan: 1h\n  condition: {gte: 2}\n  group-by:\n")
    f.writelines("    - f%d\n" % i for i in range(1000000))
with open(d + "/rules.yml", "w") as f:
    f.write("title: a million rules\ncorrelation:\n  type: temporal\n  timespan: 1h\n  rules:\n")
    f.writelines("    - r%d\n" % i for i in range(1000000))
with open(log, "w") as f:
    for i in range(100000):
        f.write("Nov  2 10:%02d:%02d hosta sshd[1]: Failed password for root from 10.%d.%d.%d port 1 ssh2\n"
                % (i // 60 % 60, i % 60, i >> 16, (i >> 8) & 255, i & 255))
PY
new_case
add_evidence file "$TMP/auth.log" >/dev/null
expect_exit 0 analyze timeline --year 2021
start=$(date +%s)
expect_exit 0 --json analyze detect --rules "$TMP/r" --no-fs
took=$(( $(date +%s) - start ))
cp "$TMP/out" "$TMP/d.json"
python3 - "$TMP/d.json" <<'PY' || fail "hostile correlations not refused as expected: $(cat "$TMP/d.json")"
import json, sys
d = json.load(open(sys.argv[1]))
sk = {s["path"]: s for s in d["skipped_rules"]}
want = {"span.yml": "correlation timespan", "neg.yml": "correlation condition",
        "big.yml": "correlation condition", "groups.yml": "correlation field",
        "rules.yml": "correlation field"}
for p, r in want.items():
    assert sk[p]["reason"] == r, (p, sk.get(p))
    assert p in sk[p]["detail"], sk[p]
assert "group-by: 1000000 entries" in sk["groups.yml"]["detail"], sk["groups.yml"]
assert len(sk) == len(want), sk
assert d["rules"] == 2, d["rules"]
PY
test_count=$((test_count + 1))
expect_exit 0 --json findings list
[ "$(json_get "$TMP/out" 'd["count"]')" = 0 ] || fail "a finding from 100,000 single failures"
test_count=$((test_count + 1))
[ "$took" -lt 60 ] || fail "detect took $took s over 100,000 groups"
done_testing
