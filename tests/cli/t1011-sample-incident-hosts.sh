#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Issue 17 items 1, 2 and 6 on the sample incident (docs/example): the FS03
# data disk (EXH-001) names no host of its own; the hospital inventory's
# evidence_refs give it FS03.offsec.lan, so the file-system findings —
# encryption burst, ransom notes, deleted backups — are on that host, never
# "—"; and the deleted backups are dated by their deletion (13 Nov
# 14:33:10–14:33:34 UTC, one event per backup, each its inode change), not
# by the backups' creation from 6 Nov.
. "$(dirname "$0")/lib.sh"
need mkfs.ext4 debugfs openssl perl python3 sqlite3

sh "$SRC/docs/example/make-incident.sh" "$TMP/incident" >"$TMP/make.out" 2>&1 ||
	{ cat "$TMP/make.out" >&2; fail "make-incident.sh failed"; }
LIFELINE="$LIFELINE" sh "$SRC/docs/example/run-pipeline.sh" "$TMP/incident" "$TMP/work" \
	>"$TMP/pipeline.out" 2>&1 || { cat "$TMP/pipeline.out" >&2; fail "the pipeline failed"; }
. "$TMP/incident/expected.env"
db=$TMP/work/case/case.db
q() { sqlite3 "$db" "$1"; }

# the disk's events: the inventory's host, marked as given by it
test_count=$((test_count + 1))
[ "$(q "SELECT DISTINCT host || '/' || host_from FROM events WHERE evidence_id = 'EXH-001'")" = \
  FS03.offsec.lan/inventory ] || fail "EXH-001's events are not on FS03.offsec.lan from the inventory"
# the timeline's answer says where it came from
test_count=$((test_count + 1))
[ "$(json_get "$TMP/work/json/timeline-utc.json" \
	'[(h["host"], h["from"], h["sources"][0]["where"]) for h in d["hosts"] if h["id"] == "EXH-001"][0]')" = \
  "('FS03.offsec.lan', 'inventory', 'evidence/EXH-004/files/systems.csv:2')" ] ||
	fail "analyze timeline --json: EXH-001's host and source"
# no conflict: nothing else names a host for it
expect_no_grep 'host conflict' "$TMP/work/logs/08.log"

# every fs finding on FS03, the findings list shows it
for r in fs.encryption_burst fs.ransom_note.spread fs.backup_deleted; do
	test_count=$((test_count + 1))
	[ "$(q "SELECT host FROM findings WHERE rule_id = '$r'")" = FS03.offsec.lan ] ||
		fail "$r: not on FS03.offsec.lan"
done
test_count=$((test_count + 1))
[ "$(q "SELECT count(*) FROM findings WHERE host IS NULL")" -eq 0 ] || fail "a finding on host '—'"

# the deleted backups: the deletions' times, one act event per backup
test_count=$((test_count + 1))
[ "$(q "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', first_ns / 1000000000, 'unixepoch') || ' ' ||
	   strftime('%Y-%m-%dT%H:%M:%SZ', last_ns / 1000000000, 'unixepoch') || ' ' || event_count
	   FROM findings WHERE rule_id = 'fs.backup_deleted'")" = \
  "2021-11-13T14:33:10Z 2021-11-13T14:33:34Z $DELETED_BACKUPS" ] ||
	fail "deleted backups: not dated by their deletion"
test_count=$((test_count + 1))
[ "$(q "SELECT count(*) FROM finding_events fe JOIN findings f ON f.id = fe.finding_id
	JOIN events e ON e.id = fe.event_id WHERE f.rule_id = 'fs.backup_deleted'
	AND (json_extract(e.attrs, '\$.macb') <> 'c' OR e.path NOT LIKE '/Backups/%.bak')")" -eq 0 ] ||
	fail "deleted backups: a cited event is not a backup's inode change"
# the encryption burst cites the rewrites (m/c) inside its window
test_count=$((test_count + 1))
[ "$(q "SELECT count(*) FROM finding_events fe JOIN findings f ON f.id = fe.finding_id
	JOIN events e ON e.id = fe.event_id WHERE f.rule_id = 'fs.encryption_burst'
	AND (json_extract(e.attrs, '\$.macb') NOT IN ('m', 'c') OR e.time_ns < $BURST_FIRST * 1000000000
	     OR e.time_ns > $BURST_LAST * 1000000000)")" -eq 0 ] ||
	fail "encryption burst: a cited event is not a rewrite inside the burst"
done_testing
