#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The worker fork server (issue #16, zygote.c): the same case read through the
# zygote (--jobs 1 and 2), through fork+exec only (LIFELINE_TEST_ZYGOTE=off, a
# test build's switch) and with a zygote that ends on its 2nd or 3rd request
# (LIFELINE_TEST_ZYGOTE=exit:N) stores the same events (rowids too), custody
# details, report and exports: a lost zygote costs no file (its worker and the
# rest are fork+exec'd) and is named on stderr. Under strace, the zygote is the
# only exec of a reader's `__worker` (the probe's is exec'd once per item); its clones lock themselves down and open nothing after.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/worker_lib.sh"
need sqlite3 python3
L="$SHARED/testdata/logs"
X="$SHARED/testdata/evtx"
[ -f "$L/plaso_syslog_ssh.log" ] && [ -f "$X/cc0_4720_local_user_created.evtx" ] ||
	skip "no shared log test data in $L and $X (../shared, the project's shared test data)"
mkdir -p "$TMP/a"
for i in 1 2 3 4 5; do
	printf 'Mar  1 10:00:%02d ris01 sshd[10]: file %d\n' "$i" "$i" >"$TMP/a/f$i.log"
done
new_case
a=$(add_evidence file "$TMP/a/f1.log" "$TMP/a/f2.log" "$TMP/a/f3.log" "$TMP/a/f4.log" "$TMP/a/f5.log")
b=$(add_evidence file "$X/cc0_4720_local_user_created.evtx" "$X/cc0_4688_diskshadow_abuse.evtx")
c=$(add_evidence file "$L/plaso_syslog_ssh.log")
cd "$TMP"
# NAME,ZYGOTE,JOBS: the runs compared
runs="zy1,-,1 zy2,-,2 off,off,1 off2,off,2 lost,exit:2,1 lost2,exit:3,2"
for r in $runs; do
	cp -a case "case-${r%%,*}"
done
for r in $runs; do
	n=${r%%,*} z=${r#*,}
	j=${z#*,} z=${z%%,*}
	say "$n: LIFELINE_TEST_ZYGOTE=$z --jobs $j"
	cd "$TMP/case-$n"
	if [ "$z" = - ]; then
		expect_exit 0 --json analyze timeline --year 2024 --jobs "$j"
	else
		LIFELINE_TEST_ZYGOTE=$z expect_exit 0 --json analyze timeline --year 2024 --jobs "$j"
	fi
	case $z in
	exit:*)
		expect_grep "lifeline: warning: the process that starts the readers' workers was lost \(it ended\); they are started one by one for the rest of the run" "$TMP/err" ;;
	*)
		expect_no_grep "warning" "$TMP/err" ;;
	esac
	cp "$TMP/out" "$TMP/report-$n.json"
	# every file of every item stored (the 5 one-line files one event each)
	got=$(sqlite3 case.db "SELECT evidence_id, count(DISTINCT path), evidence_id <> '$a' OR count(*) = 5 FROM events GROUP BY evidence_id ORDER BY evidence_id" | tr '\n' ' ')
	[ "$got" = "$a|5|1 $b|2|1 $c|1|1 " ] || fail "$n: events per item: $got"
	test_count=$((test_count + 1))
	expect_exit 0 custody verify
	sqlite3 case.db "SELECT * FROM events ORDER BY rowid" >"$TMP/events-$n"
	sqlite3 case.db "SELECT evidence_id, details FROM custody WHERE action='analyze' ORDER BY seq" >"$TMP/custody-$n"
	expect_exit 0 timeline export --format jsonl -o "$TMP/export-$n.jsonl"
done
for n in zy2 off off2 lost lost2; do
	expect_same "$TMP/events-zy1" "$TMP/events-$n" "events (rowids) of zy1 and $n"
	expect_same "$TMP/custody-zy1" "$TMP/custody-$n" "custody details of zy1 and $n"
	expect_same "$TMP/report-zy1.json" "$TMP/report-$n.json" "reports of zy1 and $n"
	expect_same "$TMP/export-zy1.jsonl" "$TMP/export-$n.jsonl" "exports of zy1 and $n"
done

if command -v strace >/dev/null 2>&1 &&
	strace -f -o /dev/null true >/dev/null 2>&1; then
	say "strace: one exec, the zygote; its clones open nothing after their lock-down"
	cp -a "$TMP/case" "$TMP/case-st"
	cd "$TMP/case-st"
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -s 65536 -e trace=execve,sendmsg,open,openat,openat2,seccomp,prctl,close \
		-o "$TMP/strace" "$LIFELINE" analyze timeline --year 2024 --jobs 2 \
		</dev/null >"$TMP/out" 2>"$TMP/err" || fail "analyze timeline under strace"
	# the parent never closes a descriptor it does not own (stdout is closed at the end, checked) (a replayed early worker's
	# emptied run once closed fd 0, its zeroed scratch descriptor)
	parent=$(sed -n '1s/^\([0-9]*\).*/\1/p' "$TMP/strace")
	! grep -Eq "^$parent +close\(0\)" "$TMP/strace" || fail "the parent closed its standard input"
	test_count=$((test_count + 1))
	# (the content probe's worker, one per item with all its files, is exec'd: h0534)
	[ "$(grep 'execve("/proc/self/exe", \["lifeline", "__worker"' "$TMP/strace" | grep -vc '"__worker", "--probe"')" -eq 1 ] ||
		fail "not exactly one exec of a reader's __worker"
	expect_grep 'execve\("/proc/self/exe", \["lifeline", "__worker", "--zygote"\]' "$TMP/strace"
	for k in syslog evtx; do
		worker_started "$k" "$TMP/strace"
	done
	# 8 files, 8 workers
	no_open_after_lockdown "$TMP/strace" 11 # 8 readers, the 3 items' probes
else
	partial "strace missing or not permitted: the zygote's workers not traced"
fi

# no process of the run outlives it: the zygote is stopped and reaped at the command's exit
# (its working directory was the case's: a script unmounting the case's disk next found it busy)
# (LIFELINE_TEST_ZYGOTE=linger: a zygote that would outlive its parent by 3 s)
case_dir=$(pwd -P)
LIFELINE_TEST_ZYGOTE=linger expect_exit 0 analyze timeline --year 2024
left=$(for p in /proc/[0-9]*; do
	[ "$(readlink "$p/cwd" 2>/dev/null)" = "$case_dir" ] &&
		tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -q __worker && echo "${p#/proc/}"
done || :)
[ -z "$left" ] || { ps -o pid,args -p $left >&2 || :; fail "processes left in the case after the command: $left"; }
test_count=$((test_count + 1))
done_testing
