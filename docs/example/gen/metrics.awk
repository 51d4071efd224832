# SPDX-License-Identifier: Apache-2.0
# Prints ops_metrics.csv (lifeline-metric/1) for the sample incident: daily
# ED counts for the 28 days before the attack (2021-10-16 to 2021-11-12,
# drawn from a seeded generator) and the five days of the attack
# (2021-11-13 to 2021-11-17, fixed values taken from the story).
function rnd(n) {
	lcg = (lcg * 69069 + 1) % 4294967296
	return int(lcg / 4294967296 * n)
}

function day(d,    md) {
	# 2021-10-16 + d days, as YYYY-MM-DD
	md = 16 + d
	if (md <= 31)
		return sprintf("2021-10-%02d", md)
	return sprintf("2021-11-%02d", md - 31)
}

function row(d, metric, value, uom, denom, note) {
	printf "lifeline-metric/1,%s,ED,%s,%sT00:00:00Z,%sT00:00:00Z,%d,%s,%s,ed-tracking-board,%s\n",
	       site, metric, day(d), day(d + 1), value, uom, denom, note
}

BEGIN {
	lcg = seed
	print "schema,site_code,unit,metric,period_start,period_end,value,unit_of_measure,denominator,source_system,method_note"
	# attack days: ED arrivals, EMS arrivals, LWBS, median wait
	split("201 176 214 207 199", a_ed, " ")
	split("31 9 44 51 55", a_ems, " ")
	split("12 21 16 11 9", a_lwbs, " ")
	split("71 96 84 62 49", a_wait, " ")
	for (d = 0; d < 33; d++) {
		if (d < 28) {
			ed = 190 + rnd(41); ems = 52 + rnd(15); lwbs = 3 + rnd(5); wait = 30 + rnd(16)
		} else {
			ed = a_ed[d - 27]; ems = a_ems[d - 27]; lwbs = a_lwbs[d - 27]; wait = a_wait[d - 27]
		}
		row(d, "ed_arrivals", ed, "count", "", "arrival timestamp; midnight-to-midnight UTC")
		row(d, "ems_arrivals", ems, "count", "", "arrivals by ambulance (SAMU/SMUR and private)")
		row(d, "lwbs", lwbs, "count", ed, "left without being seen = disposition code LWBS")
		row(d, "waiting_room_median_min", wait, "minutes", ed, "arrival to first clinician contact")
	}
}
