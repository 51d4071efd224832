#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Progress of a workspace's pulls (issue #20, cli/pg/ws_hook.c) with the
# global `--progress json`: `case attach`, `case sync` (a full pull and an
# incremental one) and the two pulls of a command in the workspace (before
# and after its work) each write JSON lines on stderr, item "pull", unit
# "rows", counting up to a final line whose count is the oracle's: for
# attach the rows of a `case export --json` of the same case, for sync the
# rows its own --json summary says it wrote. A read-only command says how
# old the last pull is, on stderr and in its --json output.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3
. "$(dirname "$0")/pg_lib.sh"
SYSLOG=$SHARED/testdata/logs/plaso_syslog_ssh.log
[ -f "$SYSLOG" ] || skip "no $SYSLOG"
pg_start_workspaces
expect_exit 0 key new --name "Analyst One" --org "Lab"
expect_exit 0 case init "$TMP/w1" --case-id PROG-1 --title "progress" --store "$URL"
expect_exit 0 -C "$TMP/w1" collect files "$SYSLOG"
expect_exit 0 -C "$TMP/w1" analyze timeline E1

# pulls FILE COMMAND: the "pull" lines of FILE, each pull counting up to its final
# line; prints the final counts, one a line
pulls() {
	python3 - "$1" "$2" >"$TMP/finals" <<'PY' || fail "$2: the pull's progress lines (see above)"
import json, sys
path, command = sys.argv[1], sys.argv[2]
finals, bad, prev = [], [], None
for no, line in enumerate(open(path, encoding="utf-8"), 1):
    if not line.startswith("{"):
        continue
    o = json.loads(line)
    if o.get("item") != "pull":
        continue
    for k in ("command", "done", "total", "unit", "final", "elapsed"):
        if k not in o:
            bad.append(f"line {no}: no '{k}'")
    if o.get("command") != command or o.get("unit") != "rows":
        bad.append(f"line {no}: command {o.get('command')!r}, unit {o.get('unit')!r}")
    if prev is not None and o["done"] < prev:
        bad.append(f"line {no}: done went down from {prev} to {o['done']}")
    prev = o["done"]
    if o["final"]:
        finals.append(o["done"])
        prev = None
if prev is not None:
    bad.append("a pull without its final line")
for b in bad:
    print(b, file=sys.stderr)
for f in finals:
    print(f)
sys.exit(1 if bad or not finals else 0)
PY
}

# attach: one pull, as many rows as the export of the case
"$LIFELINE" --progress json case attach "$TMP/w2" --store "$URL" --case-id PROG-1 \
	>"$TMP/attach.out" 2>"$TMP/attach.err" || { cat "$TMP/attach.err" >&2; fail "attach"; }
pulls "$TMP/attach.err" "case attach"
expect_exit 0 --json case export --store "$URL" --case-id PROG-1 "$TMP/fresh"
rows=$(json_get "$TMP/out" 'sum(d["tables"].values())')
printf '%s\n' "$rows" >"$TMP/want"
expect_same "$TMP/want" "$TMP/finals" "attach's progress does not end at the export's rows"
[ "$rows" -gt 10 ] || fail "only $rows rows in the case"

# sync, full (the workspace marked as left by a stopped command) and incremental
: >"$TMP/w2/.ll-dirty"
for kind in full incremental; do
	"$LIFELINE" -C "$TMP/w2" --progress json --json case sync >"$TMP/sync.out" 2>"$TMP/sync.err" ||
		{ cat "$TMP/sync.err" >&2; fail "sync ($kind)"; }
	pulls "$TMP/sync.err" "case sync"
	json_get "$TMP/sync.out" 'd["pull"]["rows"]' >"$TMP/want"
	expect_same "$TMP/want" "$TMP/finals" "sync's ($kind) progress does not end at its rows"
	[ "$(json_get "$TMP/sync.out" 'str(d["pull"]["full"]).lower()')" = \
		"$([ $kind = full ] && echo true || echo false)" ] || fail "sync was not $kind"
done

# a command in the workspace: its pull before and its pull after, each with its final line
"$LIFELINE" -C "$TMP/w2" --progress json custody add --action note --note "progress" \
	>"$TMP/add.out" 2>"$TMP/add.err" || { cat "$TMP/add.err" >&2; fail "custody add"; }
pulls "$TMP/add.err" "custody add"
[ "$(wc -l <"$TMP/finals")" -eq 2 ] || fail "custody add in a workspace: not two pulls"

# a read-only command: how old the last pull is
expect_exit 0 -C "$TMP/w2" custody verify
expect_grep 'workspace: reading the last pull, at 20[0-9-]+T[0-9:]+Z \([0-9]+ seconds ago\), custody head seq [0-9]+' "$TMP/err"
seq=$(json_get "$TMP/w2/store.json" 'd["head_seq"]')
expect_exit 0 -C "$TMP/w2" --json custody verify
[ "$(json_get "$TMP/out" 'd["workspace"]["head_seq"]')" = "$seq" ] || fail "--json has no workspace head seq"
[ "$(json_get "$TMP/out" 'd["workspace"]["age_seconds"] >= 0')" = True ] || fail "--json has no workspace age"
# not in a SQLite case of its own
expect_exit 0 -C "$TMP/fresh" --json custody verify
[ "$(json_get "$TMP/out" '"workspace" in d')" = False ] || fail "a case that is no workspace says it is one"
expect_no_grep 'workspace' "$TMP/err"
done_testing
