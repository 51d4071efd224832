#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The built-in SSH correlations on a systemd journal (ward1) and on an
# auth.log (ward2): in the journal, 25 failed passwords over 12 accounts
# from 198.51.100.20 in 5 minutes, then an accepted logon from it, give one
# brute-force, one spraying and one success-after-failures finding on
# ward1, citing the journal's entries; a second address failing 19 times
# (one account) gives none. In the auth.log, 12 accounts failing once each
# from one address is spraying only (12 < 20 failures); 9 accounts is nothing.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
JR=/lib/systemd/systemd-journal-remote
[ -x "$JR" ] || JR=/usr/lib/systemd/systemd-journal-remote
[ -x "$JR" ] || skip "needs systemd-journal-remote"

python3 - "$TMP/x.export" "$TMP/auth.log" <<'PY'
import sys
boot = "0123456789abcdef0123456789abcdef"
t0 = 1635890400 * 10**6   # 2021-11-02T22:00:00Z, microseconds
out = []
def entry(t, msg):
    out.append("__REALTIME_TIMESTAMP=%d\n__MONOTONIC_TIMESTAMP=%d\n_BOOT_ID=%s\n_HOSTNAME=ward1\n"
               "SYSLOG_IDENTIFIER=sshd\n_PID=77\nPRIORITY=6\nMESSAGE=%s\n\n" % (t, t - t0 + 1, boot, msg))
users = ["u%02d" % i for i in range(12)]
t = t0
for i in range(25):
    entry(t, "Failed password for %s from 198.51.100.20 port %d ssh2" % (users[i % 12], 40000 + i))
    t += 10 * 10**6
entry(t + 5 * 10**6, "Accepted password for u03 from 198.51.100.20 port 41000 ssh2")
for i in range(19):
    entry(t + (100 + i) * 10**6, "Failed password for root from 198.51.100.21 port %d ssh2" % (50000 + i))
open(sys.argv[1], "w").write("".join(out))
with open(sys.argv[2], "w") as f:
    for i in range(12):
        f.write("Nov  2 10:00:%02d ward2 sshd[5]: Failed password for invalid user s%02d from 192.0.2.30 port %d ssh2\n" % (i, i, 1000 + i))
    for i in range(9):
        f.write("Nov  2 11:00:%02d ward2 sshd[5]: Failed password for invalid user t%02d from 192.0.2.31 port %d ssh2\n" % (i, i, 1000 + i))
PY
"$JR" -o "$TMP/x.journal" - <"$TMP/x.export" 2>"$TMP/jr.err" ||
	{ cat "$TMP/jr.err" >&2; fail "systemd-journal-remote"; }
new_case
j=$(add_evidence file "$TMP/x.journal")
a=$(add_evidence file "$TMP/auth.log")
expect_exit 0 analyze timeline --year 2021
expect_exit 0 --json analyze detect --no-fs
expect_exit 0 --json findings list
cp "$TMP/out" "$TMP/f.json"
python3 - "$TMP/f.json" case.db "$j" <<'PY' >"$TMP/py.out" 2>&1 || { cat "$TMP/py.out" >&2; fail "journal and auth.log correlations"; }
import json, sqlite3, sys
fs = json.load(open(sys.argv[1]))["findings"]
db = sqlite3.connect(sys.argv[2])
def ids(where, *args):
    return sorted(r[0] for r in db.execute("SELECT id FROM events WHERE " + where, args))
# the accepted logon is also the address's first on ward1 (docs/rules.md); ward2's only failed
fl = [f for f in fs if f["rule_id"] == "movement.first_logon_external"]
fs = [f for f in fs if f not in fl]
assert [(f["host"], f["details"]["from_addr"]) for f in fl] == [("ward1", "198.51.100.20")], fl
got = sorted((f["rule_id"], f["host"], f["details"]["group"]["SourceIp"]) for f in fs)
BF, SPRAY, SAF = ("a5c55e14-5670-426e-976e-05871b4bc96d", "2fc0b593-64d9-4189-a10e-58752f47e7e9",
                  "ac1433f9-a2a5-4021-b63f-12db1946b212")
want = sorted([(BF, "ward1", "198.51.100.20"), (SPRAY, "ward1", "198.51.100.20"),
               (SAF, "ward1", "198.51.100.20"), (SPRAY, "ward2", "192.0.2.30")])
assert got == want, got
fails = ids("evidence_id = ? AND message LIKE '%198.51.100.20 %' AND message LIKE 'Failed%'", sys.argv[3])
acc = ids("evidence_id = ? AND message LIKE 'Accepted%'", sys.argv[3])
assert len(fails) == 25 and len(acc) == 1, (fails, acc)
assert fl[0]["event_ids"] == acc, fl[0]["event_ids"]
by = {(f["rule_id"], f["host"]): f for f in fs}
assert sorted(by[(BF, "ward1")]["event_ids"]) == fails
assert sorted(by[(SPRAY, "ward1")]["event_ids"]) == fails and by[(SPRAY, "ward1")]["details"]["count"] == 12
saf = by[(SAF, "ward1")]
assert acc[0] in saf["event_ids"] and set(saf["event_ids"]) - set(acc) <= set(fails)
assert saf["last"].startswith("2021-11-02T22:04:15"), saf["last"]
assert by[(SPRAY, "ward2")]["details"]["count"] == 12 and len(by[(SPRAY, "ward2")]["event_ids"]) == 12
print("ok")
PY
test_count=$((test_count + 1))
done_testing
