#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The sample incident's story is the ground truth of the attack path
# (issue 17): 203.0.113.45 -> labsrv01 (brute force, then the login of
# 2 Nov 22:31:40Z as labadmin) -> FS03 (deploy.py --target FS03, typed on
# labsrv01 by labadmin) -> the service installs, the cleared log, the deleted
# backups, the encryption and the ransom notes on FS03 -> the EHR outage ->
# the harmed patients. Every step a finding or edge on a host the path has
# reached, in time order, citing events whose evidence item and locator are
# the database's; the login's and the command's lines are the raw syslog's
# (grep -n); the chains of the EHR outage are "linked" through a
# host->attack link, no stronger than the path's weakest step; the chain
# counts are the chains' own statuses; the case file still builds.
. "$(dirname "$0")/lib.sh"
need mkfs.ext4 debugfs openssl perl python3 sqlite3

sh "$SRC/docs/example/make-incident.sh" "$TMP/incident" >"$TMP/make.out" 2>&1 ||
	{ cat "$TMP/make.out" >&2; fail "make-incident.sh failed"; }
. "$TMP/incident/expected.env"
LIFELINE="$LIFELINE" sh "$SRC/docs/example/run-pipeline.sh" "$TMP/incident" "$TMP/work" \
	>"$TMP/pipeline.out" 2>&1 || { cat "$TMP/pipeline.out" >&2; fail "the pipeline failed (casefile build included)"; }
syslog=$TMP/incident/labsrv01/syslog
login_line=$(grep -n "Accepted password for labadmin from $ATTACKER_IP" "$syslog" | head -1 | cut -d: -f1)
deploy_line=$(grep -n 'deploy.py --target FS03' "$syslog" | head -1 | cut -d: -f1)
[ -n "$login_line" ] && [ -n "$deploy_line" ] || fail "the sample's syslog lacks the login or deploy.py"

PYTHONPATH="$SRC/tests/cli" python3 - "$TMP/work" "$ATTACKER_IP" "$login_line" "$deploy_line" \
	>"$TMP/checks.out" 2>&1 <<'PY' || { cat "$TMP/checks.out" >&2; fail "attack path checks"; }
import sqlite3, sys
from attack_path_check import load, path_of, structural, short
work, ip, login_line, deploy_line = sys.argv[1:5]
d = load(work + "/json/correlate.json")
db = sqlite3.connect(work + "/case/case.db")
bad = []
def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        bad.append(what)

p = path_of(d, "EHR", "FS03")
check(p is not None, "an attack path for the EHR on FS03")
if p:
    s = p["steps"]
    check(p["complete"], "the path is complete")
    check(p["actor"] == ip, "it starts from %s (%s)" % (ip, p["actor"]))
    check(p["impact_on_host"], "the impact on FS03 is a step")
    check(s[0]["kind"] == "finding" and short(s[0]["from"]) == "labsrv01" and "brute force" in s[0]["title"].lower(),
          "the first step is the brute force on labsrv01: %s" % s[0]["basis"][:120])
    start = [f for f in db.execute("SELECT id, host, first_ns FROM findings WHERE id = ?", (p["start_finding"],))]
    check(start and short(start[0][1]) == "labsrv01", "the earliest intrusion is labsrv01's first access")
    login = [x for x in s if x["kind"] == "edge" and x["edge_kind"] == "ssh-accepted"]
    check(len(login) >= 1 and login[0]["time"] == "2021-11-02T22:31:40Z" and login[0]["from"] == ip
          and short(login[0]["to"]) == "labsrv01" and login[0]["confidence"] == "high"
          and "labadmin" in login[0]["basis"], "the login of 22:31:40Z from %s as labadmin, high" % ip)
    # the first logon from the address (issue 17 item 3) is one first-access step, no finding twice
    fl = [x for x in s if x["kind"] == "finding" and x["title"].startswith("First logon from a new external address: %s on labsrv01" % ip)]
    check(len(fl) == 1 and fl[0]["time"] == "2021-11-02T22:31:40Z" and fl[0]["confidence"] == "high",
          "the first logon from %s is one step, at 22:31:40Z, high (%d)" % (ip, len(fl)))
    fids = [x["finding"] for x in s if x["kind"] == "finding"]
    check(len(fids) == len(set(fids)), "no finding is a step twice")
    check(login and login[0]["cites"][0]["locator"].startswith("line=%s;" % login_line),
          "the login cites syslog line %s (%s)" % (login_line, login and login[0]["cites"]))
    cmd = [x for x in s if x["kind"] == "edge" and x["edge_kind"] == "command"]
    check(cmd and short(cmd[0]["from"]) == "labsrv01" and short(cmd[0]["to"]) == "fs03"
          and cmd[0]["confidence"] == "medium" and "deploy.py --target FS03" in cmd[0]["basis"]
          and "labadmin" in cmd[0]["basis"], "labsrv01 -> FS03 by deploy.py as labadmin, medium")
    check(cmd and cmd[0]["cites"][0]["locator"].startswith("line=%s;" % deploy_line),
          "the command cites syslog line %s" % deploy_line)
    check(login and cmd and s.index(login[0]) < s.index(cmd[0]), "the login comes before the command")
    fs = [x for x in s if x["kind"] == "finding" and short(x["from"]) == "fs03"]
    titles = " | ".join(x["title"] for x in fs).lower()
    for word in ("service installed", "log cleared", "backup", "encryption", "ransom note"):
        check(word in titles, "FS03's %s is a step" % word)
    check(cmd and all(x["time"] >= cmd[0]["time"] for x in fs), "FS03's findings all come after the command")
    check(p["confidence"] == "medium", "the path is medium: a command names FS03, no logon on FS03 does (%s)" % p["confidence"])
    check(not any(h["kind"] == "finding" and short(h["from"]) == "fs03" for h in p["hypotheses"]),
          "no finding of FS03 left as a hypothesis")
    structural(p, db, bad)
    check(not bad, "structural rules hold")
