#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# End to end on real EVTX: collect, timeline (issue 5's reader), detect.
# (1) every SigmaHQ regression case with an EVTX: its rule fires, citing the
# record of its JSON; (2) the built-in rules fire on the attack samples and
# not on plaso_System.evtx.
. "$(dirname "$0")/lib.sh"

need python3
[ -d "$SHARED/testdata/sigma" ] || skip "no shared test data at $SHARED"

run_case() { # dir evtx rules -> prints the EventRecordIDs cited
	rm -rf "$TMP/c"
	expect_exit 0 case init "$TMP/c" --case-id R --title r
	( cd "$TMP/c" &&
	  "$LIFELINE" collect files "$1" >/dev/null 2>&1 &&
	  "$LIFELINE" analyze timeline >/dev/null 2>&1 &&
	  "$LIFELINE" analyze detect --no-fs --rules "$2" >/dev/null 2>&1 &&
	  "$LIFELINE" --json findings list >"$TMP/f.json" ) || return 1
	sqlite3 "$TMP/c/case.db" "SELECT json_extract(e.attrs, '\$.EventRecordID') FROM finding_events f JOIN events e ON e.id = f.event_id" | sort -u
}

expect_exit 0 key new --name "Test Examiner" --org "Test Lab"
need sqlite3
pass=0 total=0 n=0
# under sanitizers (ten times slower) every seventh case: the plain build runs all
step=1
[ "${LL_SANITIZED:-0}" = 1 ] && step=7
for info in $(find "$SHARED/testdata/sigma/regression_data" -name info.yml | sort); do
	d=$(dirname "$info")
	evtx=$(ls "$d"/*.evtx 2>/dev/null | head -1)
	[ -n "$evtx" ] || continue
	n=$((n + 1))
	[ $((n % step)) = 0 ] || [ "$step" = 1 ] || continue
	total=$((total + 1))
	id=$(sed -n 's/^ *- id: //p' "$info" | head -1)
	rule=$(grep -rl "^id: $id" "$SHARED/testdata/sigma/rules" "$SHARED/testdata/sigma/rules-emerging-threats" | head -1)
	want=$(python3 -c '
import json,sys
t=open(sys.argv[1]).read(); dec=json.JSONDecoder(); i=0
while i < len(t):
    while i < len(t) and t[i].isspace(): i += 1
    if i >= len(t): break
    d, i = dec.raw_decode(t, i); print(d["Event"]["System"]["EventRecordID"])' "$d"/*.json | sort -u)
	got=$(run_case "$evtx" "$rule" || true)
	hit=0
	for r in $want; do echo "$got" | grep -qx "$r" && hit=1; done
	if [ $hit = 1 ]; then pass=$((pass + 1)); else say "FAIL $id ($rule)"; fi
done
say "sigma regression on real EVTX: $pass of $total pass"
[ "$pass" = "$total" ] || fail "$pass of $total regression cases pass"

for f in cc0_4688_diskshadow_abuse eas_DE_1102_security_log_cleared cc0_7045_random_service_installation eas_DE_RDP_Tunneling_4624; do
	got=$(run_case "$SHARED/testdata/evtx/$f.evtx" "$SRC/rules/builtin" && json_get "$TMP/f.json" 'd["count"]')
	[ "${got##*
}" -ge 1 ] 2>/dev/null || fail "no built-in finding on $f"
done
run_case "$SHARED/testdata/evtx/plaso_System.evtx" "$SRC/rules/builtin" >/dev/null || fail "detect on plaso_System"
[ "$(json_get "$TMP/f.json" 'd["count"]')" = 0 ] || fail "built-in findings on plaso_System.evtx"
done_testing
