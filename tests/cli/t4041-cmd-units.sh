#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every command that writes the case names its workspace unit in its table
# entry (cli/cli.h LL_CMD_UNIT_*; task #20): ll_cli_run stops one that names
# none or two (LL_BUG, exit 70) before it parses an option. Each command of
# docs/commands/ (t0002 keeps that list equal to the help) is run in a case
# with an option it does not know: a usage error (exit 2), never the bug
# stop (70), a signal, nor a success that took the option for an argument
# (`custody export --no-such-option` once exported the ledger to a directory
# of that name and exited 0; `version` ignored it).
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
	[ "$rc" -eq 2 ] ||
		{ cat "$TMP/err" >&2; fail "lifeline $* --no-such-option exited $rc, not 2 (usage)"; }
	[ ! -e ./--no-such-option ] || fail "lifeline $*: made a file named after the option"
	n=$((n + 1))
done
[ "$n" -ge 30 ] || fail "only $n commands in docs/commands"
done_testing
