#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Spreadsheet formulas from evidence (issue #14 item 5): cells that begin with = + - @ TAB
# or CR (or their full-width forms U+FF1D U+FF0B U+FF0D U+FF20, or a quote that would hide
# one), also behind spaces a spreadsheet trims on import, in every text column of every event reach no CSV the tool writes as a formula:
# `timeline export --format csv`, `--format l2tcsv` and the bag's timeline/timeline.csv
# quote them and prefix ' (OWASP). lifeline's own integer columns (time_ns, orig_ns,
# event_code, event_id) stay numbers, l2tcsv's "-" for empty stays "-", and JSON Lines
# keeps every raw value.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../cli/casefile_fixture.sh"
need sqlite3 python3
export LIFELINE_NOW=2025-10-12T09:00:00Z

casefile_case "$TMP/case"
# a real log through a real reader: a user name that is a formula
printf 'Oct 10 01:59:00 srv-ehr01 sshd[812]: Accepted password for =HYPERLINK("http://x")&A1 from 203.0.113.9 port 50123 ssh2\n' >"$TMP/formula.log"
expect_exit 0 collect files "$TMP/formula.log" --description "-2+3 collected log"
expect_exit 0 analyze timeline E5 --year 2025 --tz UTC
python3 - <<'PY'
import sqlite3
db = sqlite3.connect("case.db")
leads = ["=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20", '"=', "  =", "\u00a0+"]
cols = ["message", "time_desc", "time_raw", "source", "parser", "category", "host", "user", "path", "locator"]
for i, lead in enumerate(leads):
    vals = [lead + "cmd|' /C calc'!A0 " + c for c in cols]
    db.execute("INSERT INTO events(id, evidence_id, time_ns, orig_ns, time_desc, time_raw, source, parser, category,"
               " host, user, path, event_code, locator, message, attrs) VALUES (?, 'E2', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (100 + i, -5 - i, -7, vals[1], vals[2], vals[3], vals[4], vals[5], vals[6], vals[7], vals[8], -1, vals[9], vals[0],
                '{"inode": "%s12", "note": "%sSUM(1)"}' % (lead.replace('"', '\\"'), lead.replace('"', '\\"'))))
db.commit()
PY
expect_exit 0 timeline export --format csv -o "$TMP/t.csv"
expect_exit 0 timeline export --format l2tcsv -o "$TMP/t.l2t.csv"
expect_exit 0 timeline export --format jsonl -o "$TMP/t.jsonl"
expect_exit 0 casefile build -o "$TMP/cf"

python3 - "$TMP/t.csv" "$TMP/t.l2t.csv" "$TMP/cf/bag/data/timeline/timeline.csv" "$TMP/t.jsonl" \
	"$TMP/cf/bag/data/timeline/timeline.jsonl" <<'PY' || fail "formula cells (above)"
import csv, json, re, sys
LEADS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
SPACES = " \u00a0\u3000"  # spreadsheets that trim on import
NUMERIC = {"time_ns", "orig_ns", "event_code", "event_id"}
bad = []
def check(path, numeric, dash):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    head, n, quoted = rows[0], 0, 0
    for r in rows[1:]:
        if len(r) != len(head):
            bad.append("%s: a row of %d cells, not %d: %r" % (path, len(r), len(head), r))
            continue
        for name, cell in zip(head, r):
            if name in numeric:
                if not re.fullmatch(r"-?[0-9]*", cell):
                    bad.append("%s: %s is not a number: %r" % (path, name, cell))
                continue
            if dash and cell == "-":
                continue
            if cell.lstrip(SPACES).startswith(LEADS):
                bad.append("%s: %s cell is a formula: %r" % (path, name, cell))
            if cell.startswith("'"):
                quoted += 1
                if not cell[1:].lstrip(SPACES).startswith(LEADS):
                    bad.append("%s: %s: ' added to a cell that needs none: %r" % (path, name, cell))
        n += 1
    return rows, quoted
rows, q = check(sys.argv[1], NUMERIC, False)
# every text column of the planted events was neutralised, values kept after the '
planted = [r for r in rows[1:] if "cmd|' /C calc'!A0 message" in r[2]]
if len(planted) != 13:
    bad.append("csv: %d planted rows, not 13" % len(planted))
if q < 10 * 10:  # the quote-led value is not a formula in RFC 4180 quoting
    bad.append("csv: only %d neutralised cells" % q)
if not any(r[2] == "'\rcmd|' /C calc'!A0 message" for r in planted):
    bad.append("csv: the CR-led message is not kept as ' + value")
if not any(r[0].startswith("1969-12-31T23:59:59.99999999") for r in planted):
    bad.append("csv: datetime of a negative time")
if not any(r[rows[0].index("time_ns")] == "-5" for r in planted) or \
   not any(r[rows[0].index("event_code")] == "-1" for r in planted):
    bad.append("csv: lifeline's own negative numbers are not kept as numbers")
check(sys.argv[2], set(), True)
l2t = open(sys.argv[2], encoding="utf-8").read()
if "'=HYPERLINK(\"\"http://x\"\")&A1" not in l2t:
    bad.append("l2tcsv: the user from the real log is not neutralised")
check(sys.argv[3], NUMERIC, False)
# JSON Lines keeps the raw value
for path in sys.argv[4:]:
    msgs = [json.loads(l) for l in open(path, encoding="utf-8")]
    raw = [m for m in msgs if m.get("message", "").endswith("cmd|' /C calc'!A0 message")]
    if sorted(m["message"][0] for m in raw) != sorted(["=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20", '"', " ", "\u00a0"]):
        bad.append("%s: raw values changed: %r" % (path, [m["message"][:3] for m in raw]))
    if not any(m.get("username", "").startswith('=HYPERLINK("http://x")') for m in msgs):
        bad.append("%s: the real log's user is not raw" % path)
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
done_testing
