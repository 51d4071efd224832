#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# harm pseudonymize: HMAC pseudonyms reproducible with openssl dgst, identifying columns dropped.
. "$(dirname "$0")/lib.sh"
need openssl python3 sqlite3
EX=$SHARED/formats/examples
[ -d "$EX" ] || skip "no $EX"
expect_exit 0 harm pseudonymize --help
expect_grep '^usage: lifeline harm pseudonymize --key-file K --kid ID --id-columns COLS IN OUT$' "$TMP/out"
K=$(openssl rand -hex 32)
printf '%s\n' "$K" >"$TMP/case.key"
# the hospital's export: identifiers in clear, no pseudonym columns yet
python3 - "$EX/harm_events.csv" "$TMP/export.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
out = csv.writer(open(sys.argv[2], "w", newline=""), lineterminator="\n")
cols = [c for c in rows[0] if c not in ("patient_pseudonym", "pseudonym_kid")]
out.writerow(["ipp", "last_name", "date_of_birth"] + cols)
clear = [("8001 234 567", "Dupont", "1948-03-12"), ("8001234999", "Martin", "1939-01-02")]
for r, (ipp, name, dob) in zip(rows, clear):
    out.writerow([ipp, name, dob] + [r[c] for c in cols])
PY
SYS=urn:oid:1.2.250.1.71.4.2.1
expect_exit 2 harm pseudonymize --kid K-1 --id-columns ipp "$TMP/export.csv" "$TMP/x.csv"
expect_exit 4 harm pseudonymize --key-file "$TMP/export.csv" --kid K-1 --id-columns ipp "$TMP/export.csv" "$TMP/x.csv"
expect_exit 2 harm pseudonymize --key-file "$TMP/case.key" --kid K-1 --id-columns nope "$TMP/export.csv" "$TMP/x.csv"
expect_grep "no column 'nope'" "$TMP/err"
expect_exit 0 harm pseudonymize --key-file "$TMP/case.key" --kid K-2025-01 --id-columns "ipp=$SYS" "$TMP/export.csv" "$TMP/harm_events.csv"
expect_grep '^2 rows pseudonymised with key K-2025-01$' "$TMP/out"
expect_grep '^dropped column ipp$' "$TMP/out"
expect_grep '^dropped column last_name$' "$TMP/out"
expect_grep '^dropped column date_of_birth$' "$TMP/out"
# reproducible with stock openssl (value normalised: no spaces, upper case)
pp1=$(printf '%s' "$SYS|8001234567" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$K" -r | cut -c1-32)
expect_grep "^P-$pp1,K-2025-01,lifeline-harm/1,H-0001," "$TMP/harm_events.csv"
pp2=$(printf '%s' "$SYS|8001234999" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$K" -r | cut -c1-32)
expect_grep "^P-$pp2,K-2025-01,lifeline-harm/1,H-0002," "$TMP/harm_events.csv"
expect_no_grep 'Dupont|1948-03-12|8001' "$TMP/harm_events.csv"
expect_no_grep "$K" "$TMP/harm_events.csv"
expect_no_grep "$K" "$TMP/out"
# never overwrites
expect_exit 5 harm pseudonymize --key-file "$TMP/case.key" --kid K-2025-01 --id-columns "ipp=$SYS" "$TMP/export.csv" "$TMP/harm_events.csv"
# the original export is refused by import; the output imports cleanly
new_case
mkdir -p "$TMP/raw"
cp "$TMP/export.csv" "$TMP/raw/harm_events.csv"
add_evidence file "$TMP/raw/harm_events.csv" >/dev/null
add_evidence file "$TMP/harm_events.csv" >/dev/null
expect_exit 4 analyze timeline
expect_grep "(raw/|E1/files/)harm_events.csv': line 1: column 'ipp': identifying data \(a record number\)" "$TMP/out"
sqlite3 case.db "SELECT evidence_id, patient FROM harm_events ORDER BY id" >"$TMP/q"
expect_grep "^E2\|P-$pp1\$" "$TMP/q"
expect_grep "^E2\|P-$pp2\$" "$TMP/q"
done_testing
