#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Issue 17 item 1: an item's host, from `collect … --host`, the hospital
# inventory's evidence_refs, or the image's own /etc/hostname (an ext4 image
# made now with mkfs.ext4 -d), given to its events that name none; two
# sources naming different hosts are reported (stderr and the analysis
# record), never settled silently; re-runs stay consistent.
. "$(dirname "$0")/lib.sh"
need mkfs.ext4 sqlite3 python3
PATH=$PATH:/usr/sbin:/sbin
new_case

# mkimg NAME HOSTNAME-CONTENT: an ext4 image whose /etc/hostname holds the text
mkimg() {
	rm -rf "$TMP/tree"
	mkdir -p "$TMP/tree/etc" "$TMP/tree/data"
	printf '%s' "$2" >"$TMP/tree/etc/hostname"
	echo report >"$TMP/tree/data/report.txt"
	mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/$1" 4M >/dev/null
}
q() { sqlite3 case.db "$1"; }

# --- --host: recorded, shown, in the custody entry, checked ---
mkimg a.img "srv-a
"
expect_exit 2 collect image "$TMP/a.img" --format raw --exhibit BAD --host 'bad host'
expect_grep 'host name' "$TMP/err"
mkimg b.img "srv-b
"
expect_exit 0 collect image "$TMP/b.img" --format raw --exhibit EXH-B --host FILESRV02
expect_exit 0 collect image "$TMP/a.img" --format raw --exhibit EXH-A
mkimg c.img "# the lab's box
labbox
"
expect_exit 0 collect files "$TMP/c.img" --exhibit EXH-C --host labbox.corp.lan
expect_exit 0 evidence list
expect_grep 'host FILESRV02 \(collect --host\)' "$TMP/out"
expect_exit 0 --json evidence list
test_count=$((test_count + 1))
[ "$(json_get "$TMP/out" '[i["host"] for i in d["items"] if i["id"] == "EXH-C"][0]')" = labbox.corp.lan ] ||
	fail "evidence list --json: no host for EXH-C"
test_count=$((test_count + 1))
[ "$(q "SELECT json_extract(details, '\$.host') FROM custody WHERE action = 'acquire' AND evidence_id = 'EXH-B'")" = FILESRV02 ] ||
	fail "the acquire entry's details do not name the host"
test_count=$((test_count + 1))
[ "$(q "SELECT json_extract(details, '\$.host') FROM custody WHERE action = 'collect' AND evidence_id = 'EXH-C'")" = labbox.corp.lan ] ||
	fail "the collect entry's details do not name the host"
expect_exit 0 custody verify

# --- the timeline: the image's own name, --host first, the conflict said ---
expect_exit 0 --json analyze timeline EXH-A EXH-B EXH-C
cp "$TMP/err" "$TMP/err1"
# hosts[].events: the rows given the host by this run (before the item's commit)
given_rows() { json_get "$TMP/out" "[h['events'] for h in d['hosts'] if h['id'] == '$1'][0]"; }
for x in EXH-A EXH-B EXH-C; do
	test_count=$((test_count + 1))
	[ "$(given_rows $x)" -gt 0 ] &&
		[ "$(given_rows $x)" -eq "$(q "SELECT count(*) FROM events WHERE evidence_id = '$x' AND host_from IS NOT NULL")" ] ||
		fail "$x: hosts[].events is not the rows given the host"
done
test_count=$((test_count + 1))
[ "$(q "SELECT hostname FROM fs_volumes WHERE evidence_id = 'EXH-A'")" = srv-a ] ||
	fail "EXH-A: /etc/hostname not kept on its volume"
test_count=$((test_count + 1))
[ "$(q "SELECT count(*) FROM events WHERE evidence_id = 'EXH-A' AND (host IS NOT 'srv-a' OR host_from IS NOT 'image')")" -eq 0 ] ||
	fail "EXH-A: events without the image's host"
test_count=$((test_count + 1))
[ "$(q "SELECT count(DISTINCT host) || host FROM events WHERE evidence_id = 'EXH-B'")" = 1FILESRV02 ] ||
	fail "EXH-B: events not on the --host host"
# --host FILESRV02 and the image's srv-b: reported, on stderr and in the record
expect_grep "warning: .*host conflict: EXH-B: collect --host .* names 'FILESRV02', the image's own name .*ComputerName\) .* names 'srv-b'" "$TMP/err1"
test_count=$((test_count + 1))
q "SELECT warnings FROM analyses WHERE evidence_id = 'EXH-B' AND kind = 'timeline'" >"$TMP/w"
[ "$(grep -o 'host conflict' "$TMP/w" | wc -l)" -eq 1 ] || { cat "$TMP/w" >&2; fail "EXH-B: the conflict is not once in the record"; }
# labbox (the image's, with a comment line) is labbox.corp.lan: no conflict
expect_no_grep 'host conflict: EXH-C' "$TMP/err1"
test_count=$((test_count + 1))
[ "$(q "SELECT DISTINCT host || '/' || host_from FROM events WHERE evidence_id = 'EXH-C'")" = labbox.corp.lan/--host ] ||
	fail "EXH-C: events not on labbox.corp.lan from --host"

