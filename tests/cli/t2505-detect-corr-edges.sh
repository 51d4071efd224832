#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Sigma correlation rules on a hand-written auth log, each edge checked on
# the events cited: two failures exactly the timespan apart are one window,
# a second more are none; a failure without a source address (group-by
# field missing) counts nowhere; value_count counts repeated users once;
# a temporal rule whose second rule never matched gives nothing; two hosts
# give one finding each; a correlation naming an unknown rule or another
# correlation is refused and named; a sudo rule (service: auth) matches
# the sudo line with its fields.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3

{
	# host a: 203.0.113.1 fails at 10:00:00 and 10:01:00 (60 s: exactly the timespan)
	echo 'Nov  2 10:00:00 hosta sshd[1]: Failed password for root from 203.0.113.1 port 1 ssh2'
	echo 'Nov  2 10:01:00 hosta sshd[1]: Failed password for root from 203.0.113.1 port 2 ssh2'
	# 203.0.113.2 fails at 10:00:00 and 10:01:01 (61 s: too far apart)
	echo 'Nov  2 10:00:00 hosta sshd[2]: Failed password for root from 203.0.113.2 port 1 ssh2'
	echo 'Nov  2 10:01:01 hosta sshd[2]: Failed password for root from 203.0.113.2 port 2 ssh2'
	# failures with no address: no SourceIp, in no group
	echo 'Nov  2 10:00:10 hosta sshd[3]: Failed password for root'
	echo 'Nov  2 10:00:20 hosta sshd[3]: Failed password for root'
	# 203.0.113.3: 3 users, each three times (value_count 3, not 9)
	for u in ann bob cid ann bob cid ann bob cid; do
		echo "Nov  2 11:00:0${#u} hosta sshd[4]: Failed password for invalid user $u from 203.0.113.3 port 9 ssh2"
	done
	echo 'Nov  2 12:00:00 hosta sudo:    ann : TTY=pts/1 ; PWD=/home/ann ; USER=root ; COMMAND=/usr/bin/id -u'
	# host b: the same address as host a's first pair, its own finding
	echo 'Nov  2 10:00:00 hostb sshd[1]: Failed password for root from 203.0.113.1 port 3 ssh2'
	echo 'Nov  2 10:00:30 hostb sshd[1]: Failed password for root from 203.0.113.1 port 4 ssh2'
} >"$TMP/auth.log"
mkdir "$TMP/r"
cat >"$TMP/r/base_failed.yml" <<'YML'
title: failed
id: 10000000-0000-0000-0000-000000000001
name: failed
logsource: {product: linux, service: sshd}
detection:
  sel: {Outcome: failure}
  condition: sel
YML
cat >"$TMP/r/base_sudo.yml" <<'YML'
title: sudo to root
id: 10000000-0000-0000-0000-000000000002
name: sudo_root
logsource: {product: linux, service: auth}
detection:
  sel: {TargetUser: root, CommandLine|startswith: '/usr/bin/id', User: ann, CurrentDirectory: /home/ann}
  condition: sel
YML
cat >"$TMP/r/count.yml" <<'YML'
title: two failures in a minute
id: 20000000-0000-0000-0000-000000000001
correlation:
  type: event_count
  rules: [failed]
  group-by: [SourceIp]
  timespan: 60s
  condition: {gte: 2, lte: 2}
YML
cat >"$TMP/r/users3.yml" <<'YML'
title: three users
id: 20000000-0000-0000-0000-000000000002
correlation:
  type: value_count
  rules: [10000000-0000-0000-0000-000000000001]
  group-by: [SourceIp]
  timespan: 1m
  condition: {field: User, gte: 3}
YML
cat >"$TMP/r/users4.yml" <<'YML'
title: four users
id: 20000000-0000-0000-0000-000000000003
correlation:
  type: value_count
  rules: [failed]
  group-by: [SourceIp]
  timespan: 1m
  condition: {field: User, gte: 4}
YML
cat >"$TMP/r/temporal.yml" <<'YML'
title: failure then sudo by the same user within a minute
id: 20000000-0000-0000-0000-000000000004
correlation:
  type: temporal
  rules: [failed, sudo_root]
  group-by: [User]
  timespan: 1m
YML
cat >"$TMP/r/unknown.yml" <<'YML'
title: names a rule nobody has
id: 20000000-0000-0000-0000-000000000005
correlation:
  type: temporal
  rules: [failed, no_such_rule]
  timespan: 1h
YML
cat >"$TMP/r/corrcorr.yml" <<'YML'
title: names a correlation
id: 20000000-0000-0000-0000-000000000006
correlation:
  type: event_count
  rules: [20000000-0000-0000-0000-000000000001]
  timespan: 1h
  condition: {gte: 1}
