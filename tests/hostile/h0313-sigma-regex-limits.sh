#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A Sigma regular expression that hits a PCRE2 limit is never a silent "no
# match" (issue #14 item 9). An attacker who controls an event's text can
# make a rule's regex backtrack past PCRE2's match limit (pcre2_match -47)
# or its JIT stack; that rule's answer for that event is unknown. analyze
# detect reports each such rule and event as "not evaluated" (human and
# --json) and exits 4; findings list lists them; the case file's report
# names them in its limitations. Rules whose regex matches or plainly does
# not match are unaffected.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../cli/casefile_fixture.sh"
need sqlite3 python3
export LIFELINE_NOW=2025-10-12T09:00:00Z

mkdir "$TMP/rules"
rule() { # FILE ID TITLE REGEX
	cat >"$TMP/rules/$1.yml" <<YML
title: $3
id: $2
status: test
level: high
logsource: {product: windows, service: security}
detection:
  sel:
    EventID: 4688
    CommandLine|re: '$4'
  condition: sel
YML
}
# catastrophic backtracking: nested quantifiers (the match limit), and
# deeply nested groups over a long subject (the JIT stack / depth limit)
rule backtrack 11111111-0000-0000-0000-000000000001 'Nested quantifier' '^(a+)+$'
rule deep 11111111-0000-0000-0000-000000000002 'Alternation loop' '^(a|b)*$'
# plain rules: one matches, one does not
rule plain-hit 11111111-0000-0000-0000-000000000003 'Shadow copy deletion' 'vssadmin(\.exe)? delete shadows'
rule plain-miss 11111111-0000-0000-0000-000000000004 'Never here' '^zzz[0-9]+$'

casefile_case "$TMP/case"
A=$(python3 -c 'print("a" * 40 + "!")')
B=$(python3 -c 'print("ab" * 20000 + "!")')
ins() { # ID COMMANDLINE
	sqlite3 "$TMP/case/case.db" "INSERT INTO events (id, evidence_id, time_ns, time_desc, source, parser, host, event_code, locator, message, attrs)
	VALUES ($1, 'E2', 1760061600000000000 + $1, 'Event Logged', 'evtx', 'evtx', 'WS01', 4688, 'rec $1', 'process created',
	json_object('Channel', 'Security', 'EventID', 4688, 'Computer', 'WS01', 'CommandLine', '$2'))"
}
ins 901 "$A"
ins 902 "$B"
ins 903 'vssadmin.exe delete shadows /all /quiet'
ins 904 'notepad.exe'

expect_exit 4 --json analyze detect --rules "$TMP/rules" --no-fs
cp "$TMP/out" "$TMP/detect.json"
expect_grep 'not evaluated' "$TMP/err"
json_get "$TMP/detect.json" '"\n".join(["count=%d" % d["not_evaluated_count"], "findings=%d" % d["findings"]] + ["%s %d %s" % (u["rule_id"], u["event_id"], u["error"]) for u in d["not_evaluated"]])' >"$TMP/ne"
cat "$TMP/ne"
# the nested quantifier on the 'aaa…!' event: the match limit
grep -Eq '^11111111-0000-0000-0000-000000000001 901 .*limit' "$TMP/ne" ||
	fail "match limit of rule 1 on event 901 not reported"
# the loop over 40000 characters: a JIT stack, depth or match limit
grep -Eq '^11111111-0000-0000-0000-000000000002 902 .*(limit|stack)' "$TMP/ne" ||
	fail "limit of rule 2 on event 902 not reported"
# plain rules: the hit is a finding, the miss is neither a finding nor "not evaluated"
grep -q '^findings=1$' "$TMP/ne" || fail "the plain rule's finding is missing"
expect_no_grep '^11111111-0000-0000-0000-00000000000[34] ' "$TMP/ne"
expect_no_grep ' 90[34] ' "$TMP/ne"

# human output names rule, title and event
expect_exit 4 analyze detect --rules "$TMP/rules" --no-fs
expect_grep 'not evaluated: rule 11111111-0000-0000-0000-000000000001 \(Nested quantifier\) on event 901: ' "$TMP/out"

# findings list (human and --json)
expect_exit 0 findings list
expect_grep 'not evaluated: rule 11111111-0000-0000-0000-000000000001 \(Nested quantifier\) on event 901' "$TMP/out"
expect_exit 0 --json findings list
[ "$(json_get "$TMP/out" 'sorted((u["rule_id"][-1], u["event_id"]) for u in d["not_evaluated"]) == [("1", 901), ("2", 902)]')" = True ] ||
	fail "findings list --json: not_evaluated"

# the report's limitations name them
expect_exit 0 casefile build -o "$TMP/cf"
R=$TMP/cf/bag/data/report.html
[ -f "$R" ] || fail "no report"
python3 - "$R" <<'PY' || fail "the report's limitations do not name the rules not evaluated"
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
lim = html[html.index('id="limitations"'):]
lim = lim[:lim.index('</section>')]
assert re.search(r"11111111-0000-0000-0000-000000000001 \(Nested quantifier\) not evaluated\s+on event 901", lim), lim[-2000:]
assert "11111111-0000-0000-0000-000000000002" in lim
PY
test_count=$((test_count + 1))

# re-running with the plain rules only: the earlier "not evaluated" rows go with their rule set
rm "$TMP/rules/backtrack.yml" "$TMP/rules/deep.yml"
expect_exit 0 --json analyze detect --rules "$TMP/rules" --no-fs
[ "$(json_get "$TMP/out" 'd["not_evaluated_count"]')" = 0 ] || fail "re-run still not evaluated"
expect_exit 0 --json findings list
[ "$(json_get "$TMP/out" 'len(d["not_evaluated"])')" = 0 ] || fail "stale not-evaluated rows"
done_testing
