#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Benchmark of `analyze detect` with every SigmaHQ Windows rule that loads,
# against the cost of parsing the same EVTX records (libevtx's evtxexport -f
# xml, the parser lifeline's reader is built on). Events: the records of the
# shared EVTX samples and regression cases, in the reader's attrs form,
# repeated to N (default 300000). Prints events/s of each and the ratio.
# When `analyze timeline` exists (after the reader merge) it also times
# timeline + detect end to end on the repeated EVTX files.
# usage: bench/detect.sh [N]
set -eu
N=${1:-300000}
SRC=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${LL_SHARED_DIR:-$SRC/../shared}
LL=${LIFELINE:-$SRC/build/lifeline}
W=$(mktemp -d /tmp/ll-bench-detect.XXXXXX)
trap 'rm -rf "$W"' EXIT
export HOME=$W/home LIFELINE_NO_PROGRESS=1
mkdir -p "$HOME"
now() { date +%s.%N; }

"$LL" key new --name Bench --org Bench >/dev/null
"$LL" case init "$W/case" --case-id B --title bench >/dev/null

# 1. events in the reader contract, from evtxexport XML and regression JSON
python3 - "$SHARED" "$W/case/case.db" "$N" <<'PY'
import glob, json, re, sqlite3, sys, html
shared, db, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
evs = []
for f in glob.glob(shared + "/testdata/evtx/*.evtxexport.txt"):
    for ev in open(f, encoding="utf-8", errors="replace").read().split("<Event ")[1:]:
        a = {}
        for k, rx in (("Provider_Name", r'<Provider Name="([^"]*)"'), ("Channel", r"<Channel>([^<]*)"),
                      ("Computer", r"<Computer>([^<]*)"), ("UserID", r'<Security UserID="([^"]*)"')):
            m = re.search(rx, ev)
            if m: a[k] = html.unescape(m.group(1))
        m = re.search(r"<EventID[^>]*>(\d+)", ev)
        a["EventID"] = int(m.group(1)) if m else -1
        for k, v in re.findall(r'<Data Name="([^"]*)">([^<]*)</Data>', ev):
            a[k] = html.unescape(v)
        evs.append(a)
for f in glob.glob(shared + "/testdata/sigma/regression_data/**/*.json", recursive=True):
    t = open(f).read(); dec = json.JSONDecoder(); i = 0
    while i < len(t):
        while i < len(t) and t[i].isspace(): i += 1
        if i >= len(t): break
        d, i = dec.raw_decode(t, i); e = d["Event"]; s = e["System"]
        a = {"Channel": s.get("Channel"), "EventID": s.get("EventID"), "Computer": s.get("Computer"),
             "Provider_Name": s["Provider"]["#attributes"]["Name"]}
        for k, v in (e.get("EventData") or {}).items():
            if k != "#attributes" and not isinstance(v, dict): a[k] = "" if v is None else str(v)
        evs.append(a)
c = sqlite3.connect(db)
c.execute("INSERT INTO evidence (id, seq, kind, state, started_ns) VALUES ('E1', 1, 'file', 'registered', 0)")
rows = ((i + 1, 1700000000 * 10**9 + i * 10**6, evs[i % len(evs)].get("Computer"),
         evs[i % len(evs)]["EventID"], json.dumps(evs[i % len(evs)])) for i in range(n))
c.executemany("INSERT INTO events (id, evidence_id, time_ns, time_desc, source, parser, host, event_code,"
              " locator, message, attrs) VALUES (?, 'E1', ?, 'Event Logged', 'evtx', 'evtx', ?, ?, 'x', 'm', ?)", rows)
c.commit()
print("# %d distinct records, %d events inserted" % (len(evs), n))
PY

# 2. detection: all Windows rules that load
cd "$W/case"
t0=$(now)
"$LL" --json analyze detect --no-fs --rules "$SHARED/testdata/sigma/rules/windows" >"$W/detect.json" 2>/dev/null
t1=$(now)
rules=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["rules"], d["matches"], d["findings"])' "$W/detect.json")
# the same run with no rule: the cost of reading and decoding the events alone
mkdir "$W/none"
t2=$(now)
"$LL" --json analyze detect --no-fs --rules "$W/none" >/dev/null 2>&1
t3=$(now)

# 3. parsing: evtxexport -f xml over the sample EVTX files, repeated to N records
recs=0
for f in "$SHARED"/testdata/evtx/*.evtx; do
	r=$(grep -c '<Event ' "$f.evtxexport.txt" || true)
	recs=$((recs + r))
done
reps=$(( (N + recs - 1) / recs ))
t4=$(now)
i=0
while [ $i -lt $reps ]; do
	for f in "$SHARED"/testdata/evtx/*.evtx; do evtxexport -f xml "$f" >/dev/null 2>&1 || true; done
	i=$((i + 1))
done
t5=$(now)

python3 - "$N" "$t0" "$t1" "$t2" "$t3" "$t4" "$t5" "$((recs * reps))" "$rules" <<'PY'
import sys
n = int(sys.argv[1]); t0, t1, t2, t3, t4, t5 = map(float, sys.argv[2:8]); prec = int(sys.argv[8])
rules, matches, findings = sys.argv[9].split()
det, base, parse = t1 - t0, t3 - t2, t5 - t4
print("detect, %s Windows rules: %d events in %.2f s = %.0f events/s (%s matches, %s findings)"
      % (rules, n, det, n / det, matches, findings))
print("detect, no rules (read + JSON decode): %.2f s = %.0f events/s" % (base, n / base))
print("rules alone: %.2f s = %.0f events/s" % (det - base, n / max(det - base, 1e-9)))
print("evtxexport -f xml (libevtx parse): %d records in %.2f s = %.0f records/s" % (prec, parse, prec / parse))
print("ratio rules-cost / parse-cost per event: %.2f (aim < 1)" % (((det - base) / n) / (parse / prec)))
PY
