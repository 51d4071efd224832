#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# case push / case export through a real PostgreSQL 15 server (issue #20):
# a case built from real evidence (a disk image, EVTX logs, syslog; timeline
# and detect run on it) goes SQLite -> PostgreSQL -> SQLite, and every
# timeline export of the exported case is byte-identical to the original's,
# every table row for row (sqlite3 .dump, the oracle), the custody chain
# verifies on the server and in the exported case, with the push entry.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
. "$(dirname "$0")/pg_lib.sh"
for f in disk/tsk_image.dd evtx/cc0_4624_runas_different_user.evtx \
	evtx/cc0_4720_local_user_created.evtx logs/plaso_syslog_ssh.log; do
	[ -f "$SHARED/testdata/$f" ] || skip "no $SHARED/testdata/$f"
done
pg_start

new_case
add_evidence image "$SHARED/testdata/disk/tsk_image.dd" >/dev/null
add_evidence file "$SHARED/testdata/evtx/cc0_4624_runas_different_user.evtx" \
	"$SHARED/testdata/evtx/cc0_4720_local_user_created.evtx" >/dev/null
add_evidence file "$SHARED/testdata/logs/plaso_syslog_ssh.log" >/dev/null
expect_exit 0 analyze timeline
expect_exit 0 analyze detect
# a blob, a real and text with the characters COPY escapes, kept exactly
sqlite3 case.db "INSERT INTO metrics(id, evidence_id, locator, site_code, unit, metric, start_ns, end_ns, value, denominator, row)
	VALUES (1, 'E1', 'x:1', 'S', 'ED', 'arrivals', 1, 2, 0.1, 1e300, 'a\\b	c
d' || char(13) || 'é')"
n_events=$(sqlite3 case.db "SELECT count(*) FROM events")
[ "$n_events" -gt 20 ] || fail "only $n_events events in the case"
n_fs=$(sqlite3 case.db "SELECT count(*) FROM fs_entries")
[ "$n_fs" -gt 0 ] || fail "no fs_entries in the case"

# usage errors
expect_exit 2 case push "$TMP/case"
expect_exit 2 case push "$TMP/case" --store /tmp/x.db
expect_exit 2 case export --store "$LL_PG_URL" "$TMP/x"

expect_exit 0 --json case push "$TMP/case" --store "$LL_PG_URL"
cp "$TMP/out" "$TMP/push.json"
[ "$(json_get "$TMP/push.json" 'd["events"]')" = "$n_events" ] || fail "push counted other events"
[ "$(json_get "$TMP/push.json" 'd["tables"]["fs_entries"]')" = "$n_fs" ] || fail "fs_entries count"
json_get "$TMP/push.json" 'd["events_per_s"] > 0' | grep -q True || fail "no events/s"
expect_no_grep "$LL_PG_PASS" "$TMP/push.json"
# the server holds the rows: counted by psql, the oracle
key=$(pg_sql "SELECT case_key FROM lifeline_cases WHERE case_id = 'T-1' AND state = 'ready'")
[ -n "$key" ] || fail "no ready case T-1 in the server"
[ "$(pg_sql "SELECT count(*) FROM lifeline_case_$key.events")" = "$n_events" ] || fail "server events"
parts=$(pg_sql "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhparent
	JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'lifeline_case_$key' AND c.relname = 'events'")
items=$(sqlite3 case.db "SELECT count(DISTINCT evidence_id) FROM events")
[ "$parts" = "$items" ] || fail "$parts partitions for $items items with events"
[ "$(pg_sql "SELECT encode(signature, 'hex') FROM lifeline_case_$key.custody WHERE seq = 1")" = \
  "$(sqlite3 case.db "SELECT lower(hex(signature)) FROM custody WHERE seq = 1")" ] || fail "signature changed"
[ "$(pg_sql "SELECT action FROM lifeline_case_$key.custody ORDER BY seq DESC LIMIT 1")" = push ] ||
	fail "no push entry at the end of the server's chain"

# pushed twice: refused, naming the case
expect_exit 5 case push "$TMP/case" --store "$LL_PG_URL"
expect_grep "already has a case 'T-1'" "$TMP/err"

expect_exit 0 custody verify --store "$LL_PG_URL" --case-id T-1
expect_grep 'custody ledger OK' "$TMP/out"

expect_exit 0 --json case export --store "$LL_PG_URL" --case-id T-1 "$TMP/back"
expect_no_grep "$LL_PG_PASS" "$TMP/out"
expect_exit 0 -C "$TMP/back" custody verify
expect_grep 'custody ledger OK' "$TMP/out"
# an export into a directory that holds something is refused
mkdir "$TMP/full" && touch "$TMP/full/x"
expect_exit 5 case export --store "$LL_PG_URL" --case-id T-1 "$TMP/full"
expect_exit 3 case export --store "$LL_PG_URL" --case-id NOPE "$TMP/nope"
expect_grep "no case 'NOPE'" "$TMP/err"
[ ! -e "$TMP/nope" ] || fail "a failed export left $TMP/nope"

# every timeline export format, byte for byte
for fmt in bodyfile mactime jsonl csv l2tcsv; do
	expect_exit 0 -C "$TMP/case" timeline export --format "$fmt" -o "$TMP/a.$fmt"
	expect_exit 0 -C "$TMP/back" timeline export --format "$fmt" -o "$TMP/b.$fmt"
	[ -s "$TMP/a.$fmt" ] || fail "empty $fmt export"
	expect_same "$TMP/a.$fmt" "$TMP/b.$fmt" "$fmt export differs after the round trip"
done
# every table, row for row (the pushed case gained nothing; the server's chain
# has the push entry, which the exported case carries)
for t in $(sqlite3 case.db "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
	sqlite3 case.db "SELECT quote(rowid), * FROM \"$t\" ORDER BY rowid" >"$TMP/a.rows"
	sqlite3 "$TMP/back/case.db" "SELECT quote(rowid), * FROM \"$t\" ORDER BY rowid" >"$TMP/b.rows"
	if [ "$t" = custody ]; then
		head -n "$(wc -l <"$TMP/a.rows")" "$TMP/b.rows" >"$TMP/b.head"
		mv "$TMP/b.head" "$TMP/b.rows"
	fi
	expect_same "$TMP/a.rows" "$TMP/b.rows" "table $t differs after the round trip"
done
sqlite3 "$TMP/back/case.db" "SELECT quote(value), quote(denominator), hex(row) FROM metrics" >"$TMP/b.m"
sqlite3 case.db "SELECT quote(value), quote(denominator), hex(row) FROM metrics" >"$TMP/a.m"
expect_same "$TMP/a.m" "$TMP/b.m" "metrics values"
[ "$(sqlite3 "$TMP/back/case.db" "SELECT typeof(signature) FROM custody LIMIT 1")" = blob ] || fail "signature not a blob"

done_testing
