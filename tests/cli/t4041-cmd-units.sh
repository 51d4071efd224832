#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every command that writes the case names its workspace unit in its table
# entry (cli/cli.h LL_CMD_UNIT_*; task #20): ll_cli_run stops one that names
# none or two (LL_BUG, exit 70) before it parses an option. Each command of
# docs/commands/ (t0002 keeps that list equal to the help) is run in a case
# with an option it does not know: whatever it makes of it (a usage error
# mostly), never the bug stop (70) nor a signal.
. "$(dirname "$0")/lib.sh"
new_case
n=0
for doc in "$SRC"/docs/commands/*.md; do
	name=$(basename "$doc" .md)
	[ "$name" = README ] && continue
	# shellcheck disable=SC2046
	set -- $(echo "$name" | sed 's/-/ /')
	set +e
	"$LIFELINE" "$@" --no-such-option >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	test_count=$((test_count + 1))
	[ "$rc" -ne 70 ] || { cat "$TMP/err" >&2; fail "lifeline $*: a bug stop (70), its table entry's unit?"; }
	[ "$rc" -lt 100 ] ||
		{ cat "$TMP/err" >&2; fail "lifeline $* --no-such-option exited $rc"; }
	n=$((n + 1))
done
[ "$n" -ge 30 ] || fail "only $n commands in docs/commands"
done_testing
