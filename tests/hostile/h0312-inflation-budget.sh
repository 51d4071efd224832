#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Decompression amplification has a documented per-item budget (issue #14
# item 8): a few MB of gzip that inflate to GBs (a 7 MB gzip grew case.db to
# 8.5 GB) stop at --max-inflated (default 1 GiB) and events stop at
# --max-events, keeping what came before, naming the file and the flag, and
# exit 4 with the file under "partial". Line readers (syslog, read twice for
# the year), memory-copied readers (EVTX) and several files of one item are
# all counted; 0 lifts a limit; free space below --min-free refuses the
# load before anything is written (exit 5).
. "$(dirname "$0")/../cli/lib.sh"
need gzip python3 sqlite3

# gzip members of 64 MiB of zeros, concatenated (gzip -d reads them as one
# stream): 64 KiB each on disk, cheap to build and read
head -c 67108864 /dev/zero | gzip -c >"$TMP/zeros.gz"
lines() {
	printf '%s\n' \
		'Mar  1 10:00:00 ris01 sshd[10]: Accepted password for radiology from 10.1.2.3 port 5000 ssh2' \
		'Mar  1 10:00:05 ris01 sudo:  radiology : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/sh' \
		'Mar  1 10:00:09 ris01 cron[7]: job done'
}
bomb() { # FILE MEMBERS
	lines | gzip -c >"$1"
	i=0
	while [ "$i" -lt "$2" ]; do cat "$TMP/zeros.gz" >>"$1"; i=$((i + 1)); done
}
mkdir -p "$TMP/b"
bomb "$TMP/b/small.log.gz" 2        # 128 MiB inflated
bomb "$TMP/b/default.log.gz" 17     # 1.06 GiB: over the default budget

new_case
# check JSON ID REASON FILE: ID lists FILE as partial for REASON
check() {
	json_get "$1" '"\n".join(["complete=" + str(d["complete"])] + [p["id"] + " " + p["reason"] + " " + (p.get("path") or "-") + ": " + p["message"] for p in d["partial"]])' >"$TMP/partial"
	grep -q '^complete=False$' "$TMP/partial" || fail "$2: complete"
	grep -q "^$2 $3 .*$4" "$TMP/partial" || { cat "$TMP/partial" >&2; fail "$2: $4 not listed for $3"; }
	test_count=$((test_count + 2))
}
# within ARGS...: the run hits no limit (the 1 MiB lines of zeros are still
# rejected as over-long lines, so exit 4 for rejected-records is fine)
within() {
	set +e
	ll --json "$@"
	rc=$?
	set -e
	[ "$rc" -eq 0 ] || [ "$rc" -eq 4 ] || { cat "$TMP/err" >&2; fail "$* exited $rc"; }
	expect_no_grep '"reason": "(inflate-budget|event-budget|disk-space)"' "$TMP/out"
}
events() { sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id = '$1'"; }

# --- inflated bytes, a low budget: stops early, keeps the lines before, names the flag
S=$(add_evidence file "$TMP/b/small.log.gz")
expect_exit 4 --json analyze timeline "$S" --year 2024 --max-inflated 1M
check "$TMP/out" "$S" inflate-budget small.log.gz
expect_grep 'max-inflated budget of 1048576 bytes' "$TMP/out"
[ "$(events "$S")" = 3 ] || fail "the three lines before the zeros not stored ($(events "$S"))"
# the same file within a budget, or with none: complete
within analyze timeline "$S" --year 2024 --max-inflated 256M
within analyze timeline "$S" --year 2024 --max-inflated 0
[ "$(events "$S")" = 3 ] || fail "re-run changed the events"

# --- the default budget trips on a highly compressible input, without writing GBs
D=$(add_evidence file "$TMP/b/default.log.gz")
expect_exit 4 --json analyze timeline "$D" --year 2024
check "$TMP/out" "$D" inflate-budget default.log.gz
expect_grep 'max-inflated budget of 1073741824 bytes' "$TMP/out"
[ "$(events "$D")" = 3 ] || fail "default budget: lines not stored"
[ "$(wc -c <case.db)" -lt 50000000 ] || fail "case.db grew to $(wc -c <case.db) bytes"

# --- the budget is per item: two files of one item share it
mkdir -p "$TMP/two"
bomb "$TMP/two/a.log.gz" 1
bomb "$TMP/two/b.log.gz" 1
T=$(add_evidence file "$TMP/two/a.log.gz" "$TMP/two/b.log.gz")
expect_exit 4 --json analyze timeline "$T" --year 2024 --max-inflated 100M
check "$TMP/out" "$T" inflate-budget b.log.gz
[ "$(json_get "$TMP/out" 'len([p for p in d["partial"] if p["reason"] == "inflate-budget"])')" = 1 ] ||
	fail "a.log.gz should be within the budget"
within analyze timeline "$T" --year 2024 --max-inflated 200M

# --- a reader that copies the inflated file into memory (EVTX) is counted too
EVTX=$SHARED/testdata/evtx/cc0_4720_local_user_created.evtx
if [ -f "$EVTX" ]; then
	mkdir -p "$TMP/e"
	gzip -c "$EVTX" >"$TMP/e/sec.evtx.gz"
	E=$(add_evidence file "$TMP/e/sec.evtx.gz")
	expect_exit 4 --json analyze timeline "$E" --max-inflated 8K
	check "$TMP/out" "$E" inflate-budget sec.evtx.gz
	expect_exit 0 analyze timeline "$E"
fi

# --- events: at most --max-events per item, the first ones kept
mkdir -p "$TMP/ev"
lines >"$TMP/ev/one.log"
lines >"$TMP/ev/two.log"
V=$(add_evidence file "$TMP/ev/one.log" "$TMP/ev/two.log")
expect_exit 4 --json analyze timeline "$V" --year 2024 --max-events 4
check "$TMP/out" "$V" event-budget two.log
expect_grep 'more than 4 events in this item \(the --max-events budget\)' "$TMP/out"
[ "$(events "$V")" = 4 ] || fail "--max-events 4 stored $(events "$V")"
expect_exit 0 analyze timeline "$V" --year 2024 --max-events 6
[ "$(events "$V")" = 6 ] || fail "--max-events 6 stored $(events "$V")"
expect_exit 2 analyze timeline "$V" --max-events lots
expect_exit 2 analyze timeline "$V" --max-inflated -1

# --- free space: checked before the load; too little refuses it (exit 5), nothing written
before=$(events "$V")
expect_exit 5 analyze timeline "$V" --year 2024 --min-free 100T
expect_grep "bytes free in '.*', less than the --min-free" "$TMP/err"
[ "$(events "$V")" = "$before" ] || fail "--min-free: events changed"
done_testing
