#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Custody appenders at once on one case in the server (issue #20): 4
# processes, two examiners' keys, each appending 6 entries with `custody add
# --store` at the same time. Every append succeeds, the chain has every
# entry once with seq 1..N and no fork (each prev_hash the entry before's
# hash, checked by psql), and verifies on the server and once exported.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
. "$(dirname "$0")/pg_lib.sh"
pg_start

new_case
expect_exit 0 custody add --action note --note "before the push"
expect_exit 0 case push "$TMP/case" --store "$LL_PG_URL"
base=$(pg_sql "SELECT count(*) FROM lifeline_case_1.custody")
[ "$base" -ge 2 ] || fail "only $base entries after the push"
# a second examiner
HOME2=$TMP/home2
mkdir -p "$HOME2"
HOME=$HOME2 "$LIFELINE" key new --name "Second Examiner" --org "Other Lab" >/dev/null ||
	fail "key new for the second examiner"

# a missing item or case: refused before anything is written
expect_exit 3 custody add --store "$LL_PG_URL" --case-id T-1 --action note --evidence E9 --note x
expect_exit 3 custody add --store "$LL_PG_URL" --case-id T-9 --action note --note x
expect_exit 2 custody add --store "$LL_PG_URL" --action note --note x

K=6
for p in 1 2 3 4; do
	h=$HOME
	[ $((p % 2)) -eq 0 ] && h=$HOME2
	(
		i=1
		while [ $i -le $K ]; do
			HOME=$h "$LIFELINE" custody add --store "$LL_PG_URL" --case-id T-1 \
				--action note --note "appender $p entry $i" >/dev/null 2>"$TMP/app$p.$i.err" ||
				{ echo "appender $p entry $i failed" >"$TMP/app$p.failed"; cat "$TMP/app$p.$i.err" >&2; }
			i=$((i + 1))
		done
	) &
done
wait
test_count=$((test_count + 1))
for p in 1 2 3 4; do
	[ ! -f "$TMP/app$p.failed" ] || fail "$(cat "$TMP/app$p.failed")"
done
total=$((base + 4 * K))
[ "$(pg_sql "SELECT count(*) FROM lifeline_case_1.custody")" = $total ] || fail "not $total entries"
[ "$(pg_sql "SELECT count(DISTINCT seq) || ' ' || min(seq) || ' ' || max(seq) FROM lifeline_case_1.custody")" = "$total 1 $total" ] ||
	fail "seqs are not 1..$total"
# one chain: every entry links to the one before it
[ "$(pg_sql "SELECT count(*) FROM lifeline_case_1.custody a JOIN lifeline_case_1.custody b ON b.seq = a.seq + 1 WHERE b.prev_hash <> a.hash")" = 0 ] ||
	fail "the chain forks"
for p in 1 2 3 4; do
	[ "$(pg_sql "SELECT count(*) FROM lifeline_case_1.custody WHERE note LIKE 'appender $p entry %'")" = $K ] ||
		fail "appender $p's entries are not all there"
done
expect_exit 0 --json custody verify --store "$LL_PG_URL" --case-id T-1
[ "$(json_get "$TMP/out" 'd["entries"]')" = $total ] || fail "verify saw another count"
[ "$(json_get "$TMP/out" 'd["signers"]')" = 2 ] || fail "verify saw other signers"
expect_exit 0 case export --store "$LL_PG_URL" --case-id T-1 "$TMP/back"
expect_exit 0 -C "$TMP/back" custody verify
expect_grep "$total entries, 2 signer" "$TMP/out"

done_testing
