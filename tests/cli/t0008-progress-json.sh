#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Progress (issue #21 item 3, cli/progress.c): `--progress json` writes one JSON object a line
# on stderr for analyze timeline (per item, bytes of its files with events and events/s),
# analyze detect (events scanned), analyze correlate and casefile build (steps) and timeline
# export (rows). Each line parses with python's json, has the fields, and counts up per item;
# the last of an item is "final" with the oracle's numbers (the files' sizes, the lines
# written, detect's own events_scanned, the rows exported). Without the option, nothing is
# written when stderr is no terminal; on a terminal (script(1)'s pty) the bar is drawn.
. "$(dirname "$0")/lib.sh"
need python3 script sqlite3
unset LIFELINE_NO_PROGRESS

new_case
mkdir "$TMP/logs"
# two items, files of different sizes
python3 - "$TMP/logs" <<'PY'
import sys
d = sys.argv[1]
for name, n in (("a.log", 12000), ("b.log", 5000), ("c.log", 8000)):
    with open(f"{d}/{name}", "w") as f:
        for i in range(n):
            f.write(f"Jun  3 14:{i // 60 % 60:02d}:{i % 60:02d} ward1 sshd[{i}]: Failed password for root from 203.0.113.{i % 250} port {40000 + i % 9999} ssh2\n")
PY
id1=$(add_evidence file "$TMP/logs/a.log" "$TMP/logs/b.log")
id2=$(add_evidence file "$TMP/logs/c.log")

# check_lines FILE COMMAND: every line that starts with "{" a JSON object of COMMAND's progress
# (the command's own notes, "N rows written", may come too), counting up per item; prints
# "item done total final events" of each item's last line
check_lines() {
	python3 - "$1" "$2" >"$TMP/last" <<'PY' || fail "$2: --progress json lines (see above)"
import json, sys
path, command = sys.argv[1], sys.argv[2]
last, bad, n = {}, [], 0
for no, line in enumerate(open(path, encoding="utf-8"), 1):
    if not line.startswith("{"):
        continue
    n += 1
    try:
        o = json.loads(line)
    except ValueError as e:
        bad.append(f"line {no} is no JSON ({e}): {line!r}"); continue
    if not isinstance(o, dict):
        bad.append(f"line {no}: not an object"); continue
    for k in ("command", "item", "done", "total", "unit", "final", "elapsed"):
        if k not in o:
            bad.append(f"line {no}: no '{k}'")
    if o.get("command") != command:
        bad.append(f"line {no}: command {o.get('command')!r}, not {command!r}")
    if not isinstance(o.get("done"), int) or o["done"] < 0:
        bad.append(f"line {no}: done {o.get('done')!r}")
    t = o.get("total")
    if t is not None and (not isinstance(t, int) or o["done"] > t):
        bad.append(f"line {no}: done {o['done']} beyond total {t}")
    if "eta" in o and (t is None or o["eta"] < 0):
        bad.append(f"line {no}: eta without a total, or negative")
    if "rate" in o and o["rate"] < 0:
        bad.append(f"line {no}: negative rate")
    key = o.get("item") if command != "casefile build" and "steps" != o.get("unit") else "steps"
    p = last.get(key)
    if p is not None:
        if o["done"] < p["done"]:
            bad.append(f"line {no}: done went down from {p['done']} to {o['done']} ({key})")
        if p.get("final"):
            bad.append(f"line {no}: a line after the final one of {key}")
        if "events" in o and o["events"] < p.get("events", 0):
            bad.append(f"line {no}: events went down")
    last[key] = o
if not n:
    bad.append("no line at all")
for b in bad:
    print(b, file=sys.stderr)
for k, o in last.items():
    print(o["item"], o["done"], o["total"] if o["total"] is not None else "-",
          int(bool(o["final"])), o.get("events", "-"))
sys.exit(1 if bad else 0)
PY
	test_count=$((test_count + 1))
}

# analyze timeline: one item after the other, bytes of the files recorded, events as read
"$LIFELINE" --progress json analyze timeline --year 2025 >"$TMP/out" 2>"$TMP/tl.err" ||
	{ cat "$TMP/tl.err" >&2; fail "analyze timeline --progress json failed"; }
