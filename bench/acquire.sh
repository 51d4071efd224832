#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Acquisition benchmark: lifeline E01 vs ewfacquire, lifeline raw vs dc3dd, on
# the same mixed input (zeros, text, random), all computing MD5+SHA-1+SHA-256.
#   bench/acquire.sh [SIZE_MIB] [LIFELINE] [ROUNDS]   (default 2048, build/lifeline, 2)
# Needs ewfacquire and dc3dd. Input and outputs live in a scratch dir in /tmp
# (removed at the end); the input is read once first so every run reads it from
# the page cache. The machine may be shared: every tool runs ROUNDS times, the
# tools alternating, and the script prints the median wall time, MB/s (10^6
# bytes per wall second) and CPU time (user + system) of each.
# lifeline always flushes its output to disk (fsync) before it registers it;
# the peers do not, so each peer is also timed with a `sync` of its output.
set -eu
SIZE_MIB=${1:-2048}
HERE=$(cd "$(dirname "$0")/.." && pwd)
LIFELINE=$(realpath "${2:-$HERE/build/lifeline}")
ROUNDS=${3:-2}
W=$(mktemp -d /tmp/ll-bench.XXXXXX)
trap 'chmod -R u+w "$W" 2>/dev/null; rm -rf "$W"' EXIT
export HOME="$W/home" LIFELINE_NO_PROGRESS=1
command -v ewfacquire >/dev/null && command -v dc3dd >/dev/null || { echo "needs ewfacquire and dc3dd"; exit 77; }

. "$HERE/bench/acquire_common.sh"
src="$W/input.bin"
mixed_input "$src" "$SIZE_MIB" "$W"
bytes=$(stat -c %s "$src")

"$LIFELINE" key new --name "Bench Examiner" >/dev/null
"$LIFELINE" case init "$W/case" --case-id BENCH --title bench >/dev/null
cd "$W/case"
mkdir "$W/peer" "$W/res"

# sync_after NAME PEER FILE: times `sync FILE`, records NAME = PEER's last run + sync.
sync_after() {
	/usr/bin/time -f '%e' -o "$W/t" sync "$3"
	tail -n 1 "$W/res/$2" | awk -v s="$(cat "$W/t")" '{ printf "%.2f %s\n", $1 + s, $2 }' >>"$W/res/$1"
}
clean() { chmod -R u+w evidence "$W/peer"; rm -rf evidence/* "$W/peer"/*; }

r=0
while [ "$r" -lt "$ROUNDS" ]; do
	run ll_raw "$LIFELINE" -q collect image "$src" --format raw --no-verify
	clean
	run dc3dd dc3dd if="$src" of="$W/peer/dc3dd.raw" hash=md5 hash=sha1 hash=sha256
	sync_after dc3dd_sync dc3dd "$W/peer/dc3dd.raw"
	clean
	run ll_e01 "$LIFELINE" -q collect image "$src" --no-verify
	ll_e01_size=$(stat -c %s evidence/*/*.E01)
	clean
	run ewf ewfacquire -q -u -t "$W/peer/ewf" -f encase6 -c fast -d sha1 -d sha256 "$src"
	ewf_size=$(stat -c %s "$W/peer/ewf.E01")
	sync_after ewf_sync ewf "$W/peer/ewf.E01"
	clean
	run ll_raw_v "$LIFELINE" -q collect image "$src" --format raw
	clean
	run ll_e01_v "$LIFELINE" -q collect image "$src"
	clean
	r=$((r + 1))
done

# med NAME COLUMN: the median of a column over the rounds.
med() { awk -v c="$2" '{ print $c }' "$W/res/$1" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
row() {
	printf '%-46s %7.2f s %7.1f MB/s %7.2f s CPU\n' "$2" "$(med "$1" 1)" \
		"$(echo "$bytes $(med "$1" 1)" | awk '{ print $1 / 1e6 / $2 }')" "$(med "$1" 2)"
}
ratio() { # ratio LABEL OURS PEER: peer time / our time, wall and CPU
	echo "$(med "$3" 1) $(med "$2" 1) $(med "$3" 2) $(med "$2" 2)" |
		awk -v l="$1" '{ printf "%-46s %5.2fx wall %5.2fx CPU\n", l, $1 / $2, $3 / $4 }'
}

echo "input: $bytes bytes (zeros/text/random in 64 MiB regions), $(nproc) CPUs, $ROUNDS rounds, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "E01 sizes: lifeline $ll_e01_size, ewfacquire $ewf_size"
echo "median of $ROUNDS runs                             wall         rate       CPU"
row ll_raw "lifeline raw (fsync'd), no verify"
row ll_raw_v "lifeline raw (fsync'd), with read-back verify"
row dc3dd "dc3dd hash=md5 hash=sha1 hash=sha256"
row dc3dd_sync "  the same + sync of its output"
row ll_e01 "lifeline E01 fast (fsync'd), no verify"
row ll_e01_v "lifeline E01 fast (fsync'd), with verify"
row ewf "ewfacquire -c fast -d sha1 -d sha256"
row ewf_sync "  the same + sync of its output"
echo "ratios (peer time / lifeline time):"
ratio "raw vs dc3dd + sync (both durable)" ll_raw dc3dd_sync
ratio "raw vs dc3dd (ours durable, theirs not)" ll_raw dc3dd
ratio "raw + verify vs dc3dd + sync" ll_raw_v dc3dd_sync
ratio "E01 vs ewfacquire + sync (both durable)" ll_e01 ewf_sync
ratio "E01 vs ewfacquire (ours durable, theirs not)" ll_e01 ewf
ratio "E01 + verify vs ewfacquire + sync" ll_e01_v ewf_sync
