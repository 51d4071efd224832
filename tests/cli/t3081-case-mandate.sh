#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The mandate of the case (issue #18 item 1): case init takes it, case set
# changes it with a signed custody entry 'mandate' whose details hold the new
# mandate, case show prints it (--json and text); the questions keep their
# order and text byte for byte (sqlite3 reads them back); a field not given
# is kept, "" clears it, --question replaces the list; a bad date,
# jurisdiction, empty question or bad UTF-8 is a usage error and changes
# nothing (no row, no ledger entry); the ledger still verifies.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3

expect_exit 0 key new --name "Test Examiner"
q1="Dire si le système d'information a fait l'objet d'un accès frauduleux (art. 323-1 C. pén.)."
q2='Identify the systems affected; quote "exactly", with <tags> & ampersands.'
expect_exit 0 case init "$TMP/case" --case-id C-1 --title "t" --requesting-authority "Juge d'instruction, TJ de Valmont" \
	--basis "ordonnance de commission d'expert (CPP art. 156)" --reference "ORD-2021/77" \
	--mandate-date 2021-11-15 --question "$q1" --question "$q2" --jurisdiction fr
cd "$TMP/case"
test_count=$((test_count + 1))
[ "$(sqlite3 case.db 'SELECT count(*) FROM custody')" = 0 ] || fail "case init wrote ledger entries"
[ "$(sqlite3 case.db 'SELECT text FROM case_questions WHERE n = 1')" = "$q1" ] || fail "question 1 changed in the store"
[ "$(sqlite3 case.db 'SELECT text FROM case_questions WHERE n = 2')" = "$q2" ] || fail "question 2 changed in the store"
expect_exit 0 --json case show
test_count=$((test_count + 1))
python3 - "$TMP/out" "$q1" "$q2" <<'PY' || fail "case show --json: wrong mandate"
import json, sys
m = json.load(open(sys.argv[1]))["mandate"]
assert m == {"requesting_authority": "Juge d'instruction, TJ de Valmont",
             "basis": "ordonnance de commission d'expert (CPP art. 156)", "reference": "ORD-2021/77",
             "date": "2021-11-15", "jurisdiction": "fr", "questions": [sys.argv[2], sys.argv[3]]}, m
PY
expect_exit 0 case show
expect_grep '^question 2  Identify the systems affected; quote "exactly", with <tags> & ampersands\.$' "$TMP/out"
expect_grep '^jurisdiction fr$' "$TMP/out"

# refused values: usage errors, nothing written
for bad in "--mandate-date 2021-02-29" "--mandate-date 2021-13-01" "--mandate-date 21-11-15" \
	"--mandate-date 2021-11-15x" "--jurisdiction de" "--jurisdiction FR"; do
	# shellcheck disable=SC2086
	expect_exit 2 case set $bad
done
expect_grep "unknown jurisdiction 'FR'" "$TMP/err"
expect_exit 2 case set --question "ok" --question "   "
expect_grep "question 2 is empty" "$TMP/err"
expect_exit 2 case set --question "$(printf 'bad \377')"
expect_grep "[-][-]question" "$TMP/err"
expect_exit 2 case set
expect_grep "nothing to set" "$TMP/err"
test_count=$((test_count + 1))
[ "$(sqlite3 case.db 'SELECT count(*) FROM custody')" = 0 ] || fail "a refused case set wrote a ledger entry"
[ "$(sqlite3 case.db "SELECT date || jurisdiction FROM case_mandate")" = "2021-11-15fr" ] || fail "a refused case set changed the mandate"
expect_exit 2 case init "$TMP/c2" --case-id X --title t --mandate-date 2021-02-30
test_count=$((test_count + 1))
[ ! -e "$TMP/c2" ] || fail "case init with a refused mandate left a case behind"

# case set: the change and a signed ledger entry holding the new mandate
expect_exit 0 --json case set --jurisdiction ew --reference "" --question "Only question?"
cp "$TMP/out" "$TMP/set.json"
expect_exit 0 --json custody log
test_count=$((test_count + 1))
python3 - "$TMP/set.json" "$TMP/out" <<'PY' || fail "case set: wrong answer or ledger entry"
import json, sys
s = json.load(open(sys.argv[1])); log = json.load(open(sys.argv[2]))
m = s["mandate"]
assert s["schema"] == "lifeline.case.set/1" and s["seq"] == 1, s
assert m["jurisdiction"] == "ew" and m["reference"] is None and m["questions"] == ["Only question?"], m
assert m["basis"] == "ordonnance de commission d'expert (CPP art. 156)", m
entries = log["entries"] if isinstance(log, dict) else log
e = entries[-1]
assert e["action"] == "mandate" and e["actor"] == "Test Examiner", e
d = e["details"] if isinstance(e["details"], dict) else json.loads(e["details"])
assert d["mandate"] == m, (d, m)
PY
test_count=$((test_count + 1))
[ "$(sqlite3 case.db 'SELECT count(*) FROM case_questions')" = 1 ] || fail "--question did not replace the list"
expect_exit 0 custody verify
done_testing
