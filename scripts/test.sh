#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs what is missing, builds lifeline, and runs every test:
#   1. the -Werror build with the whole ctest suite (unit, cli, fuzz replay),
#   2. the ASan + UBSan build with the whole suite again.
# Usage: scripts/test.sh [--quick]   (--quick: skip the sanitizer pass)
set -eu
cd "$(dirname "$0")/.."
quick=0
[ "${1:-}" = "--quick" ] && quick=1

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

# The plain build leaves the binary at build/lifeline (DESIGN §10).
run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo

if [ "$quick" -eq 0 ]; then
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DLL_SANITIZE=ON
fi
echo "== all tests passed"
