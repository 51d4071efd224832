#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Under --json every failure prints its error object on stdout (docs/exit-codes.md), usage
# errors included (issue #21): an unknown command, an unknown global option, no command, an
# unknown subcommand, an option getopt refuses (named: which one), a missing value, a bad
# value; exit 2, code "usage", the message also on stderr; without --json nothing on stdout.
. "$(dirname "$0")/lib.sh"
need python3

# usage_json WHAT MESSAGE-ERE ARGS...: `lifeline ARGS` exits 2 with the usage error object
usage_json() {
	what=$1 re=$2
	shift 2
	expect_exit 2 "$@"
	python3 - "$TMP/out" "$re" <<'PY' || { cat "$TMP/out" >&2; fail "$what: not the usage error object"; }
import json, re, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] is False and d["exit_code"] == 2 and d["schema"] == "lifeline.error/1", d
assert d["error"]["code"] == "usage", d
assert re.search(sys.argv[2], d["error"]["message"]), d["error"]["message"]
PY
	test_count=$((test_count + 1))
	expect_grep "$re" "$TMP/err"
}

usage_json "unknown command" "'nosuch' is not a lifeline command" --json nosuch
usage_json "unknown command, --json after it" "'nosuch' is not a lifeline command" nosuch --json
usage_json "unknown global option" "unknown option '--bogus'" --json --bogus
usage_json "no command" "a command is required" --json
usage_json "unknown subcommand" "unknown subcommand 'frobnicate'" --json custody frobnicate
usage_json "unknown command option" "unknown option '--bogus', or its value is missing" \
	analyze timeline --json --bogus
usage_json "missing value" "unknown option '--year', or its value is missing" \
	--json analyze timeline --year
usage_json "unknown short option" "unknown option '-Z'" --json analyze timeline -Z
usage_json "bad value" "bad --year" --json analyze timeline --year 12x
usage_json "-C without a directory" "-C needs a directory" --json -C

# without --json: stdout stays empty, the message and the usage go to stderr
expect_exit 2 analyze timeline --bogus
[ ! -s "$TMP/out" ] || fail "stdout written without --json"
test_count=$((test_count + 1))
expect_grep "^lifeline: analyze timeline: unknown option '--bogus', or its value is missing$" "$TMP/err"
expect_grep "^usage: lifeline analyze timeline" "$TMP/err"
expect_exit 2 nosuch
[ ! -s "$TMP/out" ] || fail "stdout written without --json"
test_count=$((test_count + 1))

done_testing
