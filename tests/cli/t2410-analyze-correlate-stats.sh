#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# analyze correlate statistics reproduce Dameff et al. (JAMA Netw Open 2023) from daily metrics.
. "$(dirname "$0")/lib.sh"
need sqlite3 python3
new_case
# Dameff et al.: pre-attack 3-30 Apr 2021, attack 1-28 May 2021, 28 days each;
# census 6,114 -> 7,039; EMS 1,741 -> 2,354; LWBS 158 -> 360 (per visit)
python3 - "$TMP/ops_metrics.csv" <<'PY'
import sys, datetime as dt
def spread(total, n=28):
    q, r = divmod(total, n)
    return [q + (1 if i < r else 0) for i in range(n)]
rows = ["schema,site_code,unit,metric,period_start,period_end,value,unit_of_measure,denominator,source_system,method_note"]
def emit(start, census, ems, lwbs, wait):
    c, e, l = spread(census), spread(ems), spread(lwbs)
    for i in range(28):
        a = start + dt.timedelta(days=i); b = a + dt.timedelta(days=1)
        f = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append(f"lifeline-metric/1,US-UCSD,ED,ed_census,{f(a)},{f(b)},{c[i]},count,,tracking,")
        rows.append(f"lifeline-metric/1,US-UCSD,ED,ems_arrivals,{f(a)},{f(b)},{e[i]},count,,tracking,")
        rows.append(f"lifeline-metric/1,US-UCSD,ED,lwbs,{f(a)},{f(b)},{l[i]},count,{c[i]},tracking,")
        rows.append(f"lifeline-metric/1,US-UCSD,ED,waiting_room_median_min,{f(a)},{f(b)},{wait + (i % 5)},minutes,{c[i]},tracking,")
emit(dt.datetime(2021, 4, 3), 6114, 1741, 158, 40)
emit(dt.datetime(2021, 5, 1), 7039, 2354, 360, 60)
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
PY
add_evidence file "$TMP/ops_metrics.csv" >/dev/null
expect_exit 0 analyze timeline
expect_exit 0 --json analyze correlate --attack 2021-05-01/2021-05-29 --baseline 2021-04-03/2021-05-01
cp "$TMP/out" "$TMP/c.json"
j() { json_get "$TMP/c.json" "$1" >"$TMP/v"; expect_grep "^$2\$" "$TMP/v"; }
st() { echo "[s for s in d['statistics'] if s['metric'] == '$1'][0]"; }
j "d['attack_window']['from'], d['attack_window']['to'], d['attack_window']['rule']" "\('2021-05-01T00:00:00Z', '2021-05-29T00:00:00Z', 'given with --attack'\)"
j "d['baseline_windows'][0]['from']" 2021-04-03T00:00:00Z
j "$(st ed_census)['attack']['count'], $(st ed_census)['baseline']['count'], $(st ed_census)['attack']['days']" '\(7039, 6114, 28.0\)'
j "round($(st ed_census)['rate_ratio'], 3)" 1.151
j "[round(x, 3) for x in $(st ed_census)['ci95']]" '\[1.113, 1.191\]'
j "$(st ed_census)['exposure']" days
j "round($(st ems_arrivals)['rate_ratio'], 3)" 1.352
j "[round(x, 3) for x in $(st ems_arrivals)['ci95']]" '\[1.271, 1.439\]'
j "$(st lwbs)['exposure']" denominator
j "$(st lwbs)['attack']['denominator'], $(st lwbs)['baseline']['denominator']" '\(7039, 6114\)'
j "round($(st lwbs)['rate_ratio'], 2)" 1.98
j "[round(x, 2) for x in $(st lwbs)['ci95']]" '\[1.64, 2.39\]'
j "$(st waiting_room_median_min)['median_difference']['difference']" 20.0
j "$(st waiting_room_median_min)['median_difference']['bootstrap_seed']" 20230509
j "$(st waiting_room_median_min)['rate_ratio']" None
expect_exit 0 analyze correlate --attack 2021-05-01/2021-05-29 --baseline 2021-04-03/2021-05-01
expect_grep '^  US-UCSD ED ed_census, baseline 2021-04-03T00:00:00Z .. 2021-05-01T00:00:00Z \(given with --baseline\):$' "$TMP/out"
expect_grep '^    attack 7039 over 28.0 d, baseline 6114 over 28.0 d: RR 1.151 \(95% CI 1.113-1.191\)' "$TMP/out"
expect_grep '^    attack 360/7039 over 28.0 d, baseline 158/6114 over 28.0 d: RR 1.979 \(95% CI 1.641-2.386\)' "$TMP/out"
# default windows: without disruptions there is no attack window, so no statistics
expect_exit 0 --json analyze correlate
cp "$TMP/out" "$TMP/c.json"
j "d['attack_window']" None
j "d['statistics']" '\[\]'
done_testing
