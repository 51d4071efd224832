#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Text a person types that is not UTF-8 (a Latin-1 terminal, a pasted binary): the case
# fields, custody notes and evidence descriptions are recorded and signed as UTF-8, and a byte
# that is not would be lost in every JSON view (`--json custody log` dropped the note while
# the signed line kept it). Each option is refused with its name, the byte and its offset
# (exit 2), nothing is written; well-formed UTF-8 of any script is kept exactly.
. "$(dirname "$0")/../cli/lib.sh"
need python3
new_case
entries() { "$LIFELINE" --json custody verify | python3 -c 'import json,sys; print(json.load(sys.stdin)["entries"])'; }
before=$(entries)
LATIN1=$(printf 'caf\351')            # é in Latin-1
OVERLONG=$(printf '\300\257etc')      # "/" as an overlong sequence
SURROGATE=$(printf 'a\355\240\200b')  # U+D800
CUT=$(printf 'ok \342\202')           # a sequence cut short at the end

refused() { # OPTION OFFSET BYTE CMD...
	opt=$1 off=$2 byte=$3
	shift 3
	expect_exit 2 "$@"
	expect_grep "$opt is not valid UTF-8 \\(byte 0x$byte at offset $off\\)" "$TMP/err"
}
refused --note 3 E9 custody add --action note --note "$LATIN1"
refused --location 0 C0 custody add --action note --location "$OVERLONG" --note x
refused --to 1 ED custody add --action transfer --to "$SURROGATE" --note x
refused --evidence 3 E2 custody add --action note --evidence "$CUT" --note x
refused --description 3 E9 collect files "$TMP/in" --description "$LATIN1"
refused --exhibit 0 C0 collect files "$TMP/in" --exhibit "$OVERLONG"
refused --notes 1 ED collect image /dev/null --notes "$SURROGATE"
[ "$(entries)" = "$before" ] || fail "a refused text was signed into the ledger"
expect_exit 0 --json evidence list
expect_grep '"items": \[\]' "$TMP/out"

cd "$TMP"
refused --case-id 3 E9 case init "$TMP/c2" --case-id "$LATIN1" --title t
refused --title 3 E2 case init "$TMP/c2" --case-id x --title "$CUT"
refused --agency 0 C0 case init "$TMP/c2" --case-id x --title t --agency "$OVERLONG"
refused --authority 1 ED case init "$TMP/c2" --case-id x --title t --authority "$SURROGATE"
[ ! -e "$TMP/c2" ] || fail "a refused case init left $TMP/c2"

# well-formed UTF-8 of any script is kept to the byte, in the signed entry and in JSON
GOOD='Réquisition n° 42 — قسم الطوارئ — 急诊 — 🏥'
cd "$TMP/case"
expect_exit 0 custody add --action note --note "$GOOD" --location "$GOOD"
expect_exit 0 --json custody log
python3 - "$TMP/out" "$GOOD" <<'PY' || fail "JSON lost the exact note"
import json, sys
d = json.load(open(sys.argv[1]))
e = d["entries"][-1]
assert e["note"] == sys.argv[2] and e["location"] == sys.argv[2], e
PY
expect_exit 0 custody verify
expect_exit 0 case init "$TMP/c3" --case-id "PJ-$GOOD" --title "$GOOD"
done_testing
