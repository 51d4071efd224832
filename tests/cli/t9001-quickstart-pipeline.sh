#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# End to end: the quick start's pipeline (docs/example/run-pipeline.sh) on the
# generated sample incident, and the results the story says must come out:
# the evidence hashes, the timeline (time zone and clock offset applied), the
# intrusion and the encryption burst as findings, the chains from the attack
# to the documented harm events, the rate ratio, a case file that verifies.
. "$(dirname "$0")/lib.sh"
need mkfs.ext4 debugfs openssl perl python3

LIFELINE="$LIFELINE" sh "$SRC/docs/example/run-pipeline.sh" --check >"$TMP/check" 2>&1 ||
	{ cat "$TMP/check" >&2; fail "this build lacks a command the pipeline needs"; }

say "generating the sample incident"
sh "$SRC/docs/example/make-incident.sh" "$TMP/incident" >"$TMP/make.out" 2>&1 ||
	{ cat "$TMP/make.out" >&2; fail "make-incident.sh failed"; }
say "running the pipeline"
LIFELINE="$LIFELINE" sh "$SRC/docs/example/run-pipeline.sh" "$TMP/incident" "$TMP/work" \
	>"$TMP/pipeline.out" 2>&1 || { cat "$TMP/pipeline.out" >&2; fail "the pipeline failed"; }
cat "$TMP/pipeline.out"
expect_grep '^fingerprint +: [0-9a-f]{64}$' "$TMP/pipeline.out"

# The checks read the --json answers the pipeline kept, and the case database
# (its schema is core/schema.c) where no JSON document is specified yet.
python3 - "$TMP/incident" "$TMP/work" >"$TMP/checks.out" 2>&1 <<'EOF' ||
import csv, hashlib, json, math, os, re, sqlite3, sys
from datetime import datetime, timezone

inc, work = sys.argv[1:3]
env = dict(l.strip().split("=", 1) for l in open(os.path.join(inc, "expected.env")) if "=" in l)
db = sqlite3.connect(os.path.join(work, "case", "case.db"))
failed = 0

def check(ok, what):
    global failed
    print(("ok     " if ok else "FAILED ") + what)
    if not ok:
        failed += 1

def ts(s):
    return int(datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp())

def load(name):
    with open(os.path.join(work, "json", name + ".json")) as f:
        return json.load(f)

def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()

# --- evidence: the media hash of the E01 is the hash of the raw disk -------
row = db.execute("SELECT format, sha256 FROM evidence WHERE id = 'EXH-001'").fetchone()
check(row is not None and row[0] == "e01", "EXH-001 acquired as E01")
check(row is not None and row[1] == sha256(os.path.join(inc, "fs03-data.raw")),
      "EXH-001 media SHA-256 equals sha256 of fs03-data.raw")

# --- timeline -----------------------------------------------------------
n = db.execute("SELECT count(*) FROM events WHERE evidence_id = 'EXH-002'").fetchone()[0]
check(n == 733 + 9, "EXH-002: one event per EVTX record (742), got %d" % n)
locked = db.execute("SELECT count(*) FROM fs_entries WHERE evidence_id = 'EXH-001' AND "
                    "allocated = 1 AND path LIKE '%.locked'").fetchone()[0]
check(locked == int(env["ENCRYPTED"]), "EXH-001: %s .locked files, got %d" % (env["ENCRYPTED"], locked))
baks = db.execute("SELECT count(DISTINCT path) FROM fs_entries WHERE evidence_id = 'EXH-001' AND "
                  "allocated = 0 AND path LIKE '%Backups/%.bak%'").fetchone()[0]
check(baks == int(env["DELETED_BACKUPS"]), "EXH-001: 7 deleted backups, got %d" % baks)
# labsrv01 wrote CET with a clock 127 s slow: 15:24:58 on its clock is 14:27:05 UTC
r = db.execute("SELECT max(time_ns) FROM events WHERE evidence_id = 'EXH-003' AND "
               "message LIKE '%Accepted password for labadmin%'").fetchone()[0]
check(r is not None and r // 10**9 == ts("2021-11-13T14:27:05Z"),
      "labsrv01 last attacker login at 2021-11-13T14:27:05Z after --tz and --clock-offset, got %s" % r)

# --- findings -----------------------------------------------------------
rows = db.execute("SELECT id, rule_id, title, coalesce(techniques, ''), coalesce(host, ''), "
                  "first_ns / 1000000000, last_ns / 1000000000 FROM findings").fetchall()
svc = [r for r in rows
       if re.search(r"T1543\.003|T1569\.002", r[3]) or re.search(r"service", r[1] + " " + r[2], re.I)]
svc = [r for r in svc if ts("2021-11-03T08:15:00Z") <= r[5] <= ts("2021-11-03T08:21:11Z")]
check(len(svc) > 0, "a finding for the service installs on FS03 (2021-11-03 08:15-08:21 UTC)")
check(any("fs03" in r[4].lower() for r in svc), "... on host FS03")
first, last = int(env["BURST_FIRST"]), int(env["BURST_LAST"])
burst = [r for r in rows
         if "T1486" in r[3] or re.search(r"burst|encrypt|ransom", r[1] + " " + r[2], re.I)]
