#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Swallowed lines (issue #14 item 7): a quote left open in a mapped CSV used to
# join every following line into one record up to 1 MiB (33,115 lines reported
# as "1 rejected"). Now a quoted field is capped (1000 lines, 1 MiB), the line
# the quote opened on is rejected and named, reading resumes at the next line,
# and header + read + rejected + blank accounts for every line of the file.
# 40,000 rows: an unclosed quote in the middle (line cap), one over 1 MiB of
# quoted text (byte cap), a stray quote that closes 500 lines later with the
# wrong field count, one unclosed until the end of the file, a legitimate
# three-line field, and blank lines.
. "$(dirname "$0")/../cli/lib.sh"
need python3 sqlite3
new_case
python3 - "$TMP/big.csv" "$TMP/expect" <<'PY'
import sys
L = ["when,what,n"]
state = {1: "header"}      # line -> header/read/cont/rejected/blank
def t(i):
    return "2024-01-01T%02d:%02d:%02dZ" % (i // 3600 % 24, i // 60 % 60, i % 60)
special = {}
i = 2
while len(L) < 40001:
    n = len(L) + 1          # the line number this row gets
    if n == 5000 or n == 5001:
        L.append(""); state[n] = "blank"; continue
    if n == 10000:          # a legitimate field of three lines
        L += ['%s,"three' % t(n), "line", 'field",%d' % n]
        state[n] = "read"; state[n + 1] = state[n + 2] = "cont"; continue
    if n == 20000:          # never closed: the 1000-line cap
        L.append('%s,"unclosed quote,%d' % (t(n), n)); state[n] = "rejected"; continue
    if n == 25000:          # over 1 MiB of quoted text: the byte cap
        L.append('%s,"%s,%d' % (t(n), "A" * 700000, n)); state[n] = "rejected"; continue
    if n == 25001:
        L.append('%s,%s,%d' % (t(n), "B" * 700000, n)); state[n] = "read"; continue
    if n == 30000:          # a stray quote...
        L.append('%s,"stray,%d' % (t(n), n)); state[n] = "rejected"; continue
    if n == 30500:          # ...closed 500 lines later, with a field too many
        L.append('%s,x",y,%d' % (t(n), n)); state[n] = "rejected"; continue
    if n == 39995:          # open until the end of the file
        L.append('%s,"to the end,%d' % (t(n), n)); state[n] = "rejected"; continue
    L.append("%s,row,%d" % (t(n), n)); state[n] = "read"
open(sys.argv[1], "w").write("\n".join(L) + "\n")
with open(sys.argv[2], "w") as f:
    for n in sorted(state):
        f.write("%d %s\n" % (n, state[n]))
PY
total=$(wc -l <"$TMP/big.csv")
[ "$total" -eq 40001 ] || fail "fixture has $total lines"
printf 'format = csv\ntime = when\ntime_format = rfc3339\nmessage = what, n\n' >"$TMP/map"
id=$(add_evidence file "$TMP/big.csv")
# rejected lines make the result partial (exit 4); the rest is stored
expect_exit 4 --json analyze timeline "$id" --mapping "$TMP/map"
cp "$TMP/out" "$TMP/json"
n_read=$(awk '$2 == "read"' "$TMP/expect" | wc -l)
n_cont=$(awk '$2 == "cont"' "$TMP/expect" | wc -l)
n_rej=$(awk '$2 == "rejected"' "$TMP/expect" | wc -l)
n_blank=$(awk '$2 == "blank"' "$TMP/expect" | wc -l)
# every record stored, at its own line, with its own time
sqlite3 case.db "SELECT substr(locator, 6, instr(locator, ';') - 6) FROM events WHERE evidence_id='$id' ORDER BY 1+0" >"$TMP/got"
awk '$2 == "read" { print $1 }' "$TMP/expect" >"$TMP/want"
cmp -s "$TMP/got" "$TMP/want" ||
	fail "stored records differ from the expected lines: $(diff "$TMP/want" "$TMP/got" | head -5 | tr '\n' ' ')"
test_count=$((test_count + 1))
bad=$(sqlite3 case.db "SELECT COUNT(*) FROM events WHERE evidence_id='$id' AND
	time_ns != (unixepoch('2024-01-01') + (CAST(json_extract(attrs, '\$.n') AS INTEGER) % 86400)) * 1000000000")
[ "$bad" -eq 0 ] || fail "$bad records at the wrong time"
# the count of rejected lines, and each named with the line the quote opened on
rej=$(json_get "$TMP/json" 'd["items"][0]["files"][0]["rejected"]')
[ "$rej" -eq "$n_rej" ] || fail "$rej rejected, want $n_rej"
grep -q "big.csv' line 20000 (offset [0-9]*): unclosed quote? the quoted field opened on line 20000 is not closed within 1000 lines; line 20000 rejected, reading resumes at line 20001" "$TMP/json" ||
	fail "line 20000 not named"
grep -q "big.csv' line 25000 (offset [0-9]*): unclosed quote? the quoted field opened on line 25000 is not closed within 1 MiB" "$TMP/json" ||
	fail "line 25000 not named"
grep -q "big.csv' line 30000 (offset [0-9]*): 4 fields where the header has 3 in the record of lines 30000..30500 (a stray quote?); line 30000 rejected, reading resumes at line 30001" "$TMP/json" ||
	fail "line 30000 not named"
grep -q "big.csv' line 30500 (offset [0-9]*): 4 fields where the header has 3" "$TMP/json" ||
	fail "line 30500 not named"
grep -q "big.csv' line 39995 (offset [0-9]*): unclosed quote? the quoted field opened on line 39995 is not closed before the end of the file" "$TMP/json" ||
	fail "line 39995 not named"
test_count=$((test_count + 5))
# the accounting: every line is header, read, rejected or blank
lines_read=$((n_read + n_cont))
grep -q "big.csv': $total lines: 1 header, $lines_read read ($n_read records), $n_rej rejected, $n_blank blank; 1 records span several lines (quoted newlines), the longest lines 10000..10002" "$TMP/json" ||
	fail "no line accounting ($total lines: 1 + $lines_read + $n_rej + $n_blank): $(grep -o "big.csv': [0-9]* lines[^\"]*" "$TMP/json")"
[ $((1 + lines_read + n_rej + n_blank)) -eq "$total" ] || fail "the expectation does not add up"
test_count=$((test_count + 2))
done_testing
