#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The check before reading of an E01 (issue #16: in the `lifeline __check`
# worker): `analyze timeline` of an E01 image (its media hashes through
# libewf) and of the same E01 collected as a file (section chains, every
# chunk, the hashes it stores), checked and read, on all CPUs and on one
# (taskset: what hashing on one thread would cost at most), and --no-verify.
#   bench/echeck.sh [SIZE_MIB] [LIFELINE] [ROUNDS]   (default 200, build/lifeline, 2)
# LL_BENCH_BASE=/path/to/an/older/lifeline times that build too, alternating.
# Prints each run's wall and CPU time (children included) with the load average.
set -eu
SIZE_MIB=${1:-200}
HERE=$(cd "$(dirname "$0")/.." && pwd)
NEW=$(realpath "${2:-$HERE/build/lifeline}")
ROUNDS=${3:-2}
BASE=${LL_BENCH_BASE:+$(realpath "$LL_BENCH_BASE")}
W=$(mktemp -d /tmp/ll-bench.XXXXXX)
trap 'chmod -R u+w "$W" 2>/dev/null; rm -rf "$W"' EXIT
export HOME="$W/home" LIFELINE_NO_PROGRESS=1

. "$HERE/bench/acquire_common.sh"
mixed_input "$W/input.bin" "$SIZE_MIB" "$W"
"$NEW" key new --name "Bench Examiner" >/dev/null
"$NEW" case init "$W/case" --case-id BENCH --title bench >/dev/null
cd "$W/case"
"$NEW" collect image "$W/input.bin" --format e01 --compression fast --exhibit IMG >/dev/null 2>&1
cp evidence/IMG/IMG.E01 "$W/set.E01"
SET=$("$NEW" --json collect files "$W/set.E01" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
echo "E01: $(stat -c %s evidence/IMG/IMG.E01) bytes of $((SIZE_MIB * 1048576)) media"

t() { # TAG CMD...: one run (an unreadable input exits 4: timed all the same)
	tag=$1
	shift
	l=$(cut -d' ' -f1 /proc/loadavg)
	/usr/bin/time -f "$tag %e s wall, %U user %S sys (load $l)" "$@" >/dev/null 2>"$W/err" || :
	tail -1 "$W/err"
}
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	for item in IMG "$SET"; do
		[ -z "$BASE" ] || t "base $item checked" "$BASE" analyze timeline "$item" --jobs 1
		t "new  $item checked" "$NEW" analyze timeline "$item" --jobs 1
		[ -z "$BASE" ] || t "base $item checked, 1 CPU" taskset -c 0 "$BASE" analyze timeline "$item" --jobs 1
		t "new  $item checked, 1 CPU" taskset -c 0 "$NEW" analyze timeline "$item" --jobs 1
		t "new  $item --no-verify" "$NEW" analyze timeline "$item" --no-verify --jobs 1
	done
	r=$((r + 1))
done
