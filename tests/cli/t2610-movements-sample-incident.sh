#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Movement edges of the sample incident (docs/example/make-incident.sh): the
# brute force and the logins from the attacker's address reach labsrv01 as an
# external actor, one edge per sshd line of the raw syslog (counted here from
# the file, and equal to the story's 240 and 3); FS03's service installs
# become no edge, because no logon before them on FS03 came from another
# host (its 4624s are from ::1, checked with evtxexport); and labsrv01's
# `xfreerdp /v:FS03` is a command typed on labsrv01, not a logon recorded on
# FS03, so it makes no labsrv01 -> FS03 edge. An address the inventory's
# ip_addresses gives a host resolves to it; the attacker's stays external.
. "$(dirname "$0")/lib.sh"
PATH=$PATH:/usr/sbin:/sbin
need mkfs.ext4 debugfs sqlite3 python3

inc=$TMP/incident
sh "$SRC/docs/example/make-incident.sh" "$inc" >"$TMP/make.out" 2>&1 ||
	{ cat "$TMP/make.out" >&2; fail "make-incident.sh failed"; }
. "$inc/expected.env"
ip=$ATTACKER_IP
new_case
add_evidence file "$inc/fs03-logs/System.evtx" "$inc/fs03-logs/Security.evtx" >/dev/null
add_evidence file "$inc/labsrv01/syslog" >/dev/null
expect_exit 0 analyze timeline --tz Europe/Paris --year 2021 --clock-offset "E2=$LAB_CLOCK_SLOW_SECONDS"
expect_exit 0 analyze detect --no-fs
expect_grep '^[0-9]+ movement edges: .*ssh-failed' "$TMP/out"
cp "$TMP/out" "$TMP/detect.out"

# what the raw syslog says, counted from the file
esc=$(printf '%s' "$ip" | sed 's/\./\\./g')
failed=$(grep -Ec "sshd\[[0-9]+\]: Failed (password|publickey) for .* from $esc port" "$inc/labsrv01/syslog")
accepted=$(grep -Ec "sshd\[[0-9]+\]: Accepted (password|publickey) for .* from $esc port" "$inc/labsrv01/syslog")
test_count=$((test_count + 1))
[ "$failed" -eq 240 ] && [ "$accepted" -eq 3 ] ||
	fail "the sample's syslog has $failed failures and $accepted logins from $ip, not the story's 240 and 3"

expect_exit 0 movements --json --from "$ip"
cp "$TMP/out" "$TMP/from.json"
count() { # kind -> edges of that kind from $ip to labsrv01, external
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(sum(1 for e in d["edges"] if e["kind"] == sys.argv[2] and e["from_addr"] == sys.argv[3]
          and e["from_host"] is None and e["external"] and e["to_host"] == "labsrv01"))' "$TMP/from.json" "$1" "$ip"
}
test_count=$((test_count + 1))
[ "$(count ssh-failed)" -eq "$failed" ] || fail "ssh-failed edges: $(count ssh-failed), the syslog has $failed"
test_count=$((test_count + 1))
[ "$(count ssh-accepted)" -eq "$accepted" ] || fail "ssh-accepted edges: $(count ssh-accepted), the syslog has $accepted"
test_count=$((test_count + 1))
[ "$(json_get "$TMP/from.json" 'd["count"]')" -eq $((failed + accepted)) ] ||
	fail "other edges from $ip than its sshd lines"
# the first login, in words, with the event it rests on
expect_exit 0 movements --from "$ip"
expect_grep "sshd on labsrv01 accepted a password for labadmin from $esc, an address no inventory host has \(external\): event [0-9]+ \(E2 line=[0-9]+" "$TMP/out"
first=$(json_get "$TMP/from.json" '[e for e in d["edges"] if e["kind"] == "ssh-accepted"][0]["time"]')
line=$(grep -m1 -E "sshd\[[0-9]+\]: Accepted password for labadmin from $esc" "$inc/labsrv01/syslog")
say "first login from $ip: $first ($line)"
# its time is the raw line's: local time (CET, UTC+1 on 2 Nov 2021) plus the
# lab clock's lag recorded at collection
test_count=$((test_count + 1))
want=$(python3 -c '
import datetime, sys
t = datetime.datetime.strptime("2021 " + sys.argv[1][:15], "%Y %b %d %H:%M:%S")
t = t - datetime.timedelta(hours=1) + datetime.timedelta(seconds=int(sys.argv[2]))
print(t.strftime("%Y-%m-%dT%H:%M:%S"))' "$line" "$LAB_CLOCK_SLOW_SECONDS")
case $first in
"$want"*) ;;
*) fail "the first login from $ip is at $first, its syslog line says $want" ;;
esac
# the analysis record counts the edges by kind
test_count=$((test_count + 1))
sqlite3 case.db "SELECT json_extract(counts, '\$.by_kind.\"ssh-failed\"') FROM analyses WHERE kind = 'movement' AND evidence_id = 'E2'" >"$TMP/q"
[ "$(cat "$TMP/q")" -eq "$failed" ] || fail "the movement analysis of E2 counts $(cat "$TMP/q") ssh-failed"

