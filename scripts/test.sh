#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs what is missing, builds lifeline, and runs every test:
#   1. the -Werror build with the whole ctest suite (unit, cli, fuzz replay),
#   2. the ASan + UBSan build with the suite again, but the tests of
#      tests/nosan (label nosan: their sanitized run checks nothing new),
#   3. the libFuzzer builds replaying their corpora,
#   4. cppcheck over the product code (warnings fail the run).
# Between 1 and 2, the store matrix: the tests of tests/store-matrix again
# with their cases in PostgreSQL (pass "store", label store; tests/README.md).
# Usage: scripts/test.sh [--quick | --hostile | --mutation [NAME...]]
#   --quick     skip the sanitizer pass
#   --hostile   build and run only the hostile suite (tests/hostile/)
#   --mutation  only the mutation check (tests/mutation/README.md): each
#               mutant of tests/mutation/mutants.txt (or the NAMEs given)
#               applied alone to a scratch copy in build-mutation/, rebuilt
#               and tested; fails if one survives. Long (about a minute a
#               mutant); run it before resolving an issue that touches the
#               checks it lists.
# Skips: every ctest pass lists its skipped tests. With LL_CI=1 (.ci/run
# sets it) a skip fails the run unless tests/skip-allowlist lists that test
# for that pass, with its reason.
set -eu
cd "$(dirname "$0")/.."
quick=0
hostile=0
case "${1:-}" in
--quick) quick=1 ;;
--hostile) hostile=1 ;;
--mutation)
	shift
	only=
	for m in "$@"; do only="$only --only $m"; done
	# shellcheck disable=SC2086
	exec python3 tests/mutation/run.py -j "$(nproc 2>/dev/null || echo 2)" $only
	;;
"") ;;
*) echo "usage: scripts/test.sh [--quick | --hostile | --mutation [NAME...]]" >&2; exit 2 ;;
esac

scripts/deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
export LIFELINE_NO_PROGRESS=1

# skip_gate PASS LOG: lists the tests ctest reported skipped in LOG; under
# LL_CI=1 fails unless tests/skip-allowlist has "NAME PASS|any REASON" for each.
skip_gate() {
	pass=$1 log=$2
	skipped=$(sed -n 's/.*Test *#[0-9]*: \([^ ]*\) .*\*\*\*Skipped.*/\1/p' "$log" | sort -u)
	[ -n "$skipped" ] || { echo "== $pass: no test skipped"; return 0; }
	bad=
	for t in $skipped; do
		why=$(awk -v t="$t" -v p="$pass" '$1 == t && ($2 == p || $2 == "any") {
			$1 = ""; $2 = ""; sub(/^ +/, ""); print; exit }' tests/skip-allowlist)
		if [ -n "$why" ]; then
			echo "== $pass: skipped $t (allowed: $why)"
		else
			echo "== $pass: SKIPPED $t (not on tests/skip-allowlist)"
			bad="$bad $t"
		fi
	done
	if [ -n "$bad" ] && [ "${LL_CI:-0}" = 1 ]; then
		echo "skip gate: under CI these tests must run:$bad" >&2
		exit 1
	fi
}

# ctest_gated PASS DIR ARGS...: ctest in DIR with its output kept for the gate.
ctest_gated() {
	pass=$1 dir=$2
	shift 2
	log="$dir/ctest-$pass.log"
	rm -f "$log.rc"
	# streamed through tee; ctest's own status comes back through a file
	(cd "$dir" && { r=0; ctest --output-on-failure "$@" || r=$?; echo "$r" >"ctest-$pass.log.rc"; }) 2>&1 |
		tee "$log"
	rc=$(cat "$log.rc" 2>/dev/null || echo 1)
	[ "$rc" -eq 0 ] || exit "$rc"
	skip_gate "$pass" "$log"
}

run_suite() {
	pass=$1 dir=$2
	shift 2
	echo "== build in $dir"
	cmake -S . -B "$dir" -DLL_WERROR=ON "$@" >/dev/null
	cmake --build "$dir" -j "$jobs"
	echo "== tests in $dir"
	# the store matrix runs once, in its own pass (below); the sanitizer pass
	# leaves out the tests of tests/nosan (their sanitized run checks nothing new)
	exclude=store
	[ "$pass" = asan ] && exclude='store|nosan'
	ctest_gated "$pass" "$dir" --no-tests=error -j "$jobs" -LE "$exclude"
}

if [ "$hostile" -eq 1 ]; then
	cmake -S . -B build -DLL_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build build -j "$jobs"
	ctest_gated hostile build --no-tests=error -j "$jobs" -L hostile
	exit 0
fi

# The plain build leaves the binary at build/lifeline (DESIGN §10).
run_suite plain build -DCMAKE_BUILD_TYPE=RelWithDebInfo
# The store matrix (tests/store-matrix): the chosen tests again, their cases
# attached workspaces of one PostgreSQL cluster (issue #20); plain build only.
echo "== store matrix in build"
ctest_gated store build --no-tests=error -j "$jobs" -L store

if [ "$quick" -eq 0 ]; then
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan-suppressions.txt:print_suppressions=0" \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		run_suite asan build-asan -DCMAKE_BUILD_TYPE=Debug -DLL_SANITIZE=ON
fi
# Fuzz targets built with libFuzzer (clang-14) replay their corpora. Timed
# fuzzing is opt-in (LL_FUZZ_SECONDS=60 scripts/test.sh): random inputs find
# new things, such as leaks inside libevtx, and a test run must be repeatable.
if [ "$quick" -eq 0 ] && command -v clang-14 >/dev/null 2>&1; then
	echo "== fuzz targets (libFuzzer)"
	CC=clang-14 cmake -S . -B build-fuzz -DLL_FUZZ=ON -DLL_TESTS=OFF \
		-DCMAKE_BUILD_TYPE=Debug >/dev/null
	cmake --build build-fuzz -j "$jobs"
	# the libraries' own leaks on damaged input, listed with their reason in the file
	LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan-suppressions.txt:print_suppressions=0" \
		ctest_gated fuzz build-fuzz --no-tests=ignore -L fuzz
	secs=${LL_FUZZ_SECONDS:-0}
	for t in build-fuzz/fuzz_*; do
		[ "$secs" -gt 0 ] || break
		[ -x "$t" ] || continue
		name=$(basename "$t" | sed 's/^fuzz_//')
		mkdir -p "build-fuzz/new-corpus/$name"
		"$t" -max_total_time="$secs" -error_exitcode=1 \
			-artifact_prefix=build-fuzz/ "build-fuzz/new-corpus/$name" \
			"tests/fuzz/corpus/$name" >"build-fuzz/$name.log" 2>&1 ||
			{ tail -30 "build-fuzz/$name.log"; echo "fuzz target $name failed"; exit 1; }
		echo "fuzz $name: $(grep -c . "build-fuzz/$name.log") log lines, ok"
	done
fi
# Static analysis: cppcheck's warning and portability checks. readdir is
# reentrant on distinct DIR streams (readdir_r is deprecated by glibc).
if command -v cppcheck >/dev/null 2>&1; then
	echo "== cppcheck"
	cppcheck --quiet --enable=warning,portability --inline-suppr --std=c11 -I. \
		--library=posix --library=scripts/cppcheck/jansson.cfg \
		--suppress=readdirCalled --error-exitcode=1 -j "$jobs" \
		core collect analyze casefile cli
fi
echo "== all tests passed"
