#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# analyze timeline --jobs N (issue #16): items of several kinds (syslog, a
# gzip syslog, Apache, EVTX), one file of them failing in its worker, read
# with --jobs 1, 2 and 3 in three copies of one case: the failing file is
# the one partial input, named with its cause, the others are complete, and
# the events (rowids too), the exports, the report and the custody details
# are the same for every N, the spool in memory or in a file; a bad --jobs
# is a usage error.
. "$(dirname "$0")/lib.sh"
need sqlite3 python3 gzip
L="$SHARED/testdata/logs"
X="$SHARED/testdata/evtx"
[ -f "$L/plaso_syslog" ] && [ -f "$X/cc0_4720_local_user_created.evtx" ] ||
	skip "no shared log test data in $L and $X (../shared, the project's shared test data)"
mkdir -p "$TMP/a" "$TMP/d"
cp "$L/plaso_syslog_ssh.log" "$TMP/a/ssh.log"
gzip -c "$L/plaso_syslog" >"$TMP/a/sys.log.gz"
i=1
while [ "$i" -le 40 ]; do
	printf 'Mar  1 10:00:%02d ris01 sshd[10]: line %d\n' "$((i % 60))" "$i"
	i=$((i + 1))
done >"$TMP/d/bad.log"
cp "$L/plaso_syslog_ssh.log" "$TMP/d/after.log"
new_case
a=$(add_evidence file "$TMP/a/ssh.log" "$TMP/a/sys.log.gz")
b=$(add_evidence file "$X/cc0_4720_local_user_created.evtx")
c=$(add_evidence file "$L/plaso_apache_access.log")
d=$(add_evidence file "$TMP/d/bad.log" "$TMP/d/after.log")
e=$(add_evidence file "$X/cc0_4688_diskshadow_abuse.evtx" "$X/cc0_4624_runas_different_user.evtx")
cd "$TMP"
for n in 1 2 3 4; do
	cp -a case "case$n"
done

say "bad --jobs"
cd "$TMP/case1"
for bad in 0 x -1 2x "" 257; do
	expect_exit 2 analyze timeline --jobs "$bad"
	expect_grep "bad --jobs '$bad'" "$TMP/err"
done
expect_exit 0 analyze timeline --help
expect_grep '--jobs N' "$TMP/out"

# case4: --jobs 3 with every spooled frame in a spool file (a test build's hook)
for n in 1 2 3 4; do
	j=$n
	[ "$n" = 4 ] && j=3
	say "--jobs $j (case$n)"
	cd "$TMP/case$n"
	[ "$n" = 4 ] && export LIFELINE_TEST_SPOOL_MEM=0
	LIFELINE_TEST_WORKER=badframe:bad.log expect_exit 4 --json analyze timeline --year 2014 --jobs "$j"
	unset LIFELINE_TEST_SPOOL_MEM
	cp "$TMP/out" "$TMP/report$n.json"
	json_get "$TMP/out" '"\n".join(p["id"] + " " + p["reason"] + " " + p["path"] + ": " + p["message"] for p in d["partial"] if p["reason"] != "rejected-records")' >"$TMP/partial"
	[ "$(wc -l <"$TMP/partial")" -eq 1 ] || { cat "$TMP/partial" >&2; fail "--jobs $n: not exactly one failed input"; }
	expect_grep "^$d worker-failed .*bad\.log: '.*bad\.log': the reader's worker was stopped: worker stream: frame [0-9]+ \(WARN\) at offset [0-9]+: field 'reserved'" "$TMP/partial"
	[ "$(sqlite3 case.db "SELECT count(*) FROM events WHERE path LIKE '%bad.log'")" -eq 0 ] || fail "--jobs $n: events of bad.log stored"
	[ "$(sqlite3 case.db "SELECT count(*) FROM events WHERE path LIKE '%after.log'")" -eq 9 ] || fail "--jobs $n: after.log not stored"
	[ "$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$a'")" -eq 25 ] || fail "--jobs $n: item $a"
	for id in "$b" "$c" "$e"; do
		[ "$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$id'")" -gt 0 ] || fail "--jobs $n: no events of $id"
	done
	test_count=$((test_count + 4))
	expect_exit 0 custody verify
	sqlite3 case.db "SELECT * FROM events ORDER BY rowid" >"$TMP/events$n"
	sqlite3 case.db "SELECT evidence_id, details FROM custody WHERE action='analyze' ORDER BY seq" >"$TMP/custody$n"
	for f in jsonl csv mactime; do
		expect_exit 0 timeline export --format "$f" -o "$TMP/export$n.$f"
	done
done
for n in 2 3 4; do
	expect_same "$TMP/events1" "$TMP/events$n" "events (rowids) of --jobs 1 and --jobs $n"
	expect_same "$TMP/custody1" "$TMP/custody$n" "custody details of --jobs 1 and --jobs $n"
	expect_same "$TMP/report1.json" "$TMP/report$n.json" "reports of --jobs 1 and --jobs $n"
	for f in jsonl csv mactime; do
		expect_same "$TMP/export1.$f" "$TMP/export$n.$f" "$f exports of --jobs 1 and --jobs $n"
	done
done

# without the failure, --jobs 3 stores the failed file too, the rest as before
say "--jobs 3 again, no failure"
cd "$TMP/case3"
expect_exit 4 analyze timeline --year 2014 --jobs 3
[ "$(sqlite3 case.db "SELECT count(*) FROM events WHERE path LIKE '%bad.log'")" -eq 40 ] || fail "bad.log not stored without the hook"
test_count=$((test_count + 1))
done_testing
