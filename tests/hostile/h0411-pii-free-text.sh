#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Class: identifying data written into the free text of a hospital CSV
# (notes, roles, method notes, unknown columns): NIR (with its key, glued to
# a label, Corsican), NHS and social security numbers, phone numbers (French,
# international, full-width digits), record numbers after their label, birth
# dates, postal addresses, names after civilities, e-mail addresses. Every
# line of tests/data/pii/identifying.txt, put in the notes of line 3, makes
# its file refused with the file, line 3 and column 'notes' named; every line
# of tests/data/pii/clinical.txt (doses, times, lab values, wards, exhibit
# and report references, IP addresses) is stored. Before the fix
# "NIR:185057800608436", full-width digits and "Mme Jeanne DUPONT, née le
# 12/03/1945, 12 rue …" were stored.
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3
EX=$SHARED/formats/examples
[ -d "$EX" ] || skip "no $EX"
DATA=$SRC/tests/data/pii
new_case
n=0

run_file() {
	n=$((n + 1))
	mkdir -p "$TMP/in$n"
	cp "$@" "$TMP/in$n/"
	files=
	for f in "$@"; do files="$files $TMP/in$n/$(basename "$f")"; done
	# shellcheck disable=SC2086
	id=$(add_evidence file $files)
	set +e
	"$LIFELINE" analyze timeline "$id" >"$TMP/out" 2>"$TMP/err"
	set -e
	cat "$TMP/out" "$TMP/err" >"$TMP/all"
}

count() {
	sqlite3 case.db "SELECT count(*) FROM $1 WHERE evidence_id = '$id'"
}

# put SRC COLUMN VALUE OUT ROW: SRC with COLUMN of data row ROW (1 = line 2)
# set to VALUE (the column added when SRC lacks it).
put() {
	python3 - "$@" <<'PY'
import csv, sys
src, col, val, out, row = sys.argv[1:6]
rows = list(csv.reader(open(src, newline='', encoding='utf-8')))
if col not in rows[0]:
    rows[0].append(col)
    for r in rows[1:]:
        r.append('')
rows[int(row)][rows[0].index(col)] = val
with open(out, 'w', newline='', encoding='utf-8') as f:
    csv.writer(f, lineterminator='\n').writerows(rows)
PY
}

# 1. every identifying line in the notes of line 3: one file each, one run
mkdir -p "$TMP/t"
k=0
while IFS= read -r line; do
	case $line in '#'* | '') continue ;; esac
	k=$((k + 1))
	put "$EX/harm_events.csv" notes "$line" "$TMP/t/t$k.csv" 2
	printf '%s\n' "$line" >"$TMP/t.$k"
done <"$DATA/identifying.txt"
[ "$k" -ge 50 ] || fail "only $k lines in identifying.txt"
run_file "$TMP/t"/t*.csv
i=0
while [ $i -lt "$k" ]; do
	i=$((i + 1))
	test_count=$((test_count + 1))
	grep -Fq "t$i.csv': line 3: column 'notes': carries identifying data in clear (" "$TMP/all" ||
		{ cat "$TMP/all" >&2; fail "not refused with file, line 3 and column 'notes' named: $(cat "$TMP/t.$i")"; }
done
[ "$(count harm_events)" = 0 ] || fail "rows of refused files were stored"
# the refusal does not repeat the identifying text itself
expect_no_grep "185057800608436|DUPONT|jean.dupont" "$TMP/all"

# 2. the other free-text columns of the four files, and unknown columns
mkdir -p "$TMP/o"
put "$EX/harm_events.csv" reviewer_role "Dr House, consultant" "$TMP/o/o1.csv" 1
put "$EX/harm_events.csv" causality_method "rca with Mme Martin (daughter)" "$TMP/o/o2.csv" 2
put "$EX/harm_events.csv" commentaire "née le 12/03/1945" "$TMP/o/o3.csv" 1
put "$EX/service_disruptions.csv" notes "ambulance sent to 12 rue des Lilas" "$TMP/o/o4.csv" 2
put "$EX/service_disruptions.csv" decision_by_role "M. Bernard, directeur" "$TMP/o/o5.csv" 1
put "$EX/ops_metrics.csv" method_note "counted by IPP: 4471023" "$TMP/o/o6.csv" 3
put "$EX/systems.csv" notes "admin phone +33 6 12 34 56 78" "$TMP/o/o7.csv" 4
run_file "$TMP/o"/o*.csv
expect_grep "o1.csv': line 2: column 'reviewer_role': carries identifying data in clear \(a name after a civility\)" "$TMP/all"
expect_grep "o2.csv': line 3: column 'causality_method': carries identifying data in clear \(a name after a civility\)" "$TMP/all"
expect_grep "o3.csv': line 2: column 'commentaire': carries identifying data in clear \(a birth date\)" "$TMP/all"
expect_grep "o4.csv': line 3: column 'notes': carries identifying data in clear \(a postal address\)" "$TMP/all"
expect_grep "o5.csv': line 2: column 'decision_by_role': carries identifying data in clear \(a name after a civility\)" "$TMP/all"
expect_grep "o6.csv': line 4: column 'method_note': carries identifying data in clear \(a record, identity or phone number\)" "$TMP/all"
expect_grep "o7.csv': line 5: column 'notes': carries identifying data in clear \(a phone or identity number\)" "$TMP/all"

# 3. the clinical notes: one row each, all stored, none refused
python3 - "$EX/harm_events.csv" "$DATA/clinical.txt" "$TMP/clinical.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
h, base = rows[0], rows[1]
lines = [l.rstrip('\n') for l in open(sys.argv[2], encoding='utf-8')]
lines = [l for l in lines if l and not l.startswith('#')]
with open(sys.argv[3], 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(h)
    for i, l in enumerate(lines):
        r = list(base)
        r[h.index('event_id')] = 'H-9%04d' % i
        r[h.index('notes')] = l
        w.writerow(r)
print(len(lines), file=open(sys.argv[3] + '.n', 'w'))
PY
want=$(cat "$TMP/clinical.csv.n")
[ "$want" -ge 50 ] || fail "only $want lines in clinical.txt"
run_file "$TMP/clinical.csv"
expect_no_grep "identifying data" "$TMP/all"
[ "$(count harm_events)" = "$want" ] || { cat "$TMP/all" >&2; fail "clinical notes: $(count harm_events) of $want rows stored"; }
done_testing
