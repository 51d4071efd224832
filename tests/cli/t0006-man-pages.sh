#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Man pages (issue #21, cmake/Man.cmake): lifeline(1), one page per docs/commands page and one
# per command with subcommands are built into build/man; each renders with man(1) without a
# warning (but troff's "cannot adjust line" in a narrow table cell: layout only), its SYNOPSIS is the command's own usage line (`--help`), and `cmake --install`
# puts them where `man` finds them (share/man/man1).
. "$(dirname "$0")/lib.sh"
need man python3 cmake
[ -n "${LL_BUILD_DIR:-}" ] || skip "no build directory (LL_BUILD_DIR)"
MAN=$LL_BUILD_DIR/man
[ -f "$MAN/lifeline.1" ] || skip "no man pages in $MAN: pandoc was missing at configure time (scripts/deps.sh installs it)"

n_docs=0
for f in "$SRC"/docs/commands/*.md; do
	b=$(basename "$f" .md)
	[ "$b" = README ] && continue
	n_docs=$((n_docs + 1))
	page=$MAN/lifeline-$b.1
	[ -f "$page" ] || fail "no man page for docs/commands/$b.md"
	MANWIDTH=100 man -l "$page" >"$TMP/page" 2>"$TMP/warn" || fail "man -l $page failed"
	grep -v "cannot adjust line" "$TMP/warn" >"$TMP/warn2" || :
	[ ! -s "$TMP/warn2" ] || { cat "$TMP/warn2" >&2; fail "$page: warnings"; }
	# the SYNOPSIS is the usage the command prints
	words=$(sed -n '1s/^# lifeline //p' "$f")
	# shellcheck disable=SC2086
	"$LIFELINE" $words --help 2>/dev/null | sed -n '1s/^usage: //p' >"$TMP/usage"
	[ -s "$TMP/usage" ] || fail "lifeline $words --help printed no usage line"
	python3 - "$TMP/page" "$TMP/usage" <<'PY' || fail "$page: SYNOPSIS is not the usage of 'lifeline $words'"
import re, sys
page = open(sys.argv[1]).read()
want = " ".join(open(sys.argv[2]).read().split())
syn = page.split("SYNOPSIS", 1)[1].split("DESCRIPTION", 1)[0]
assert want in " ".join(syn.split()).replace("usage: ", ""), (want, syn)
PY
	test_count=$((test_count + 2))
done
[ "$n_docs" -ge 20 ] || fail "only $n_docs command pages"
for cmd in collect evidence analyze custody casefile case key; do
	MANWIDTH=100 man -l "$MAN/lifeline-$cmd.1" >"$TMP/page" 2>"$TMP/warn" || fail "no lifeline-$cmd(1)"
	grep -v "cannot adjust line" "$TMP/warn" >"$TMP/warn2" || :
	[ ! -s "$TMP/warn2" ] || { cat "$TMP/warn2" >&2; fail "lifeline-$cmd.1: warnings"; }
	expect_grep "^NAME" "$TMP/page"
	expect_grep "usage: lifeline $cmd [a-z]+" "$TMP/page"
done
MANWIDTH=100 man -l "$MAN/lifeline.1" >"$TMP/page" 2>/dev/null
expect_grep "lifeline-collect-image\(1\)" "$TMP/page"
expect_grep "Cases that cannot be written" "$TMP/page"

# installed where man looks
cmake --install "$LL_BUILD_DIR" --prefix "$TMP/inst" >"$TMP/inst.log" 2>&1 ||
	{ cat "$TMP/inst.log" >&2; fail "cmake --install"; }
MANPATH=$TMP/inst/share/man MANWIDTH=100 man lifeline-collect >"$TMP/page" 2>"$TMP/warn" ||
	{ cat "$TMP/warn" >&2; fail "man lifeline-collect after install"; }
expect_grep "LIFELINE-COLLECT\(1\)" "$TMP/page"
expect_grep "usage: lifeline collect image SOURCE" "$TMP/page"

done_testing
