#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The Debian package (issue #21 item 6): debian/ builds with `dpkg-buildpackage -us -uc -b`
# from a copy of the source tree (never in the repository), lintian finds no error, and the
# package unpacked with `dpkg -x` into a root directory of its own (the system is not
# touched) works: the binary runs, man finds lifeline(1) and lifeline-collect(1), the bash
# completion completes, and `analyze detect` finds its rules in the unpacked
# usr/share/lifeline with no environment variable (analyze/detect/rules_dir.c: a binary
# looks at <its dir>/../share/lifeline before the compiled /usr/share/lifeline).
# One slow test: a full package build, with -j2 and without the tests (-DLL_TESTS=OFF).
. "$(dirname "$0")/lib.sh"
need dpkg-buildpackage dh lintian dpkg-deb man bash python3 tar readelf
unset LIFELINE_RULES_DIR

# the source tree as a checkout has it: no build directories, no .git
mkdir "$TMP/pkg" "$TMP/pkg/src"
(cd "$SRC" && tar --exclude='./build*' --exclude=./.git --exclude='./obj-*' \
	--exclude=./debian/.debhelper --exclude=./debian/lifeline --exclude=./debian/tmp -cf - .) |
	tar -C "$TMP/pkg/src" -xf -
(cd "$TMP/pkg/src" && DEB_BUILD_OPTIONS="parallel=2 nocheck" dpkg-buildpackage -us -uc -b) \
	>"$TMP/build.log" 2>&1 || { tail -40 "$TMP/build.log" >&2; fail "dpkg-buildpackage -us -uc -b failed"; }
deb=$(ls "$TMP"/pkg/lifeline_*_*.deb)
[ -f "$deb" ] || fail "no lifeline_*.deb built"
test_count=$((test_count + 1))

# lintian: no error; the warnings are listed
lintian --tag-display-limit 0 "$TMP"/pkg/lifeline_*.changes >"$TMP/lintian" 2>&1 || true
grep -v 'running with root privileges' "$TMP/lintian" | sed 's/^/# lintian: /'
expect_no_grep '^E: ' "$TMP/lintian"
say "lintian warnings: $(grep -c '^W: ' "$TMP/lintian" || true)"

# the dlopen'ed libraries are not linked, so shlibs cannot see them: named in Depends
dpkg-deb -f "$deb" Depends >"$TMP/depends"
for lib in libewf2 libtsk19 libevtx1 libevt1 libregf1 libscca1 libqcow1 libvshadow1 libbde1 libbfio1 libssl3 libsqlite3-0; do
	expect_grep "(^|, )$lib( |,|$)" "$TMP/depends"
done
dpkg-deb -f "$deb" Recommends >"$TMP/recommends"
expect_grep weasyprint "$TMP/recommends"

ROOT=$TMP/root
dpkg -x "$deb" "$ROOT"
BIN=$ROOT/usr/bin/lifeline
"$BIN" version >"$TMP/version" 2>&1 || { cat "$TMP/version" >&2; fail "the installed lifeline version failed"; }
expect_grep '^lifeline ' "$TMP/version"
# built without the tests: none of their hooks (LL_TEST_HOOKS) is in the package's binary
# (LIFELINE_TEST_FAULTS is no hook: the faulty source, a feature, asks for it)
hooks='LIFELINE_TEST_(CHECK|WORKER|DYNLIB_FAIL)'
if grep -aEq "$hooks" "$BIN"; then fail "the package's binary has the test hooks (LL_TESTS=OFF not honoured)"; fi
grep -aEq "$hooks" "$LIFELINE" || fail "the test build has no test hook: the check above proves nothing"
test_count=$((test_count + 2))
if readelf -d "$BIN" | grep -Eq 'NEEDED.*lib(ewf|tsk|evtx|evt)\.'; then fail "the package's binary links a libyal/libtsk library"; fi
# no path of the build tree in it (LL_RULES_BUILD_TREE=OFF): a reproducible build
if grep -aqF "$TMP/pkg/src" "$BIN"; then fail "the package's binary holds its build path"; fi
test_count=$((test_count + 1))

# the rules and docs where they belong
# (share/lifeline holds the rules and, in validation/, `lifeline validate`'s data)
diff -r -x validation "$SRC/rules" "$ROOT/usr/share/lifeline" >"$TMP/rules.diff" ||
	{ cat "$TMP/rules.diff" >&2; fail "usr/share/lifeline is not the source tree's rules/"; }
