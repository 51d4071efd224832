#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The sample incident's first access, found by the built-in Sigma
# correlation rules over labsrv01's syslog: one SSH brute-force finding from
# 203.0.113.45 citing exactly its 240 failed passwords, one
# success-after-failures finding ending at the accepted logon of 2 Nov
# 22:31:40Z (labadmin) and citing only that address's failures and that
# logon; no spraying finding (8 account names are a guessing list, not a
# spray), no finding for labtech's daily key logons or the later logons of
# 3 and 13 Nov; the 7045 service installs on FS03 found, citing the 244
# installs; no remote-service correlation (the Security log holds no
# network logon of 3 Nov); labadmin's two sudo commands on labsrv01 (deploy.py
# from /tmp, xfreerdp) found by the built-in sudo rules, each citing its line.
. "$(dirname "$0")/lib.sh"
need mkfs.ext4 debugfs openssl perl python3 sqlite3

sh "$SRC/docs/example/make-incident.sh" "$TMP/incident" >"$TMP/make.out" 2>&1 ||
	{ cat "$TMP/make.out" >&2; fail "make-incident.sh failed"; }
LIFELINE="$LIFELINE" sh "$SRC/docs/example/run-pipeline.sh" "$TMP/incident" "$TMP/work" \
	>"$TMP/pipeline.out" 2>&1 || { cat "$TMP/pipeline.out" >&2; fail "the pipeline failed"; }

python3 - "$TMP/work" >"$TMP/checks.out" 2>&1 <<'PY' || { cat "$TMP/checks.out" >&2; fail "sample incident checks"; }
import json, sqlite3, sys
work = sys.argv[1]
fs = json.load(open(work + "/json/findings.json"))["findings"]
db = sqlite3.connect(work + "/case/case.db")
def ids(where):
    return sorted(r[0] for r in db.execute("SELECT id FROM events WHERE " + where))
def of(rule):
    return [f for f in fs if f["rule_id"] == rule]
bad = []
def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        bad.append(what)

failed = ids("source = 'syslog' AND message LIKE '%Failed password for % from 203.0.113.45 %'")
check(len(failed) == 240, "240 failed passwords in the timeline (%d)" % len(failed))
bf = of("a5c55e14-5670-426e-976e-05871b4bc96d")
check(len(bf) == 1, "one brute-force finding (%d)" % len(bf))
if bf:
    f = bf[0]
    check(f["host"] == "labsrv01", "brute force on labsrv01 (%s)" % f["host"])
    check("SourceIp=203.0.113.45" in f["title"], "brute force names the address: " + f["title"])
    check(sorted(f["event_ids"]) == failed, "brute force cites exactly the 240 failures")
    check(f["first"].startswith("2021-11-02T22:10:00"), "brute force starts 22:10:00 (%s)" % f["first"])
    check(f["last"].startswith("2021-11-02T22:3"), "brute force ends by 22:3x (%s)" % f["last"])
    check(f["details"]["correlation"] == "event_count" and f["details"]["count"] >= 20 and
          f["details"]["events_total"] == 240 and not f["details"]["events_truncated"],
          "brute force details: %s" % f["details"])
    check(f["details"]["group"] == {"SourceIp": "203.0.113.45"}, "brute force group")

acc = ids("source = 'syslog' AND message LIKE '%Accepted password for labadmin from 203.0.113.45 port 51514%'")
check(len(acc) == 1, "the accepted logon of 22:31:40 is in the timeline")
sa = of("ac1433f9-a2a5-4021-b63f-12db1946b212")
check(len(sa) == 1, "one success-after-failures finding (%d)" % len(sa))
if sa and acc:
    f = sa[0]
    check(f["last"].startswith("2021-11-02T22:31:40"), "it ends at 22:31:40 (%s)" % f["last"])
    check(f["host"] == "labsrv01", "on labsrv01")
    check(acc[0] in f["event_ids"], "it cites the accepted logon of labadmin")
    others = [i for i in f["event_ids"] if i != acc[0]]
    check(others and set(others) <= set(failed), "the rest are that address's failures")
    first = db.execute("SELECT min(time_ns) FROM events WHERE id IN (%s)" % ",".join(map(str, others))).fetchone()[0]
    last = db.execute("SELECT time_ns FROM events WHERE id = ?", (acc[0],)).fetchone()[0]
    check(last - first <= 600 * 10**9, "the failures cited are of the 10 minutes before it")

check(not of("2fc0b593-64d9-4189-a10e-58752f47e7e9"), "no spraying finding")
check(not of("ca7325cf-8356-4762-9d0f-6699974c512e"), "no 4625 brute force")
check(not of("9cb667b3-8af9-4651-8d54-93a0b0fee59c"), "no remote scheduled task")
check(not of("a352b659-4251-4ceb-a622-34d5fe6f076c"), "no remote service install correlation")
# referenced rules give no finding of their own
for r in ("ecb50db0-f653-4aa7-87ed-fcb459405bd8", "3894d14a-4bce-43cd-8fa6-f7475822c324"):
    check(not of(r), "no finding of the base rule " + r)
svc = of("5df1d207-0293-5cfb-8d6c-0eb0ba999330")
installs = ids("source = 'evtx' AND event_code = 7045")
check(len(svc) == 1 and svc[0]["host"] == "FS03.offsec.lan", "7045 installs found on FS03")
check(svc and sorted(svc[0]["event_ids"]) == installs and len(installs) == 244,
      "the service finding cites the 244 installs")
lab = [f for f in fs if f["host"] == "labsrv01"]
ssh = [f for f in lab if "SSH" in f["title"]]
check(len(ssh) == 2, "labsrv01 has the two SSH findings (%d)" % len(ssh))
# and the attacker's two sudo commands (docs/rules.md), each citing its one syslog line
# the first logon from 203.0.113.45 (cli.t2640 checks it): one, citing the accepted logon
fl = [f for f in lab if f["rule_id"] == "movement.first_logon_external"]
check(len(fl) == 1 and fl[0]["event_ids"] == acc, "labsrv01 has one first-logon finding, citing the accepted logon (%d)" % len(fl))
sudo = {f["rule_id"]: f for f in lab if f not in ssh and f not in fl}
check(len(sudo) == 2 and len(lab) == len(ssh) + len(fl) + 2,
      "labsrv01's other findings are the two sudo commands (%d)" % (len(lab) - len(ssh) - len(fl)))
for rule, what in (("b3243b98-1285-4170-876e-57003646cc2c", "deploy.py --target FS03"),
                   ("5b97f7a4-c8b1-4579-8690-af85e44bd4fd", "xfreerdp /v:FS03")):
    f = sudo.get(rule)
    want = ids("source = 'syslog' AND message LIKE '%%sudo: labadmin %%%s%%'" % what)
    check(f is not None and len(want) == 1 and f["event_ids"] == want, "the sudo rule %s cites the line with %s" % (rule, what))
sys.exit(1 if bad else 0)
PY
test_count=$((test_count + 1))
cat "$TMP/checks.out"
done_testing
