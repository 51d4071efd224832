#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Class: a hospital CSV whose column names say they carry identifying data,
# however they are written (case, accents, separators, full-width letters,
# French and English synonyms: "Nom du patient", "ipp_patient", "NIR_patient",
# "numero_secu"…), is refused whole; the message names the file, line 1 and
# the column. Columns that merely contain such a word but name no person
# ("site_name", "ip_addresses") are kept. Before the fix "Nom du patient",
# "ipp_patient", "NIR_patient" and "numero_secu" were stored.
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3
EX=$SHARED/formats/examples
[ -d "$EX" ] || skip "no $EX"
new_case
n=0

# run_file FILE...: collects the FILEs as one new item, runs analyze timeline
# on it (whatever its exit code: that is decided elsewhere), output in $TMP/all.
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

stored() {
	sqlite3 case.db "SELECT (SELECT count(*) FROM events WHERE evidence_id = '$id') + (SELECT count(*) FROM harm_events WHERE evidence_id = '$id') + (SELECT count(*) FROM disruptions WHERE evidence_id = '$id') + (SELECT count(*) FROM metrics WHERE evidence_id = '$id') + (SELECT count(*) FROM systems WHERE evidence_id = '$id')"
}

# with_column SRC COLUMN VALUE OUT [N]: SRC with one more column (VALUE on
# every row); with N, event ids H-x become H-Nx (unique in the case).
with_column() {
	python3 - "$@" <<'PY'
import csv, sys
src, col, val, out = sys.argv[1:5]
rows = list(csv.reader(open(src, newline='', encoding='utf-8')))
with open(out, 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(rows[0] + [col])
    ev = rows[0].index('event_id') if 'event_id' in rows[0] else -1
    for r in rows[1:]:
        if len(sys.argv) > 5 and ev >= 0:
            r[ev] = 'H-' + sys.argv[5] + r[ev][2:]
        w.writerow(r + [val])
PY
}

# Every refused column goes in its own file c<N>.csv of one evidence item
# (one `analyze timeline` run); each file must be refused naming itself.
mkdir -p "$TMP/cols"
k=0
while IFS= read -r col; do
	case $col in '#'* | '') continue ;; esac
	k=$((k + 1))
	with_column "$EX/harm_events.csv" "$col" "x" "$TMP/cols/c$k.csv"
	printf '%s\n' "$col" >"$TMP/cols.$k"
done <<'COLS'
# the issue's four
Nom du patient
ipp_patient
NIR_patient
numero_secu
# names
nom
NOM
Prénom
prénom_patient
NomDuPatient
nom_de_naissance
nom d'usage
Patient Name
patient-name
first.name
LastName
given_name
full name
contact name
# record numbers
IPP
nip
MRN
medical_record_number
PatientID
hospital_number
numéro de dossier
# national identity numbers
NIR
N.I.R.
numéro INSEE
INS
numéro de sécurité sociale
Sécurité Sociale
social_security_number
SSN
nhs_number
NHS No
chi_number
passport
# birth dates
date de naissance
date_naissance
DDN
dob
BirthDate
date of birth
lieu de naissance
# addresses, phones, e-mail
adresse
Adresse postale
home_address
code_postal
Zip Code
rue
téléphone
Tél.
phone_number
mobile
portable
fax
e-mail
E_Mail
courriel
contact_email
# written oddly: full-width, no-break spaces, doubled separators
ＮＩＲ
ｎｏｍ
Nom du patient
nom__patient
I P P
COLS

run_file "$TMP/cols"/c*.csv
i=0
while [ $i -lt $k ]; do
	i=$((i + 1))
	col=$(cat "$TMP/cols.$i")
	test_count=$((test_count + 1))
	# the column as written, between quotes: grep -F
	grep -Fq "c$i.csv': line 1: column '$col': identifying data (" "$TMP/all" ||
		{ cat "$TMP/all" >&2; fail "column '$col' (c$i.csv) not refused with file, line and column named"; }
done
[ "$(stored)" = 0 ] || fail "rows of files with identifying columns were stored"

# disruptions and systems are checked as well
with_column "$EX/service_disruptions.csv" "Nom du patient" "x" "$TMP/service_disruptions.csv"
run_file "$TMP/service_disruptions.csv"
expect_grep "service_disruptions.csv': line 1: column 'Nom du patient': identifying data \(a name\)" "$TMP/all"
with_column "$EX/systems.csv" "numero_secu" "x" "$TMP/systems.csv"
run_file "$TMP/systems.csv"
expect_grep "systems.csv': line 1: column 'numero_secu': identifying data \(a national identity number\)" "$TMP/all"

# columns that name no person are kept as attributes
m=0
for col in site_name ward_name system_name ip_address year_of_birth nhs_trust; do
	m=$((m + 1))
	with_column "$EX/harm_events.csv" "$col" "ED-A" "$TMP/harm_events.csv" "$m"
	run_file "$TMP/harm_events.csv"
	expect_no_grep "identifying data" "$TMP/all"
	[ "$(stored)" -gt 0 ] || { cat "$TMP/all" >&2; fail "column '$col': nothing stored"; }
done
done_testing
