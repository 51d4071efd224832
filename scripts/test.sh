#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs what is missing, builds lifeline, and runs every test:
#   1. the -Werror build with the whole ctest suite (unit, cli, fuzz replay),
#   2. the ASan + UBSan build with the whole suite again,
#   3. the libFuzzer builds replaying their corpora,
#   4. cppcheck over the product code (warnings fail the run).
# Usage: scripts/test.sh [--quick | --hostile]
#   --quick    skip the sanitizer pass
#   --hostile  build and run only the hostile suite (tests/hostile/)
set -eu
cd "$(dirname "$0")/.."
quick=0
hostile=0
case "${1:-}" in
--quick) quick=1 ;;
--hostile) hostile=1 ;;
"") ;;
*) echo "usage: scripts/test.sh [--quick | --hostile]" >&2; exit 2 ;;
esac

scripts/deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
export LIFELINE_NO_PROGRESS=1

run_suite() {
	dir=$1
	shift
	echo "== build in $dir"
	cmake -S . -B "$dir" -DLL_WERROR=ON "$@" >/dev/null
	cmake --build "$dir" -j "$jobs"
	echo "== tests in $dir"
	(cd "$dir" && ctest --output-on-failure --no-tests=error -j "$jobs")
}

if [ "$hostile" -eq 1 ]; then
	cmake -S . -B build -DLL_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build build -j "$jobs"
	cd build && exec ctest --output-on-failure --no-tests=error -j "$jobs" -L hostile
fi

# The plain build leaves the binary at build/lifeline (DESIGN §10).
run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo

if [ "$quick" -eq 0 ]; then
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DLL_SANITIZE=ON
fi
# Fuzz targets built with libFuzzer (clang-14) replay their corpora. Timed
# fuzzing is opt-in (LL_FUZZ_SECONDS=60 scripts/test.sh): random inputs find
# new things, such as leaks inside libevtx, and a test run must be repeatable.
if [ "$quick" -eq 0 ] && command -v clang-14 >/dev/null 2>&1; then
	echo "== fuzz targets (libFuzzer)"
	CC=clang-14 cmake -S . -B build-fuzz -DLL_FUZZ=ON -DLL_TESTS=OFF \
		-DCMAKE_BUILD_TYPE=Debug >/dev/null
	cmake --build build-fuzz -j "$jobs"
	(cd build-fuzz && ctest --output-on-failure --no-tests=ignore -L fuzz)
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
