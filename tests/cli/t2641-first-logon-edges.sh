#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# First logon from a new external address on Windows logons inserted
# directly (the reader contract, as cli.t2501): one finding per (host,
# public address) at the pair's EARLIEST successful logon, whatever order
# the events were stored in; a later logon from it, on the same host under
# another spelling, gives none; the same address on another host gives its
# own; private and shared-space addresses (10/8, 192.168/16, 100.64/10),
# failures and share accesses give none; a re-run gives the same findings.
. "$(dirname "$0")/lib.sh"
need sqlite3 python3

new_case
sqlite3 case.db "INSERT INTO evidence (id, seq, kind, state, started_ns) VALUES ('E1', 1, 'file', 'registered', 0);"
ins() { # id time_s host code attrs
	sqlite3 case.db "INSERT INTO events (id, evidence_id, time_ns, time_desc, source, parser, host, event_code, locator, message, attrs)
	VALUES ($1, 'E1', $2 * 1000000000, 'Event Logged', 'evtx', 'evtx', '$3', $4, 'rec $1', 'm', '$5');"
}
logon() { # id time_s host type addr user [code]
	ins "$1" "$2" "$3" "${7:-4624}" "{\"Channel\":\"Security\",\"EventID\":${7:-4624},\"Computer\":\"$3\",\"LogonType\":\"$4\",\"IpAddress\":\"$5\",\"TargetUserName\":\"$6\"}"
}
# WS01 from 198.51.100.9: a failure first, then two logons stored out of
# time order (the later one has the lower id), then one on "ws01.corp.lan"
logon 1 1700000000 WS01 3 198.51.100.9 eve 4625
logon 2 1700000300 WS01 3 198.51.100.9 mallory
logon 3 1700000100 WS01 10 198.51.100.9 eve
logon 4 1700000900 ws01.corp.lan 3 198.51.100.9 eve
# the same address on WS02: its own first logon
logon 5 1700000500 WS02 3 198.51.100.9 eve
# private and shared-space sources, and a public one that only failed
logon 6 1700000050 WS01 3 10.1.2.3 nurse
logon 7 1700000060 WS01 10 192.168.7.7 nurse
logon 8 1700000070 WS02 3 100.64.0.9 nurse
logon 9 1700000080 WS02 3 203.0.113.99 admin 4625
# a share access from a new public address is no logon edge of its own
ins 10 1700000090 WS02 5140 '{"Channel":"Security","EventID":5140,"Computer":"WS02","IpAddress":"192.0.2.44","SubjectUserName":"eve","ShareName":"\\\\*\\C$"}'

expect_exit 0 --json analyze detect --no-fs
expect_grep '"first_logon_findings": 2' "$TMP/out"
expect_exit 0 --json findings list --rule movement.first_logon_external
cp "$TMP/out" "$TMP/f1.json"
got=$(json_get "$TMP/f1.json" 'sorted((f["host"], f["event_ids"], f["first"][:19], f["title"]) for f in d["findings"])')
fl_want="[('WS01', [3], '2023-11-14T22:15:00', 'First logon from a new external address: 198.51.100.9 on WS01 as eve'), ('WS02', [5], '2023-11-14T22:21:40', 'First logon from a new external address: 198.51.100.9 on WS02 as eve')]"
test_count=$((test_count + 1))
[ "$got" = "$fl_want" ] || fail "first-logon findings: $got, want $fl_want"
# the later logons from it on WS01 (ids 2 and 4) are counted
test_count=$((test_count + 1))
[ "$(json_get "$TMP/f1.json" '[f["details"]["later_logons"] for f in d["findings"] if f["host"] == "WS01"]')" = "[2]" ] ||
	fail "WS01's later logons from 198.51.100.9 not counted as 2"
# no finding names a private, shared-space, failed-only or share-only address
expect_exit 0 findings list
expect_no_grep 'new external address: (10\.1\.2\.3|192\.168\.7\.7|100\.64\.0\.9|203\.0\.113\.99|192\.0\.2\.44)' "$TMP/out"

# a re-run: the same findings, their links not doubled
links=$(sqlite3 case.db "SELECT count(*) FROM finding_events")
expect_exit 0 --json analyze detect --no-fs
expect_exit 0 --json findings list --rule movement.first_logon_external
got=$(json_get "$TMP/out" 'sorted((f["host"], f["event_ids"], f["first"][:19], f["title"]) for f in d["findings"])')
test_count=$((test_count + 1))
[ "$got" = "$fl_want" ] || fail "a re-run changed the first-logon findings: $got"
test_count=$((test_count + 1))
[ "$(sqlite3 case.db "SELECT count(*) FROM finding_events")" = "$links" ] || fail "a re-run changed finding_events"
# user rules (another rule set) leave them in place
mkdir -p "$TMP/r"
expect_exit 0 --json analyze detect --rules "$TMP/r" --no-fs
test_count=$((test_count + 1))
[ "$(sqlite3 case.db "SELECT count(*) FROM findings WHERE ruleset = 'first-logon'")" = 2 ] ||
	fail "a run with other rules changed the first-logon findings"
done_testing
