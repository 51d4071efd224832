#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every command and subcommand has its page, and the page's first code block
# holds the `usage:` line that --help prints (git's t0450). Commands are
# discovered from `lifeline --help` and each `lifeline <cmd> --help`, so a
# new command without a page fails here, naming the page to write.
. "$(dirname "$0")/lib.sh"

docs=$SRC/docs/commands
problems=$TMP/problems
: >"$problems"

# first_block FILE: the lines of the first ``` fenced block of FILE.
first_block() {
	awk '/^```/ { if (inside) exit; inside = 1; next } inside' "$1"
}

# check_page PAGE ARGS...: `lifeline ARGS --help` exits 0 and its first
# usage line is a line of PAGE's first code block.
check_page() {
	page=$1
	shift
	test_count=$((test_count + 1))
	if ! "$LIFELINE" "$@" --help >"$TMP/help" 2>"$TMP/help.err"; then
		echo "'lifeline $* --help' does not exit 0" >>"$problems"
		return
	fi
	usage=$(grep -m 1 '^usage: ' "$TMP/help" || true)
	if [ -z "$usage" ]; then
		echo "'lifeline $* --help' prints no 'usage:' line" >>"$problems"
	elif [ ! -f "$docs/$page" ]; then
		echo "docs/commands/$page is missing (for 'lifeline $*')" >>"$problems"
	elif ! first_block "$docs/$page" | grep -qxF -- "$usage"; then
		echo "docs/commands/$page: its first code block lacks '$usage'" >>"$problems"
	fi
}

expect_exit 0 --help
awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }' \
	"$TMP/out" >"$TMP/commands"
[ -s "$TMP/commands" ] || fail "no commands found in 'lifeline --help'"
for c in version help case key custody; do
	expect_grep "^$c\$" "$TMP/commands"
done

while read -r cmd; do
	"$LIFELINE" "$cmd" --help >"$TMP/cmd.help" 2>&1 || true
	if grep -q '^usage: lifeline [a-z-]* <subcommand>$' "$TMP/cmd.help"; then
		# subcommands: the indented words under the usage line
		awk 'NR > 1 && /^  [a-z][a-z0-9-]*( |$)/ { print $1 }' "$TMP/cmd.help" \
			>"$TMP/subs"
		[ -s "$TMP/subs" ] || echo "'lifeline $cmd --help' lists no subcommands" >>"$problems"
		while read -r sub; do
			check_page "$cmd-$sub.md" "$cmd" "$sub"
		done <"$TMP/subs"
	else
		check_page "$cmd.md" "$cmd"
	fi
done <"$TMP/commands"

if [ -s "$problems" ]; then
	cat "$problems" >&2
	fail "$(wc -l <"$problems") command pages missing or out of date"
fi
done_testing
