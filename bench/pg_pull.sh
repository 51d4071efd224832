#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/pg_pull.sh [N]: the pulls of attached workspaces (issue #20,
# core/pg/ws_pull.c) on a case of N + 1,000 events (default 400,000; two
# items, tests/cli/pg_lib.sh's pg_big_case) in a throw-away PostgreSQL 15
# cluster. Two workspaces W1 and W2 attached; times, best of 3 where said:
#   attach            the whole case exported (the full pull)
#   sync, full        `case sync` made to pull the whole case (a .ll-dirty
#                     marker: what every pull did before incremental pulls)
#   sync, nothing new `case sync` with nothing changed on the server (best of 3)
#   custody add       in W1: its pull before and after, and the push
#   sync, one write   `case sync` in W2 after W1's custody add
#   detect (W1)       a case-wide command: its pulls and push (once)
#   sync, after detect `case sync` in W2 after it (the push recorded
#                     the tables it changed: incremental), then what it recorded
#   detect again      detect once more in W1 (nothing changed since) and W2's sync
# wall, CPU (user + sys, with its workers) and the server's CPU each, and the load average. Each sync's own --json says whether it was full.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-400000}
. "$SRC/bench/pg_bench_lib.sh"
pg_start_workspaces

now() { date +%s.%N; }
# server_cpu: the server's CPU seconds so far (user + sys of the postmaster and of its
# children waited for: the backends of the connections closed since)
server_cpu() {
	awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15 + $16 + $17) / hz }' \
		"/proc/$(head -1 "$PG_DIR/data/postmaster.pid")/stat"
}
# timed LABEL ARGS...: lifeline ARGS, its wall and CPU (user + sys) times printed with its pull's kind
timed() {
	label=$1
	shift
	t0=$(now)
	s0=$(server_cpu)
	/usr/bin/time -o "$TMP/cpu" -f '%U %S' "$LIFELINE" "$@" >"$TMP/out" 2>"$TMP/err" ||
		{ cat "$TMP/err" >&2; fail "lifeline $* failed"; }
	t1=$(now)
	cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$TMP/cpu")
	scpu=$(echo "$(server_cpu) - $s0" | bc -l)
	kind=$(python3 -c 'import json,sys
try: d = json.load(open(sys.argv[1]))
except Exception: print(""); sys.exit(0)
p = d.get("pull")
print("" if p is None else ("full" if p["full"] else "incremental, %d items, %d rows" % (p["items"], p["rows"])))' "$TMP/out")
	printf '%-22s %6.2f s wall %6s s CPU %6.2f s server CPU  %s\n' "$label" "$(echo "$t1 - $t0" | bc -l)" \
		"$cpu" "$scpu" "$kind"
}

pg_big_case "$TMP/case" "$N"
expect_exit 0 case push "$TMP/case" --store "$LL_PG_URL"
echo "case of $((N + 1000)) events pushed"
timed "attach W1" case attach "$TMP/w1" --store "$URL" --case-id BIG-1
timed "attach W2" case attach "$TMP/w2" --store "$URL" --case-id BIG-1
# the change record is made by the first push of a workspace
timed "custody add (W1)" -C "$TMP/w1" custody add --action note --note "first"
for i in 1 2 3; do
	: >"$TMP/w2/.ll-dirty"
	timed "sync W2, full" -C "$TMP/w2" --json case sync
done
for i in 1 2 3; do
	timed "sync W2, nothing new" -C "$TMP/w2" --json case sync
done
for i in 1 2 3; do
	timed "custody add (W1)" -C "$TMP/w1" custody add --action note --note "entry $i"
	timed "sync W2, one write" -C "$TMP/w2" --json case sync
done
# a case-wide command elsewhere: its push records what it changed (core/pg/ws_changes.c)
timed "detect (W1)" -C "$TMP/w1" --json analyze detect
timed "sync W2, after detect" -C "$TMP/w2" --json case sync
# what detect's push recorded: the case-wide tables and the (item table, item) pairs it changed
key=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["case_key"])' "$TMP/w2/store.json")
echo "detect's record: $(pg_sql "SELECT array_to_string(tables, ',') || ' | ' ||
	coalesce(array_to_string(item_tables, ','), '') || ' | ' || coalesce(array_to_string(items, ','), '')
	FROM public.lifeline_change_log WHERE case_key = $key ORDER BY gen DESC LIMIT 1")"
# detect again, nothing changed since: what a second run rewrites (its analyses rows, findings)
timed "detect again (W1)" -C "$TMP/w1" --json analyze detect
timed "sync W2, detect again" -C "$TMP/w2" --json case sync
echo "its record: $(pg_sql "SELECT coalesce(array_to_string(tables, ','), '') || ' | ' ||
	coalesce(array_to_string(item_tables, ','), '') || ' | ' || coalesce(array_to_string(items, ','), '')
	FROM public.lifeline_change_log WHERE case_key = $key ORDER BY gen DESC LIMIT 1")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