# --- the inventory: its evidence_refs name EXH-A (the same host) and EXH-C (another) ---
mkdir -p "$TMP/hosp"
cat >"$TMP/hosp/systems.csv" <<'CSV'
schema,hostname,system,role,site_code,unit,life_critical,evidence_refs,notes
lifeline-systems/1,srv-a.corp.lan,EHR,document_store,S1,,yes,EXH-A,file server
lifeline-systems/1,ws-17,other,workstation,S1,ICU,no,EXH-C;EXH-X,nurses' station
CSV
expect_exit 0 collect files "$TMP/hosp/systems.csv" --exhibit EXH-H
expect_exit 0 --json analyze timeline EXH-H
cp "$TMP/err" "$TMP/err2"
# EXH-A, not read now: its rows given the inventory's name by this run
test_count=$((test_count + 1))
[ "$(given_rows EXH-A)" -eq "$(q "SELECT count(*) FROM events WHERE evidence_id = 'EXH-A'")" ] ||
	fail "EXH-A: hosts[].events is not the rows the inventory's name was given to"
test_count=$((test_count + 1))
[ "$(q "SELECT DISTINCT host || '/' || host_from FROM events WHERE evidence_id = 'EXH-A'")" = srv-a.corp.lan/inventory ] ||
	fail "EXH-A: the inventory's name is not used"
expect_no_grep 'host conflict: EXH-A' "$TMP/err2"
expect_grep "host conflict: EXH-C: collect --host .* names 'labbox.corp.lan', the inventory \(.*systems.csv:3\) names 'ws-17'" "$TMP/err2"
expect_grep "host conflict: EXH-B" "$TMP/err2"
# the log item's events that name a host of their own keep it
test_count=$((test_count + 1))
[ "$(q "SELECT count(*) FROM events WHERE evidence_id = 'EXH-H' AND host_from IS NOT NULL")" -eq 0 ] ||
	fail "EXH-H (the inventory itself) was given a host"

# --- a log whose lines name their host: they keep it, --host fills only the gaps ---
printf 'Jun  3 14:00:00 ward1 sshd[1]: Accepted password for nurse1 from 10.0.0.1 port 1 ssh2\n' >"$TMP/auth.log"
expect_exit 0 collect files "$TMP/auth.log" --exhibit EXH-L --host labpc
expect_exit 0 analyze timeline EXH-L --year 2024 --tz UTC
test_count=$((test_count + 1))
[ "$(q "SELECT host || '/' || COALESCE(host_from, '-') FROM events WHERE evidence_id = 'EXH-L'")" = ward1/- ] ||
	fail "EXH-L: the line's own host was replaced"

# --- re-runs: the same hosts, the conflict once, nothing else rewritten ---
q "SELECT evidence_id, host, host_from, count(*) FROM events GROUP BY 1, 2, 3 ORDER BY 1, 2" >"$TMP/h1"
expect_exit 0 analyze timeline EXH-B
q "SELECT evidence_id, host, host_from, count(*) FROM events GROUP BY 1, 2, 3 ORDER BY 1, 2" >"$TMP/h2"
expect_same "$TMP/h1" "$TMP/h2" "a re-run changed the hosts"
test_count=$((test_count + 1))
q "SELECT warnings FROM analyses WHERE evidence_id = 'EXH-C' AND kind = 'timeline'" >"$TMP/w"
[ "$(grep -o 'host conflict' "$TMP/w" | wc -l)" -eq 1 ] || { cat "$TMP/w" >&2; fail "EXH-C: the conflict is not once in the record"; }
expect_exit 0 --json analyze timeline EXH-H
test_count=$((test_count + 1))
[ "$(json_get "$TMP/out" '[h["from"] for h in d["hosts"] if h["id"] == "EXH-A"][0]')" = inventory ] ||
	fail "--json: no hosts entry for EXH-A"

# --- an image and then an inventory naming it, read in one run: the image's
# rows get its own name at its commit, the inventory's at the end; each row
# is counted once ---
mkimg d.img "srv-d
"
expect_exit 0 collect image "$TMP/d.img" --format raw --exhibit EXH-D
mkdir -p "$TMP/hosp2"
cat >"$TMP/hosp2/systems.csv" <<'CSV'
schema,hostname,system,role,site_code,unit,life_critical,evidence_refs,notes
lifeline-systems/1,srv-d.corp.lan,EHR,document_store,S1,,yes,EXH-D,file server
CSV
expect_exit 0 collect files "$TMP/hosp2/systems.csv" --exhibit EXH-I
expect_exit 0 --json analyze timeline EXH-D EXH-I
test_count=$((test_count + 1))
[ "$(q "SELECT DISTINCT host || '/' || host_from FROM events WHERE evidence_id = 'EXH-D'")" = srv-d.corp.lan/inventory ] ||
	fail "EXH-D: the inventory read after it in the same run is not used"
test_count=$((test_count + 1))
[ "$(given_rows EXH-D)" -eq "$(q "SELECT count(*) FROM events WHERE evidence_id = 'EXH-D'")" ] ||
	fail "EXH-D: hosts[].events counts its rows $(given_rows EXH-D) times, not once each"

# --- the findings of an item take its host ---
expect_exit 0 analyze detect
test_count=$((test_count + 1))
[ "$(q "SELECT count(*) FROM findings WHERE source = 'fs-detector' AND host IS NULL")" -eq 0 ] ||
	fail "an fs finding without a host"
done_testing