burst = [r for r in burst if abs(r[5] - first) <= 60 and abs(r[6] - last) <= 60]
check(len(burst) > 0, "an encryption-burst finding from 2021-11-13 14:36:00 to 14:45:59 UTC (+-60 s)")
text = open(os.path.join(work, "json", "findings.json")).read()
check(all(r[1] in text for r in rows), "findings list --json names every finding's rule")
for r in rows:
    print("       finding %s %s [%s] %s" % (r[0], r[1], r[3], r[2]))

# --- correlation: chains, endangerment, statistics -----------------------
c = load("correlate")
chains = {ch.get("harm_event_id"): ch for ch in c.get("chains", [])}
for h, host in (("H-0001", "fs03"), ("H-0002", "labsrv01"), ("H-0003", "fs03")):
    ch = chains.get(h, {})
    check(ch.get("status") == "linked", "%s linked (status %s)" % (h, ch.get("status")))
    check(any(host in str(x).lower() for x in ch.get("hosts", [])), "%s reaches host %s" % (h, host))
for h in ("H-0001", "H-0003"):
    check(len(chains.get(h, {}).get("findings", [])) > 0, "%s cites the findings on FS03" % h)
check(chains.get("H-0004", {}).get("status") == "causality-not-assessed",
      "H-0004 causality-not-assessed")
check(chains.get("H-0005", {}).get("status") == "causality-unlikely", "H-0005 causality-unlikely")
dis = {e.get("disruption_id") for e in c.get("endangerment", []) if e.get("life_critical")}
check({"D-0001", "D-0002", "D-0003", "D-0004"} <= dis, "life-critical disruptions D-0001..D-0004")

a_from, a_to = (ts(x) for x in env["ATTACK_WINDOW"].split("/"))
b_from, b_to = (ts(x) for x in env["BASELINE_WINDOW"].split("/"))
a = b = 0
for m in csv.DictReader(open(os.path.join(inc, "hospital", "ops_metrics.csv"))):
    if m["metric"] != "ems_arrivals":
        continue
    t = ts(m["period_start"])
    if a_from <= t < a_to:
        a += int(m["value"])
    elif b_from <= t < b_to:
        b += int(m["value"])
rr = (a / ((a_to - a_from) / 86400)) / (b / ((b_to - b_from) / 86400))
half = 1.96 * math.sqrt(1 / a + 1 / b)
st = [s for s in c.get("statistics", []) if s.get("metric") == "ems_arrivals"]
check(len(st) > 0, "a statistic for ems_arrivals")
# with a second, seasonal baseline there may be more than one: take ours
st = [s for s in st if s.get("baseline", {}).get("count") == b] or st
if st:
    s = st[0]
    check(s.get("attack", {}).get("count") == a and s.get("baseline", {}).get("count") == b,
          "ems_arrivals counts %d (attack) and %d (baseline)" % (a, b))
    check(abs(s.get("rate_ratio", 0) - rr) < 0.001, "ems_arrivals rate ratio %.3f, got %s" % (rr, s.get("rate_ratio")))
    ci = s.get("ci95") or [0, 0]
    check(abs(ci[0] - rr * math.exp(-half)) < 0.002 and abs(ci[1] - rr * math.exp(half)) < 0.002,
          "ems_arrivals 95%% CI %.3f-%.3f, got %s" % (rr * math.exp(-half), rr * math.exp(half), ci))

# --- the sealed case file -----------------------------------------------
tags = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(work, "casefile"))
        for f in fs if f == "tagmanifest-sha256.txt"]
check(len(tags) == 1, "one tagmanifest-sha256.txt in the case file")
if tags:
    fpr = sha256(tags[0])
    check(fpr in open(os.path.join(work, "json", "casefile-build.json")).read() or
          fpr in open(os.path.join(work, "json", "casefile-timestamp.json")).read(),
          "casefile build reports the fingerprint %s" % fpr)
check(any(f.endswith(".tsr") or f.endswith(".tst") for _, _, fs in
          os.walk(os.path.join(work, "casefile")) for f in fs), "the case file holds the time-stamp token")
sys.exit(1 if failed else 0)
EOF
	{ cat "$TMP/checks.out" >&2; fail "results differ from the story (docs/example/README.md)"; }
cat "$TMP/checks.out"
test_count=$((test_count + $(grep -c '^ok ' "$TMP/checks.out")))

# the case file verifies; a changed byte in it does not
expect_exit 0 casefile verify "$TMP/work/casefile" --ca "$TMP/work/trust.pem"
rep=$(find "$TMP/work/casefile" -path '*data/*' -type f | sort | head -n 1)
chmod u+w "$rep"
printf 'x' >>"$rep"
expect_exit 1 casefile verify "$TMP/work/casefile" --ca "$TMP/work/trust.pem"
done_testing