grep -v '^{' "$TMP/tl.err" && fail "analyze timeline: a line on stderr that is no JSON object"
check_lines "$TMP/tl.err" "analyze timeline"
s1=$(($(stat -c %s "$TMP/logs/a.log") + $(stat -c %s "$TMP/logs/b.log")))
s2=$(stat -c %s "$TMP/logs/c.log")
l1=$(cat "$TMP/logs/a.log" "$TMP/logs/b.log" | wc -l)
l2=$(wc -l <"$TMP/logs/c.log")
expect_grep "^$id1 $s1 $s1 1 $l1\$" "$TMP/last"
expect_grep "^$id2 $s2 $s2 1 $l2\$" "$TMP/last"
# with rate and ETA on the lines (a total is known)
python3 -c 'import json,sys; sys.exit(0 if all("rate" in json.loads(l) and "eta" in json.loads(l) and "events_rate" in json.loads(l) for l in open(sys.argv[1])) else 1)' "$TMP/tl.err" ||
	fail "analyze timeline: a line without rate, eta or events_rate"
test_count=$((test_count + 1))

# analyze detect: the events scanned, of the count it reports itself
"$LIFELINE" --progress json --json analyze detect >"$TMP/det.json" 2>"$TMP/det.err" ||
	{ cat "$TMP/det.err" >&2; fail "analyze detect --progress json failed"; }
check_lines "$TMP/det.err" "analyze detect"
n=$(json_get "$TMP/det.json" 'd["events_scanned"]')
[ "$n" = $((l1 + l2)) ] || fail "detect scanned $n events, not $((l1 + l2))"
expect_grep "^events $n $n 1 " "$TMP/last"

# analyze correlate: its five steps
"$LIFELINE" --progress json analyze correlate >"$TMP/out" 2>"$TMP/cor.err" ||
	{ cat "$TMP/cor.err" >&2; fail "analyze correlate --progress json failed"; }
check_lines "$TMP/cor.err" "analyze correlate"
expect_grep "^store 5 5 1 " "$TMP/last"

# timeline export: the rows, a total unknown
"$LIFELINE" --progress json timeline export --format csv -o "$TMP/tl.csv" >"$TMP/out" 2>"$TMP/exp.err" ||
	{ cat "$TMP/exp.err" >&2; fail "timeline export --progress json failed"; }
check_lines "$TMP/exp.err" "timeline export"
rows=$(($(wc -l <"$TMP/tl.csv") - 1))
expect_grep "^$TMP/tl.csv $rows - 1 " "$TMP/last"

# casefile build: its steps, the last the seal
"$LIFELINE" --progress json casefile build --no-pdf -o "$TMP/cf" >"$TMP/out" 2>"$TMP/cf.err" ||
	{ cat "$TMP/cf.err" >&2; fail "casefile build --progress json failed"; }
check_lines "$TMP/cf.err" "casefile build"
expect_grep "^seal 6 6 1 " "$TMP/last"

# -q does not silence what was asked for explicitly; --progress none and -q do
"$LIFELINE" -q --progress json analyze detect >"$TMP/out" 2>"$TMP/q.err"
check_lines "$TMP/q.err" "analyze detect"

# no terminal, no option: no progress at all
"$LIFELINE" analyze timeline --year 2025 >"$TMP/out" 2>"$TMP/plain.err" || fail "analyze timeline failed"
"$LIFELINE" analyze detect >"$TMP/out" 2>>"$TMP/plain.err" || fail "analyze detect failed"
"$LIFELINE" timeline export --format csv >"$TMP/out" 2>>"$TMP/plain.err" || fail "timeline export failed"
if grep -q '^{' "$TMP/plain.err" || grep -q "$(printf '\r')" "$TMP/plain.err" ||
	grep -q 'events (' "$TMP/plain.err"; then
	cat -A "$TMP/plain.err" >&2
	fail "progress written when stderr is not a terminal"
fi
test_count=$((test_count + 1))

# a terminal (script's pty): the bar, unless -q or --progress none
tty_run() { # OUT ARGS...: lifeline ARGS with stdin, stdout and stderr on a pty
	out=$1
	shift
	script -qefc "$(printf '%s ' "$LIFELINE" "$@")" /dev/null >"$out" 2>&1 </dev/null || true
}
tty_run "$TMP/tty1" analyze timeline --year 2025
grep -q "$id1 \[##############################\] 100.0%.*$l1 events" "$TMP/tty1" ||
	{ cat -A "$TMP/tty1" >&2; fail "no progress bar of $id1 on a terminal"; }
tty_run "$TMP/tty2" --progress none analyze timeline --year 2025
tty_run "$TMP/tty3" -q analyze timeline --year 2025
for f in tty2 tty3; do
	if grep -q '\[###' "$TMP/$f"; then fail "a progress bar with --progress none or -q ($f)"; fi
done
test_count=$((test_count + 3))

# a bad mode is a usage error, in JSON too
expect_exit 2 --progress xml case show
expect_grep 'progress needs auto, json or none' "$TMP/err"
expect_exit 2 --json --progress case show
json_get "$TMP/out" 'd["error"]' >/dev/null || fail "--json usage error of --progress has no error object"

done_testing