# the chains of the EHR outage
ehr = [c for c in d["chains"] if any(short(h) == "fs03" for h in c["hosts"]) and c["status"] == "linked"]
check(len(ehr) >= 2, "chains reaching FS03 are linked (%d)" % len(ehr))
for c in ehr:
    ha = [l for l in c["links"] if l["kind"] == "host->attack"]
    check(ha and ha[0]["confidence"] == "medium" and ha[0]["to"] == ip, "%s: host->attack to %s, medium" % (c["harm_event_id"], ip))
    check(c["confidence"] in ("medium", "low"), "%s: no stronger than the path (%s)" % (c["harm_event_id"], c["confidence"]))
    check(c["earliest_intrusion"] and short(c["earliest_intrusion"]["host"]) == "labsrv01",
          "%s: earliest intrusion on labsrv01" % c["harm_event_id"])
    check(not any(l["basis"] == "time overlap" and l["kind"] in ("host->finding", "finding->intrusion") for l in c["links"]),
          "%s: no time-only link among the chain's links" % c["harm_event_id"])
counts = {}
for c in d["chains"]:
    counts[c["status"]] = counts.get(c["status"], 0) + 1
check(all(d["chain_status"].get(k, 0) == v for k, v in counts.items()) and sum(d["chain_status"].values()) == len(d["chains"]),
      "chain_status counts the chains' own statuses: %s" % d["chain_status"])
sys.exit(1 if bad else 0)
PY
test_count=$((test_count + 1))
cat "$TMP/checks.out"
# the case file's report counts linked chains by their status, and still builds
test_count=$((test_count + 1))
[ -f "$TMP/work/casefile/bag/data/report.html" ] || fail "no report in the case file"
# the human form shows the path
cd "$TMP/work/case"
LIFELINE_HOME="$TMP/work/home" LIFELINE_KEY="$TMP/work/keys/analyst/examiner.key" \
	LIFELINE_CERT="$TMP/work/keys/analyst/examiner.crt" "$LIFELINE" analyze correlate \
	--attack "$ATTACK_WINDOW" >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "analyze correlate"; }
expect_grep "^  EHR on FS03.offsec.lan, before .*: complete from $ATTACKER_IP, confidence medium, impact on the host" "$TMP/out"
expect_grep 'step [0-9]+  2021-11-03T08:09:40Z \[medium\] on labsrv01 at 2021-11-03T08:09:40Z, labadmin ran ' "$TMP/out"
done_testing
