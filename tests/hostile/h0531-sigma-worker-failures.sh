#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Sigma rule files are input too (issue #16): analyze detect parses them with
# libyaml in a sandboxed worker. A rules' worker that crashes, is killed or
# sends a malformed Sigma frame while it parses a rule set makes detect fail
# with a message naming the rule file and the cause, exit 4 (a refused
# input, docs/exit-codes.md), and nothing is stored: no finding, no custody
# entry. Without the failure the same rule set loads, with the skipped
# files' messages (file, line and column) as the in-process parser gives
# them. The failures come from LIFELINE_TEST_WORKER (test builds only).
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3

mkdir "$TMP/rules"
cat >"$TMP/rules/a-user-created.yml" <<'YML'
title: Local user created
id: 5a1f0000-0000-4000-8000-000000004720
status: test
level: high
logsource: {product: windows, service: security}
detection:
  sel:
    EventID: 4720
  condition: sel
YML
printf 'title: broken\nlogsource: {product: windows\ndetection: [\n' >"$TMP/rules/b-broken.yml"
printf 'title: alias\nlevel: *x\n' >"$TMP/rules/c-alias.yml"
cp "$TMP/rules/a-user-created.yml" "$TMP/rules/d-crash-me.yml"
sed -i 's/^id: .*/id: 5a1f0000-0000-4000-8000-000000000002/' "$TMP/rules/d-crash-me.yml"

new_case
cp "$SRC/tests/fuzz/corpus/evtx/cc0_4720_local_user_created.evtx" "$TMP/u.evtx"
add_evidence file "$TMP/u.evtx" >/dev/null
expect_exit 0 analyze timeline

stored() { # FINDINGS CUSTODY: what the case holds
	n=$(sqlite3 case.db "SELECT count(*) FROM findings")
	c=$(sqlite3 case.db "SELECT count(*) FROM custody")
	[ "$n" -eq "$1" ] && [ "$c" -eq "$2" ] || fail "$n findings, $c custody entries; expected $1, $2"
	test_count=$((test_count + 1))
}
custody0=$(sqlite3 case.db "SELECT count(*) FROM custody")

segv="crashed \(Segmentation fault\)"
[ "${LL_SANITIZED:-0}" = 1 ] && segv="(crashed \(Segmentation fault\)|tried a forbidden system call \(SIGSYS\))"
for t in "segv|d-crash-me|$segv" \
	"kill|c-alias|was killed by signal 9 \(Killed\)" \
	"badframe|b-broken|worker stream: frame [0-9]+ \(SIGMA_CLOSE\) at offset [0-9]+: no map or sequence is open"; do
	hook=${t%%|*}
	rest=${t#*|}
	file=${rest%%|*}
	say "hook $hook on $file.yml"
	LIFELINE_TEST_WORKER="$hook:$file" expect_exit 4 analyze detect --rules "$TMP/rules" --no-fs
	expect_grep "^lifeline: analyze detect: cannot parse rule file '$file\.yml': the rules' worker was stopped: (it )?${rest#*|}$" "$TMP/err"
	LIFELINE_TEST_WORKER="$hook:$file" expect_exit 4 --json analyze detect --rules "$TMP/rules" --no-fs
	[ "$(json_get "$TMP/out" 'd["error"]["code"]')" = corrupt ] || fail "$hook: error code"
	json_get "$TMP/out" 'd["error"]["message"]' >"$TMP/msg"
	expect_grep "^cannot parse rule file '$file\.yml': " "$TMP/msg"
	stored 0 "$custody0"
done

# without a failure: the rules load, the bad files are skipped with the parser's own words
expect_exit 0 --json analyze detect --rules "$TMP/rules" --no-fs
json_get "$TMP/out" '"\n".join(s["path"] + " | " + s["reason"] + " | " + s["detail"] for s in d["skipped_rules"])' >"$TMP/skips"
cat >"$TMP/want" <<'EOF2'
b-broken.yml | YAML syntax | rule 'b-broken.yml': YAML line 3 column 10: did not find expected ',' or '}'
c-alias.yml | YAML feature (alias or several documents) | rule 'c-alias.yml': line 2: YAML alias
EOF2
expect_same "$TMP/want" "$TMP/skips" "skipped rules"
[ "$(json_get "$TMP/out" 'd["rules"]')" = 2 ] || fail "two rules must load"
[ "$(json_get "$TMP/out" 'd["findings"]')" -ge 1 ] || fail "no finding for 4720"
stored "$(json_get "$TMP/out" 'd["findings"]')" "$((custody0 + 1))"
expect_exit 0 custody verify
done_testing
