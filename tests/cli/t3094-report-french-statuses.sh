#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Codes of lifeline's own that the French report showed in English (issue #18
# item 8, found in the acceptance pass): a chain's status other than "linked"
# (causality-not-assessed, causality-unlikely) in its heading, in the
# causation table's sentence and on the swim lane's harm label; a chain's
# confidence in that sentence ("medium"); and analyze movement's counts by
# edge kind in the Methods table (a JSON object of codes). The French report
# gives each its French words (lang_fmt.c, movement_kind.c), an unknown kind
# stays as stored, and the English report keeps the codes. The files table
# of section 14 has one row for the custody signatures, and the French
# annex V gives its record's English texts in French and says so.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/casefile_fixture.sh"
need sqlite3 python3
export LIFELINE_NOW=2025-10-12T09:00:00Z

casefile_case "$TMP/case"
# two more chains (the fixture's first, copied) and a movement run's counts
python3 - case.db <<'PY' || fail "could not prepare the case"
import copy, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
doc = json.loads(db.execute("SELECT doc FROM correlation").fetchone()[0])
c = doc["chains"][0]
c["reaches_attack"] = True
for status, conf in (("causality-not-assessed", "low"), ("causality-unlikely", "none")):
    x = copy.deepcopy(c)
    x["status"], x["confidence"], x["harm_event_id"] = status, conf, "H-%s" % status[10:13]
    doc["chains"].append(x)
db.execute("UPDATE correlation SET doc = ?", (json.dumps(doc),))
db.execute("INSERT INTO analyses(evidence_id, kind, time_ns, options, counts, warnings) VALUES "
           "('E2', 'movement', 1760259600000000000, '{}', ?, '[]')",
           (json.dumps({"by_kind": {"ssh-accepted": 16, "ssh-failed": 240, "kind-from-elsewhere": 2},
                        "edges": 258}),))
db.commit()
PY
for l in en fr; do
	expect_exit 0 casefile build -o "$TMP/$l" --lang "$l" --no-pdf
	python3 -c 'import sys; sys.dont_write_bytecode = True; sys.path.insert(0, sys.argv[1])
import re, report_text
# the spaces tags leave before a comma, a colon or a closing parenthesis out
print(re.sub(r" ([,:;)])", r"\1", report_text.plain(report_text.read(sys.argv[2]))))' \
		"$SRC/tests/cli" "$TMP/$l/bag/data/report.html" >"$TMP/$l.txt" ||
		fail "report_text.py could not read the $l report"
done
F=$TMP/fr.txt
expect_grep 'dommage H-not — causalité non évaluée \(confiance faible\)' "$F"
expect_grep 'dommage H-unl — causalité jugée peu probable' "$F"
expect_grep 'confiance de la chaîne: moyenne;' "$F"
expect_grep 'la confiance de la chaîne est faible, plafonnée .{0,80}\(statut causalité non évaluée\)' "$F"
expect_grep 'par nature: connexion SSH acceptée 16, échec de connexion SSH 240, kind-from-elsewhere 2; liaisons: 258' "$F"
expect_no_grep 'causality-|ssh-accepted|ssh-failed|confiance de la chaîne: medium' "$F"
# the swim lane's harm labels are SVG text
expect_grep '>H-not severe \(causalité non évaluée\)<' "$TMP/fr/bag/data/report.html"
expect_grep '>H-not severe \(causality-not-assessed\)<' "$TMP/en/bag/data/report.html"
# the custody signatures are one row of the files' table, not one row each (a
# ledger of a few hundred entries would otherwise add pages to the core report)
expect_grep '<code>data/custody/sig/</code> \([0-9]+ signatures of custody entries, one a file\)' \
	"$TMP/en/bag/data/report.html"
expect_grep 'data/custody/sig/ \([0-9]+ signatures d’entrées de la chaîne de conservation' "$F"
expect_no_grep 'custody/sig/[0-9]+\.der' "$TMP/en/bag/data/report.html"
# the validation run's own texts are English: the French annex V gives them in French and says so
# (t3095 checks each text of a run is absent from the French report)
mkdir "$TMP/nodata"
expect_exit 0 validate -o "$TMP/v.json" --data "$TMP/nodata"
expect_exit 0 casefile build -o "$TMP/frv" --lang fr --no-pdf --validation "$TMP/v.json"
expect_grep 'écrit son procès-verbal en anglais' "$TMP/frv/bag/data/report.html"
expect_grep 'altérations d’un dossier scellé, d’un octet chacune' "$TMP/frv/bag/data/report.html"
expect_no_grep 'procès-verbal en anglais' "$TMP/en/bag/data/report.html"
E=$TMP/en.txt
expect_grep 'harm event H-not — causality-not-assessed \(confidence low\)' "$E"
expect_grep 'chain confidence medium' "$E"
expect_grep 'by_kind: ssh-accepted 16, ssh-failed 240, kind-from-elsewhere 2; edges: 258' "$E"
done_testing
