#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Evidence files on a shared path, by hash (issue #20 item 1): W1 collects
# two items from a source directory and analyses E1. The sources go away and
# W1's files are moved under two shared roots (ROOT1/evidence/E1/NAME and
# ROOT2/E2/NAME). W2, attached with --evidence-dir ROOT1 --evidence-dir ROOT2
# (kept in store.json), has the case's rows but none of the files: its
# `evidence verify` finds them by hash and passes, its analysis of E2 reads
# them; after sync W1's and W2's timelines are byte-identical and equal to a
# single-machine SQLite case given the same inputs (copied with their
# times: syslog's year comes from the file's time). Controls: a workspace
# without roots still finds the files where they were collected while they
# are there; once gone, its verify fails (so the roots are what W2 used).
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
. "$(dirname "$0")/pg_lib.sh"
SYSLOG=$SHARED/testdata/logs/plaso_syslog_ssh.log
EVTX=$SHARED/testdata/evtx/cc0_4624_runas_different_user.evtx
EVTX2=$SHARED/testdata/evtx/cc0_4720_local_user_created.evtx
for f in "$SYSLOG" "$EVTX" "$EVTX2"; do
	[ -f "$f" ] || skip "no $f"
done
pg_start_workspaces
expect_exit 0 key new --name "Analyst One" --org "Lab"

mkdir -p "$TMP/src"
cp -p "$SYSLOG" "$EVTX" "$EVTX2" "$TMP/src/"
expect_exit 0 case init "$TMP/w1" --case-id ROOTS-1 --title "roots" --store "$URL"
expect_exit 0 -C "$TMP/w1" collect files "$TMP/src/$(basename "$SYSLOG")"
expect_exit 0 -C "$TMP/w1" collect files "$TMP/src/$(basename "$EVTX")" "$TMP/src/$(basename "$EVTX2")"
expect_exit 0 -C "$TMP/w1" analyze timeline E1

# a workspace without roots: the files where they were collected, by hash
expect_exit 0 case attach "$TMP/w3" --store "$URL" --case-id ROOTS-1
expect_exit 0 -C "$TMP/w3" evidence verify
expect_grep "^3 evidence files found by hash outside the workspace" "$TMP/err"

# the sources gone; W1's files moved under two roots, in the two layouts
mkdir -p "$TMP/root1" "$TMP/root2"
cp -a "$TMP/w1/evidence" "$TMP/root1/evidence"
rm -rf "$TMP/root1/evidence/E2"
cp -a "$TMP/w1/evidence/E2" "$TMP/root2/E2"
rm -rf "$TMP/src"
# W3's links now lead nowhere: its verify fails (the roots are what W2 uses)
expect_exit 1 -C "$TMP/w3" evidence verify

expect_exit 0 case attach "$TMP/w2" --store "$URL" --case-id ROOTS-1 \
	--evidence-dir "$TMP/root1" --evidence-dir "$TMP/root2/"
[ "$(json_get "$TMP/w2/store.json" 'd["evidence_dirs"]')" = "['$TMP/root1', '$TMP/root2']" ] ||
	fail "store.json's evidence_dirs: $(cat "$TMP/w2/store.json")"
[ -z "$(find "$TMP/w2/evidence" -type f)" ] || fail "W2 has evidence files of its own"
expect_exit 0 -C "$TMP/w2" evidence verify
expect_grep "found by hash outside the workspace" "$TMP/err"
for f in $(sqlite3 "$TMP/w2/case.db" "SELECT path FROM evidence_files"); do
	t=$(readlink "$TMP/w2/$f") || fail "W2's $f is not linked in"
	case $t in
	"$TMP/root1/"* | "$TMP/root2/"*) ;;
	*) fail "W2's $f links to $t, not under a root" ;;
	esac
done
expect_exit 0 -C "$TMP/w2" analyze timeline E2
expect_exit 0 -C "$TMP/w1" case sync
expect_exit 0 -C "$TMP/w2" case sync

# the single-machine case, same inputs in the same order
mkdir -p "$TMP/src"
cp -p "$SYSLOG" "$EVTX" "$EVTX2" "$TMP/src/"
expect_exit 0 case init "$TMP/solo" --case-id ROOTS-1 --title "roots"
expect_exit 0 -C "$TMP/solo" collect files "$TMP/src/$(basename "$SYSLOG")"
expect_exit 0 -C "$TMP/solo" collect files "$TMP/src/$(basename "$EVTX")" "$TMP/src/$(basename "$EVTX2")"
expect_exit 0 -C "$TMP/solo" analyze timeline E1
expect_exit 0 -C "$TMP/solo" analyze timeline E2
for fmt in jsonl csv; do
	for w in w1 w2 solo; do
		expect_exit 0 -C "$TMP/$w" timeline export --format "$fmt" -o "$TMP/$w.$fmt"
	done
	[ "$(grep -c . "$TMP/w2.$fmt")" -gt 10 ] || fail "W2's $fmt timeline is nearly empty"
	expect_same "$TMP/w1.$fmt" "$TMP/w2.$fmt" "W1's and W2's $fmt timelines differ"
	expect_same "$TMP/solo.$fmt" "$TMP/w2.$fmt" "the $fmt timeline differs from the single-machine case's"
done
[ "$(sqlite3 "$TMP/w2/case.db" "SELECT count(DISTINCT evidence_id) FROM events")" = 2 ] ||
	fail "the events of both items are not in the case"
expect_exit 0 -C "$TMP/w2" custody verify
done_testing
