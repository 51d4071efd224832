#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The texts the analyses wrote, in a French report (issue #18 items 2, 8):
# the sample built in English and in French from one case; none of the
# English build's finding titles and descriptions (the builtin rules'
# title_fr/description_fr, the C detectors' sentences from their stored
# parameters), attack-path step sentences (basis_fr), chain-link bases and
# kinds, or statistics methods is left in the French report, annex A or annex
# O (report_analysis_text_check.py, which also checks each is in the English
# one). The summary bullets, the limitations and the declaration's points
# carry their Observed / Record / Opinion tag in both languages; the oath
# none, and the declaration says why. Then a Sigma rule with no French (its
# title_fr dropped, as a rule from elsewhere) and a correlation document
# written before basis_fr: the French report shows their English as written,
# byte-identical to the English report's, and marks it as their own text.
. "$(dirname "$0")/lib.sh"
need mkfs.ext4 debugfs openssl perl python3 sqlite3

sh "$SRC/docs/example/make-incident.sh" "$TMP/incident" >"$TMP/make.out" 2>&1 ||
	{ cat "$TMP/make.out" >&2; fail "make-incident.sh failed"; }
LIFELINE="$LIFELINE" sh "$SRC/docs/example/run-pipeline.sh" "$TMP/incident" "$TMP/work" \
	>"$TMP/pipeline.out" 2>&1 || { cat "$TMP/pipeline.out" >&2; fail "the pipeline failed"; }
W=$TMP/work
export LIFELINE_KEY="$W/keys/analyst/examiner.key" LIFELINE_CERT="$W/keys/analyst/examiner.crt"
CHECK=$SRC/tests/cli/report_analysis_text_check.py

# the stored record stays English; the rules' French is kept beside it
test_count=$((test_count + 1))
n=$(sqlite3 "$W/case/case.db" "SELECT count(*) FROM findings WHERE source != 'fs-detector' AND rule_id NOT LIKE 'movement.%' AND json_extract(details, '\$.title_fr') IS NULL;")
[ "$n" -eq 0 ] || fail "$n findings of the builtin Sigma rules have no French title kept"
expect_exit 0 -C "$W/case" findings list --json
expect_grep '"title": "SSH brute force from one address: SourceIp=203\.0\.113\.45"' "$TMP/out"
expect_grep '"title_fr": "Attaque SSH par force brute depuis une adresse.{1,3}: SourceIp=203\.0\.113\.45"' "$TMP/out"

cp -a "$W/case" "$TMP/c1"
cp -a "$W/case" "$TMP/c2"
expect_exit 0 -C "$TMP/c1" casefile build --no-pdf -o "$TMP/en"
expect_exit 0 -C "$TMP/c2" casefile build --no-pdf --lang fr -o "$TMP/fr"
test_count=$((test_count + 1))
python3 "$CHECK" "$TMP/en/bag/data" "$TMP/fr/bag/data" ||
	fail "the French report keeps English written by the analyses, or lacks a tag"
# the French the reader meets, from each source: a rule's title_fr, a detector's table, a step, a method
FR=$TMP/fr/bag/data/report.html
expect_grep 'Attaque SSH par force brute depuis une adresse' "$FR"
expect_grep 'Rafale de chiffrement.{1,3}: fichiers réécrits en «.{1,3}\.locked.{1,3}»' "$FR"
expect_grep 'Première connexion depuis une nouvelle adresse externe.{1,3}: 203\.0\.113\.45 sur labsrv01' "$FR"
expect_grep 'un premier accès.{1,3}: ses événements désignent comme source 203\.0\.113\.45' "$FR"
expect_grep 'Connexion SSH acceptée sur labsrv01 pour le compte labadmin depuis 203\.0\.113\.45' "$FR"
expect_grep 'rapport de taux de Poisson' "$FR"
expect_grep '<bdi>rapprochement avec l’inventaire</bdi>' "$FR"
expect_grep 'data-label="record">Donnée déclarée</span> [0-9]+ interruption' "$FR"
expect_grep 'data-label="observed">Observed</span> [0-9]+ evidence item' "$TMP/en/bag/data/report.html"

# a rule with no French and a document from before basis_fr: their English, as written, marked
cp -a "$W/case" "$TMP/c3"
own=$(sqlite3 "$TMP/c3/case.db" "SELECT title FROM findings WHERE title LIKE 'Security event log cleared%';")
[ -n "$own" ] || fail "the sample has no 'Security event log cleared' finding"
sqlite3 "$TMP/c3/case.db" "UPDATE findings SET details = json_remove(details, '\$.title_fr', '\$.description_fr') WHERE title = '$own';
UPDATE correlation SET doc = json_remove(doc, '\$.attack_paths[0].steps[0].basis_fr');"
cp -a "$TMP/c3" "$TMP/c4"
expect_exit 0 -C "$TMP/c3" casefile build --no-pdf -o "$TMP/en3"
expect_exit 0 -C "$TMP/c4" casefile build --no-pdf --lang fr -o "$TMP/fr3"
test_count=$((test_count + 1))
python3 "$CHECK" "$TMP/en3/bag/data" "$TMP/fr3/bag/data" --own-title "$own" --own-basis 1 ||
	fail "a rule's own English or a step without French is not shown as written and marked"
expect_grep 'texte propre de la règle, en anglais' "$TMP/fr3/bag/data/report.html"
# and the check sees it when it is not allowed: one English title is one fault
test_count=$((test_count + 1))
if python3 "$CHECK" "$TMP/en3/bag/data" "$TMP/fr3/bag/data" --own-basis 1 >"$TMP/blind.out"; then
	fail "the check passed a French report with an English rule title"
fi
grep -q "FAIL fr: the finding title '$own' is in the French report" "$TMP/blind.out" ||
	{ cat "$TMP/blind.out" >&2; fail "the check did not name the English title"; }
done_testing
