#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Class: file names the attacker writes into the change journal (issue #19
# item 6). Invalid UTF-16 (a lone high surrogate, a lone low one before a
# valid pair), control characters (\001, newline, ESC[31m), NUL inside a
# name and the longest name (255 units): the stored name is valid UTF-8 with
# U+FFFD for what cannot be decoded and nothing cut short, the message
# shows control characters as '^' (as usnjls prints them), the 255-unit
# name is whole; the attributes keep the name as it is (the project's rule
# for the attacker's names: h0682). A sparse loose $J whose first record lies 256 MiB in is read
# with --usn-journal without reading the hole (it finishes in seconds).
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3 truncate
python3 "$SRC/tests/data/make_usn_journal.py" "$TMP/names.J" --hostile 2>/dev/null || fail "make_usn_journal.py"
new_case
I=$(add_evidence file "$TMP/names.J")
expect_exit 0 --json analyze timeline
sqlite3 -json case.db "SELECT message, attrs FROM events WHERE evidence_id='$I' AND source='usnjrnl' ORDER BY id" >"$TMP/got"
test_count=$((test_count + 1))
python3 - "$TMP/got" <<'PY' || fail "hostile names not stored as expected"
import json, sys
got = json.load(open(sys.argv[1]))
names = [json.loads(e["attrs"])["name"] for e in got]
want = ["\ufffdA", "a\x01b\nc\x1b[31m", "x" * 255, "\ufffd\U0001F600", "n\ufffdul"]
assert names == want, names
msgs = [e["message"] for e in got]
assert msgs[1] == "USN %d: FILE_CREATE 'a^b^c^[31m' (file 7002-1, parent 5-5)" % json.loads(got[1]["attrs"])["usn"], msgs[1]
for m in msgs:
    assert not any(ord(c) < 0x20 for c in m), m
    m.encode("utf-8")
print("# %d hostile names stored as valid UTF-8, messages without control characters" % len(got))
PY

# a sparse loose journal: 256 MiB of hole, then the records
python3 "$SRC/tests/data/make_usn_journal.py" "$TMP/small.J" --files 5 2>/dev/null || fail "make_usn_journal.py small"
truncate -s 256M "$TMP/sparse.J"
cat "$TMP/small.J" >>"$TMP/sparse.J"
[ "$(du -k "$TMP/sparse.J" | cut -f1)" -lt 10000 ] || partial "this file system does not keep holes"
new_case "$TMP/case2"
S=$(add_evidence file "$TMP/sparse.J")
start=$(date +%s)
expect_exit 0 --json analyze timeline --usn-journal
took=$(($(date +%s) - start))
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$S' AND source='usnjrnl'")
[ "$n" -eq 10 ] || fail "sparse journal: $n records, 10 written"
o=$(sqlite3 case.db "SELECT min(json_extract(attrs, '$.offset')) FROM events WHERE evidence_id='$S'")
[ "$o" -eq 268435456 ] || fail "first record at $o, not 256 MiB"
[ "$took" -lt 20 ] || fail "a 256 MiB hole took $took s"
test_count=$((test_count + 3))
done_testing
