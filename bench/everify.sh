#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# E01 verification benchmark: `collect image` (E01 fast, read-back verify on),
# `evidence verify` of that E01, and the peer `ewfverify -d sha1 -d sha256`
# on the same file (MD5+SHA-1+SHA-256 of the media in every case).
#   bench/everify.sh [SIZE_MIB] [LIFELINE] [ROUNDS]   (default 1024, build/lifeline, 2)
# LL_BENCH_BASE=/path/to/an/older/lifeline also times that build (its own
# case, same input, same rounds, alternating), so before/after share the load.
# The input is acquire.sh's: 64 MiB regions of zeros, documentation text and
# random bytes in turn, read once first so it comes from the page cache.
# Prints medians of wall and CPU (user + sys) time, and the verify phase of
# `collect image` as lifeline reports it ("verified in X s").
set -eu
SIZE_MIB=${1:-1024}
HERE=$(cd "$(dirname "$0")/.." && pwd)
LIFELINE=$(realpath "${2:-$HERE/build/lifeline}")
ROUNDS=${3:-2}
BASE=${LL_BENCH_BASE:+$(realpath "$LL_BENCH_BASE")}
W=$(mktemp -d /tmp/ll-bench.XXXXXX)
trap 'chmod -R u+w "$W" 2>/dev/null; rm -rf "$W"' EXIT
export HOME="$W/home" LIFELINE_NO_PROGRESS=1
command -v ewfverify >/dev/null || { echo "needs ewfverify"; exit 77; }

. "$HERE/bench/acquire_common.sh"
src="$W/input.bin"
mixed_input "$src" "$SIZE_MIB" "$W"
bytes=$(stat -c %s "$src")

"$LIFELINE" key new --name "Bench Examiner" >/dev/null
mkdir "$W/res"

# verify_phase NAME: the "verified in X s" of the last collect image.
verify_phase() {
	sed -n 's/.*verified in \([0-9.]*\) s.*/\1 0/p' "$W/last.log" >>"$W/res/$1"
}
# one TAG BINARY: acquire with verify, then evidence verify, in a fresh case.
one() {
	tag=$1 bin=$2
	chmod -R u+w "$W/case-$tag" 2>/dev/null || :
	rm -rf "$W/case-$tag"
	"$bin" case init "$W/case-$tag" --case-id BENCH --title bench >/dev/null
	cd "$W/case-$tag"
	run "$tag.collect" "$bin" collect image "$src" --compression fast
	verify_phase "$tag.phase"
	run "$tag.everify" "$bin" evidence verify E1
	cd "$W"
}

r=0
while [ "$r" -lt "$ROUNDS" ]; do
	[ -z "$BASE" ] || one base "$BASE"
	one new "$LIFELINE"
	run ewfverify ewfverify -q -d sha1 -d sha256 "$W/case-new/evidence/E1/E1.E01"
	r=$((r + 1))
done
e01_size=$(stat -c %s "$W/case-new/evidence/E1/E1.E01")

med() { awk -v c="$2" '{ print $c }' "$W/res/$1" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
row() {
	printf '%-44s %7.2f s %7.1f MB/s %7.2f s CPU\n' "$2" "$(med "$1" 1)" \
		"$(echo "$bytes $(med "$1" 1)" | awk '{ print $1 / 1e6 / $2 }')" "$(med "$1" 2)" |
		sed 's/   0.00 s CPU$//'
}
ratio() { # ratio LABEL FAST SLOW: slow time / fast time, wall and CPU
	echo "$(med "$3" 1) $(med "$2" 1) $(med "$3" 2) $(med "$2" 2)" |
		awk -v l="$1" '{ printf "%-44s %5.2fx wall", l, $1 / $2; if ($4 > 0) printf " %5.2fx CPU", $3 / $4; print "" }'
}

echo "input: $bytes bytes (zeros/text/random in 64 MiB regions), E01 $e01_size bytes, $(nproc) CPUs, $ROUNDS rounds, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "median of $ROUNDS runs                           wall         rate       CPU"
if [ -n "$BASE" ]; then
	row base.collect "before: collect image E01 + verify"
	row base.phase "before:   its verify phase (wall only)"
	row base.everify "before: evidence verify (E01)"
fi
row new.collect "collect image E01 + verify"
row new.phase "  its verify phase (wall only)"
row new.everify "evidence verify (E01)"
row ewfverify "ewfverify -d sha1 -d sha256 (same E01)"
echo "ratios:"
ratio "ewfverify / evidence verify" new.everify ewfverify
if [ -n "$BASE" ]; then
	ratio "before / after: collect image E01 + verify" new.collect base.collect
	ratio "before / after: verify phase (wall)" new.phase base.phase
	ratio "before / after: evidence verify" new.everify base.everify
fi
