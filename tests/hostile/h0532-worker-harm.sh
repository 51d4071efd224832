#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Hospital data read in the sandboxed worker (issue #16): a worker that
# crashes in the middle of a hospital CSV or a FHIR Bundle, or sends a
# malformed hospital row (HARM_ROW), costs its file: "worker-failed" with
# the cause, nothing of it stored (events and hospital tables), the other
# files complete, custody verify passes; without the failure the files are
# stored, and a Bundle of another case is warned of as in-process. Identifying data is refused in the worker with the reader's own
# message, and the value appears nowhere: not in the output, the worker's
# stderr, the custody ledger or the case database. The failures come from
# LIFELINE_TEST_WORKER, a hook compiled only into test builds.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/worker_lib.sh"
need sqlite3 python3
EX=$SHARED/formats/examples
[ -f "$EX/harm_events.csv" ] || skip "no $EX"

mkdir -p "$TMP/a" "$TMP/b"
cp "$EX/harm_events.csv" "$TMP/a/harm.csv"
cp "$EX/systems.csv" "$TMP/a/systems.csv"
# its own ids: the example Bundle repeats the CSV's harm event
sed 's/H-000/H-090/g' "$EX/fhir_bundle_example.json" >"$TMP/b/bundle.json"
new_case
a=$(add_evidence file "$TMP/a/harm.csv" "$TMP/a/systems.csv")
b=$(add_evidence file "$TMP/b/bundle.json")

rows() { # ID TABLE N [CONDITION]: rows of ID in TABLE (that meet CONDITION)
	n=$(sqlite3 case.db "SELECT count(*) FROM $2 WHERE evidence_id='$1' ${4:+AND $4}")
	[ "$n" -eq "$3" ] || fail "$1 $2 ${4:-}: $n rows, expected $3"
	test_count=$((test_count + 1))
}

# the hooks stop a worker after its first row (worker_lib.sh: worker_fails)
say "hook segv on a hospital CSV"
worker_fails segv harm.csv "$a" "$worker_segv"
rows "$a" harm_events 0
rows "$a" events 0 "locator LIKE '%harm.csv:%'"
rows "$a" systems 4
rows "$b" harm_events 1

say "hook badharm on a hospital CSV: a HARM_ROW of no table"
worker_fails badharm harm.csv "$a" "worker stream: frame [0-9]+ \(HARM_ROW\) at offset [0-9]+: field 'kind': 7 is not 0\.\.3"
rows "$a" harm_events 0
rows "$a" events 0 "locator LIKE '%harm.csv:%'"
rows "$a" systems 4

say "hook segv on a FHIR Bundle"
worker_fails segv bundle.json "$b" "$worker_segv"
rows "$b" harm_events 0
rows "$b" events 0 "locator LIKE '%'"
rows "$a" systems 4

say "no hook: every file stored"
expect_exit 0 analyze timeline
# the case id the fhir reader compares the Bundle's with came from the parent
cat "$TMP/out" "$TMP/err" >"$TMP/all"
expect_grep "bundle.json': Bundle.identifier 'CASE-2025-0001' is not this case's id 'T-1'" "$TMP/all"
rows "$a" harm_events 2
rows "$a" systems 4
rows "$b" harm_events 1
rows "$a" events 2 "locator LIKE '%harm.csv:%'"
expect_exit 0 custody verify

say "identifying data refused in the worker, quoted nowhere"
mkdir -p "$TMP/c"
python3 - "$EX/harm_events.csv" "$TMP/c/pii.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8', newline='')))
h = rows[0]
h.append('summary')
for r in rows[1:]:
    r[1] = r[1].replace('H-000', 'H-080')  # not the ids stored above
    r.append('')
rows[2][-1] = 'rappeler jeanne.dupont@example.fr'
csv.writer(open(sys.argv[2], 'w', encoding='utf-8', newline='')).writerows(rows)
PY
c=$(add_evidence file "$TMP/c/pii.csv")
expect_exit 4 analyze timeline "$c"
cat "$TMP/out" "$TMP/err" >"$TMP/all"
expect_grep "pii.csv': line 3: column 'summary': carries identifying data in clear \(an e-mail address\); remove it before export; nothing of this file was stored" "$TMP/all"
rows "$c" harm_events 0
expect_exit 0 custody export "$TMP/ledger"
cat "$TMP/ledger/chain.tsv" >>"$TMP/all"
expect_exit 0 --json custody log
cat "$TMP/out" >>"$TMP/all"
expect_no_grep 'jeanne' "$TMP/all"
for f in case.db case.db-wal case.db-journal; do
	[ -f "$f" ] || continue
	if grep -q 'jeanne\.dupont' "$f"; then fail "the address is in $f"; fi
	test_count=$((test_count + 1))
done

# the readers ran in `lifeline __worker` children
if command -v strace >/dev/null 2>&1 &&
	strace -f -o /dev/null true >/dev/null 2>&1; then
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -s 65536 -e trace=execve,sendmsg -o "$TMP/strace" "$LIFELINE" analyze timeline "$a" "$b" \
		>"$TMP/out" 2>"$TMP/err" || fail "analyze timeline under strace"
	worker_started harm-csv "$TMP/strace"
	worker_started fhir "$TMP/strace"
else
	partial "strace missing or not permitted: the workers' execve not checked"
fi
done_testing
