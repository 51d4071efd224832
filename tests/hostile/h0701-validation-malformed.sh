#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A malformed or self-contradicting validation.json is refused (exit 4) before
# anything is built, naming the file and the line, column and byte of a JSON
# error, or the field at fault; no case-file folder is left behind.
. "$(dirname "$0")/../cli/lib.sh"
need python3
new_case
printf 'x\n' >"$TMP/x.txt"
expect_exit 0 collect files "$TMP/x.txt"
good='{"schema":"lifeline.validation/1","lifeline":{"version":"0.1.0","sha256":"ab"},"date":"2026-01-01T00:00:00Z","host":"h","checks":[{"id":"fs","compared":"c","peer":{"tool":"fls"},"status":"pass","counts":{"compared":2,"equal":2,"differing":0},"data":[{"name":"a","counts":{"compared":2,"equal":2,"differing":0}}],"limits":"l"}]}'

# refuse NAME WANT JSON: casefile build --validation of JSON exits 4, stderr names WANT
n=0
refuse() {
	n=$((n + 1))
	printf '%s' "$3" >"$TMP/$1.json"
	expect_exit 4 casefile build -o "$TMP/cf$n" --no-pdf --validation "$TMP/$1.json"
	grep -qF -- "$TMP/$1.json: $2" "$TMP/err" || { cat "$TMP/err" >&2; fail "$1: the error does not name '$2'"; }
	[ ! -e "$TMP/cf$n" ] || fail "$1: a case-file folder was left"
}
printf '{\n  "schema": "lifeline.validation/1",\n  "checks": [1,\n' >"$TMP/cut.json"
expect_exit 4 casefile build -o "$TMP/cf0" --no-pdf --validation "$TMP/cut.json"
expect_grep "cut.json: line 4, column 0 \(byte [0-9]+\)" "$TMP/err"
[ ! -e "$TMP/cf0" ] || fail "cut: a case-file folder was left"
refuse garbage 'line 1, column 1 (byte 1)' 'x'
refuse dupkey 'line 1, column' '{"schema":"lifeline.validation/1","schema":"lifeline.validation/1"}'
refuse array '(top): not a JSON object' '[]'
refuse schema 'schema: not "lifeline.validation/1"' "$(echo "$good" | sed 's|validation/1|validation/9|')"
refuse nohost 'host: missing' "$(echo "$good" | sed 's|"host":"h",||')"
refuse nochecks 'checks: missing' "$(echo "$good" | sed 's|"checks":\[.*\]}$|"checks":[]}|')"
refuse status 'checks[0].status: not pass, fail or not run' "$(echo "$good" | sed 's|"status":"pass"|"status":"passed"|')"
refuse contradicts 'checks[0].status: "pass" contradicts the counts' "$(echo "$good" | sed 's|"equal":2,"differing":0}}\],|"equal":2,"differing":3}}],|; s|"counts":{"compared":2,"equal":2,"differing":0},"data"|"counts":{"compared":2,"equal":1,"differing":1},"data"|')"
refuse vacuous 'checks[0].status: "pass" contradicts the counts' "$(echo "$good" | sed 's|"counts":{"compared":2,"equal":2,"differing":0},"data"|"counts":{"compared":0,"equal":0,"differing":0},"data"|')"
refuse negative 'checks[0].data[0].counts.equal: missing or not a whole number' "$(echo "$good" | sed 's|"name":"a","counts":{"compared":2,"equal":2|"name":"a","counts":{"compared":2,"equal":-2|')"
refuse toomany 'checks[0].counts: more equal than compared' "$(echo "$good" | sed 's|"counts":{"compared":2,"equal":2,"differing":0},"data"|"counts":{"compared":2,"equal":5,"differing":0},"data"|')"
refuse real 'checks[0].counts.compared: missing or not a whole number' "$(echo "$good" | sed 's|"counts":{"compared":2,|"counts":{"compared":2.5,|')"
refuse nolimits 'checks[0].limits: missing' "$(echo "$good" | sed 's|,"limits":"l"||')"
refuse noreason 'checks[0].reason: missing' "$(echo "$good" | sed 's|"status":"pass"|"status":"not run"|')"
# the good one passes (the refusals above are not of everything)
printf '%s' "$good" >"$TMP/good.json"
expect_exit 0 casefile build -o "$TMP/cfgood" --no-pdf --validation "$TMP/good.json"
# a missing file is an input error, named
expect_exit 3 casefile build -o "$TMP/cfnone" --no-pdf --validation "$TMP/none.json"
expect_grep 'none.json' "$TMP/err"
done_testing
