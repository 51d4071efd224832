#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A correlation grouped by two fields given out of name order (User, then
# SourceIp) on an auth.log: its finding's group object and its title list
# the values in name order (SourceIp, then User), as they did when each
# match kept its group as JSON text dumped with sorted keys; the group is
# now rebuilt from the match's key when the finding is written
# (analyze/detect/detect_corr.c). A value holding the key's own separators
# (":" and digits: "9:x") comes back whole. The sshd lines also give the
# movement edges, read through detect's second connection (one per line).
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
mkdir -p "$TMP/rules"
cat >"$TMP/rules/fail.yml" <<'YML'
title: failed password
id: 0e7f3c52-7d0a-4b8e-9a51-3d1f0c2b5a10
name: t3113_failed
status: test
logsource:
    product: linux
    service: sshd
detection:
    selection:
        Outcome: failure
    condition: selection
level: low
YML
cat >"$TMP/rules/corr.yml" <<'YML'
title: repeated failures
id: 6b2d8e41-95c7-4f3a-b0d2-7e8a1c4f9b21
status: test
correlation:
    type: event_count
    rules:
        - t3113_failed
    group-by:
        - User
        - SourceIp
    timespan: 10m
    condition:
        gte: 3
level: high
YML
for i in 1 2 3; do
	echo "Nov  2 10:00:0$i ward3 sshd[5]: Failed password for invalid user 9:x from 192.0.2.40 port 100$i ssh2"
done >"$TMP/auth.log"
new_case
add_evidence file "$TMP/auth.log" >/dev/null
expect_exit 0 analyze timeline --year 2021
expect_exit 0 --json analyze detect --no-fs --rules "$TMP/rules"
expect_exit 0 --json findings list
python3 - "$TMP/out" <<'PY' >"$TMP/py.out" 2>&1 || { cat "$TMP/py.out" >&2; fail "group order"; }
import json, sys
fs = [f for f in json.load(open(sys.argv[1]))["findings"] if f["rule_id"].startswith("6b2d8e41")]
assert len(fs) == 1, fs
f = fs[0]
assert list(f["details"]["group"].items()) == [("SourceIp", "192.0.2.40"), ("User", "9:x")], f["details"]
assert f["title"] == "repeated failures: SourceIp=192.0.2.40, User=9:x", f["title"]
assert f["event_count"] == 3, f
PY
[ "$(sqlite3 case.db "SELECT count(*) FROM movement_edges WHERE kind = 'ssh-failed' AND from_addr = '192.0.2.40'")" = 3 ] ||
	fail "movement edges of the three sshd lines"
done_testing