diff -r "$SRC/validation" "$ROOT/usr/share/lifeline/validation" >"$TMP/validation.diff" ||
	{ cat "$TMP/validation.diff" >&2; fail "usr/share/lifeline/validation is not the source tree's validation/"; }
[ -f "$ROOT/usr/share/doc/lifeline/copyright" ] || fail "no usr/share/doc/lifeline/copyright"
ls "$ROOT"/usr/share/doc/lifeline/README.md* >/dev/null 2>&1 || fail "no README in usr/share/doc/lifeline"
ls "$ROOT"/usr/share/doc/lifeline/commands/analyze-detect.md* >/dev/null 2>&1 || fail "no command docs in usr/share/doc/lifeline"
test_count=$((test_count + 4))

# man: the page by file and by MANPATH
man -l "$ROOT/usr/share/man/man1/lifeline.1.gz" 2>"$TMP/man.err" | col -b >"$TMP/man.txt" ||
	fail "man -l lifeline.1.gz failed"
expect_grep '^NAME' "$TMP/man.txt"
for page in lifeline lifeline-collect; do
	w=$(MANPATH=$ROOT/usr/share/man man -w "$page" 2>/dev/null) || fail "man -w $page: not found in the package's MANPATH"
	case $w in "$ROOT"/usr/share/man/man1/$page.1.gz) ;; *) fail "man -w $page: $w, not the package's page" ;; esac
	MANPATH=$ROOT/usr/share/man man "$page" 2>/dev/null | col -b >"$TMP/$page.txt"
	expect_grep "^NAME" "$TMP/$page.txt"
done
expect_grep '^SYNOPSIS' "$TMP/lifeline-collect.txt"
expect_grep 'lifeline collect' "$TMP/lifeline-collect.txt"

# completion: the installed script, calling the installed binary
COMP=$ROOT/usr/share/bash-completion/completions/lifeline
got=$(bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _lifeline; printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
	sh "$COMP" "$BIN" co)
[ "$got" = "collect " ] || fail "completing 'lifeline co' with the installed script: got '$got'"
got=$(bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _lifeline; printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
	sh "$COMP" "$BIN" analyze "")
[ "$got" = "correlate detect timeline " ] || fail "completing 'lifeline analyze ' with the installed script: got '$got'"
test_count=$((test_count + 2))

# analyze detect with the installed binary and no LIFELINE_RULES_DIR: the unpacked rules
LIFELINE=$BIN
new_case
mkdir "$TMP/logs"
for i in 1 2 3 4 5 6; do
	echo "Jun  3 14:00:0$i ward1 sshd[10$i]: Failed password for root from 203.0.113.9 port 4000$i ssh2"
done >"$TMP/logs/auth.log"
echo "Jun  3 14:00:09 ward1 sshd[200]: Accepted password for root from 203.0.113.9 port 40009 ssh2" >>"$TMP/logs/auth.log"
add_evidence file "$TMP/logs/auth.log" >/dev/null
expect_exit 0 analyze timeline --year 2025
expect_exit 0 --json analyze detect
[ "$(json_get "$TMP/out" 'd["findings"]')" -gt 0 ] || { cat "$TMP/out" >&2; fail "analyze detect found nothing with the installed rules"; }
expect_exit 0 --json custody log
[ "$(json_get "$TMP/out" '[e["details"]["rule_files"] for e in d["entries"] if e["action"]=="detect"][-1]')" = \
	"$(ls "$SRC"/rules/builtin/*.yml | wc -l)" ] || fail "analyze detect did not load every installed rule"
# they are the unpacked ones, not the source tree's: one rule fewer there, one fewer loaded
rm "$ROOT/usr/share/lifeline/builtin/linux_sshd_accepted.yml"
expect_exit 0 --json analyze detect
expect_exit 0 --json custody log
[ "$(json_get "$TMP/out" '[e["details"]["rule_files"] for e in d["entries"] if e["action"]=="detect"][-1]')" = \
	"$(($(ls "$SRC"/rules/builtin/*.yml | wc -l) - 1))" ] || fail "analyze detect did not read usr/share/lifeline under the unpacked root"
# a binary with no share/lifeline beside it falls back to the compiled /usr/share/lifeline
if [ ! -e /usr/share/lifeline ]; then
	mkdir "$TMP/alone"
	cp "$BIN" "$TMP/alone/lifeline"
	LIFELINE=$TMP/alone/lifeline
	expect_exit 3 analyze detect
	expect_grep '/usr/share/lifeline/builtin' "$TMP/err"
else
	partial "/usr/share/lifeline exists on this machine: the fallback to it is not checked"
fi

done_testing