# FS03: its service installs name no source, and no logon before them came
# from another host: no edge reaches FS03
expect_exit 0 movements --host FS03 --json
test_count=$((test_count + 1))
[ "$(json_get "$TMP/out" 'd["count"]')" -eq 0 ] || fail "edges to or from FS03"
if command -v evtxexport >/dev/null 2>&1; then
	evtxexport -f xml "$inc/fs03-logs/Security.evtx" >"$TMP/sec.xml" 2>/dev/null
	evtxexport -f xml "$inc/fs03-logs/System.evtx" >"$TMP/sys.xml" 2>/dev/null
	test_count=$((test_count + 1))
	n7045=$(grep -c '<EventID[^>]*>7045<' "$TMP/sys.xml")
	[ "$n7045" -gt 0 ] || fail "no 7045 in FS03's System.evtx"
	# each is told as tied to no logon from another host
	expect_grep "^$n7045 service or task installs: no logon from another host before them, no edge" "$TMP/detect.out"
	# every logon address on FS03 is the host itself
	grep -o '<Data Name="IpAddress">[^<]*<' "$TMP/sec.xml" | sort -u |
		grep -v '>::1<\|>127\.0\.0\.1<\|>-<' >"$TMP/remote" || :
	test_count=$((test_count + 1))
	[ ! -s "$TMP/remote" ] || fail "FS03's Security.evtx has remote logon addresses: $(cat "$TMP/remote")"
else
	partial "evtxexport missing: FS03's logon addresses not checked against the raw log"
fi
# the xfreerdp command exists on labsrv01 and is no edge
test_count=$((test_count + 1))
grep -q 'xfreerdp /v:FS03' "$inc/labsrv01/syslog" || fail "the sample has no xfreerdp line"

# the inventory gives a workstation the address the lab's routine logins come
# from: those edges resolve to it; the attacker's address, listed nowhere,
# stays external
lab=$(grep -m1 -oE 'Accepted publickey for labtech from [0-9.]+' "$inc/labsrv01/syslog" | sed 's/.* //')
[ -n "$lab" ] || fail "the sample's syslog has no labtech login"
cat >"$TMP/systems.csv" <<CSV
schema,hostname,system,role,site_code,life_critical,ip_addresses
lifeline-systems/1,lab-ws07.valmont.example,other,workstation,FR-990000017,no,$lab;2001:db8::21
lifeline-systems/1,labsrv01,LIS,application,FR-990000017,yes,10.20.4.10
CSV
add_evidence file "$TMP/systems.csv" >/dev/null
expect_exit 0 analyze timeline
expect_exit 0 analyze detect --no-fs
expect_exit 0 movements --json --from lab-ws07
cp "$TMP/out" "$TMP/res.json"
n=$(grep -Ec "sshd\[[0-9]+\]: Accepted publickey for labtech from $(printf '%s' "$lab" | sed 's/\./\\./g') port" "$inc/labsrv01/syslog")
test_count=$((test_count + 1))
python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["edges"]
assert len(e) == int(sys.argv[2]) > 0, len(e)
assert all(x["from_host"] == "lab-ws07.valmont.example" and not x["external"] for x in e)
assert all("inventory host lab-ws07.valmont.example by its address" in x["basis"] for x in e)' "$TMP/res.json" "$n" ||
	fail "the inventory did not resolve $lab to lab-ws07"
expect_exit 0 movements --json --from "$ip"
test_count=$((test_count + 1))
python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["edges"]
assert len(e) == int(sys.argv[2]) and all(x["from_host"] is None and x["external"] for x in e)' "$TMP/out" $((failed + accepted)) ||
	fail "$ip resolved to a host the inventory does not give it"
done_testing