YML
new_case
a=$(add_evidence file "$TMP/auth.log")
expect_exit 0 analyze timeline --year 2021
expect_exit 0 --json analyze detect --rules "$TMP/r" --no-fs
cp "$TMP/out" "$TMP/d.json"
python3 - "$TMP/d.json" <<'PY' || fail "refusals"
import json, sys
d = json.load(open(sys.argv[1]))
sk = {s["path"]: s for s in d["skipped_rules"]}
assert sk["unknown.yml"]["reason"] == "correlation: unknown rule", sk
assert "'no_such_rule'" in sk["unknown.yml"]["detail"] and "unknown.yml" in sk["unknown.yml"]["detail"], sk
assert sk["corrcorr.yml"]["reason"] == "correlation of a correlation", sk
assert len(sk) == 2, sk
PY
test_count=$((test_count + 1))
expect_exit 0 --json findings list
cp "$TMP/out" "$TMP/f.json"
python3 - "$TMP/f.json" case.db <<'PY' >"$TMP/py.out" 2>&1 || { cat "$TMP/py.out" >&2; fail "correlation edges"; }
import json, sqlite3, sys
fs = json.load(open(sys.argv[1]))["findings"]
db = sqlite3.connect(sys.argv[2])
def ids(where):
    return sorted(r[0] for r in db.execute("SELECT id FROM events WHERE " + where))
def of(rule):
    return sorted((f for f in fs if f["rule_id"] == rule), key=lambda f: (f["host"], f["title"]))
c = of("20000000-0000-0000-0000-000000000001")
# hosta 203.0.113.1 (exactly 60 s), hostb 203.0.113.1; not 203.0.113.2 (61 s), not the address-less pair
assert [(f["host"], f["details"]["group"]["SourceIp"]) for f in c] == \
    [("hosta", "203.0.113.1"), ("hostb", "203.0.113.1")], c
assert sorted(c[0]["event_ids"]) == ids("host = 'hosta' AND message LIKE '%from 203.0.113.1 %'"), c[0]
assert sorted(c[1]["event_ids"]) == ids("host = 'hostb'"), c[1]
assert c[0]["first"].startswith("2021-11-02T10:00:00") and c[0]["last"].startswith("2021-11-02T10:01:00"), c[0]
u3 = of("20000000-0000-0000-0000-000000000002")
assert len(u3) == 1 and u3[0]["details"]["count"] == 3 and u3[0]["details"]["group"] == {"SourceIp": "203.0.113.3"}, u3
assert sorted(u3[0]["event_ids"]) == ids("message LIKE '%203.0.113.3%'") and len(u3[0]["event_ids"]) == 9, u3
assert of("20000000-0000-0000-0000-000000000003") == [], "value_count counted repeated users"
assert of("20000000-0000-0000-0000-000000000004") == [], "temporal fired with its second rule an hour away"
# the referenced rules give no finding of their own
assert of("10000000-0000-0000-0000-000000000001") == [] and of("10000000-0000-0000-0000-000000000002") == []
assert len(fs) == 3, [f["title"] for f in fs]
print("ok")
PY
test_count=$((test_count + 1))
# the sudo line matched its auth rule (fields User, TargetUser, CommandLine, CurrentDirectory):
# a temporal with it and a failure of the same user within a minute fires once the failure is near
cat >"$TMP/r/temporal.yml" <<'YML'
title: failure then sudo by the same user within a day
id: 20000000-0000-0000-0000-000000000004
correlation:
  type: temporal
  rules: [failed, sudo_root]
  group-by: [User]
  timespan: 1d
YML
expect_exit 0 --json analyze detect --rules "$TMP/r" --no-fs
expect_exit 0 --json findings list --rule 20000000-0000-0000-0000-000000000004
[ "$(json_get "$TMP/out" '[f["details"]["group"]["User"] for f in d["findings"]]')" = "['ann']" ] ||
	fail "temporal failure+sudo for ann: $(cat "$TMP/out")"

# one file, three YAML documents (Sigma's way to ship a correlation with its
# rules): the rule and the correlation load as multi.yml#1 and #2; the third,
# broken, is refused by its own name with the file's line number; the other
# two still run
cat >"$TMP/r/multi.yml" <<'YML'
# a correlation and its rule in one file
title: failed from 203.0.113.3
id: 30000000-0000-0000-0000-000000000001
name: failed_3
logsource: {product: linux, service: sshd}
detection:
  sel: {Outcome: failure, SourceIp: 203.0.113.3}
  condition: sel
---
title: nine failures from .3
id: 30000000-0000-0000-0000-000000000002
correlation:
  type: event_count
  rules: [failed_3]
  timespan: 1m
  condition: {eq: 9}
...
---
title: broken
detection: [unclosed
YML
expect_exit 0 --json analyze detect --rules "$TMP/r" --no-fs
cp "$TMP/out" "$TMP/m.json"
python3 - "$TMP/m.json" <<'PY' || fail "multi-document file: $(cat "$TMP/m.json")"
import json, sys
d = json.load(open(sys.argv[1]))
sk = {s["path"]: s for s in d["skipped_rules"]}
assert set(sk) == {"unknown.yml", "corrcorr.yml", "multi.yml#3"}, sk
assert "rule 'multi.yml#3'" in sk["multi.yml#3"]["detail"] and "line 21" in sk["multi.yml#3"]["detail"], sk
PY
test_count=$((test_count + 1))
expect_exit 0 --json findings list --rule 30000000-0000-0000-0000-000000000002
[ "$(json_get "$TMP/out" '[(f["host"], len(f["event_ids"]), f["details"]["rule_file"]) for f in d["findings"]]')" = "[('hosta', 9, 'multi.yml#2')]" ] ||
	fail "correlation from a multi-document file: $(cat "$TMP/out")"
done_testing
