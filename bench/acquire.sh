#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Acquisition benchmark: lifeline E01 vs ewfacquire, lifeline raw vs dc3dd, on
# the same mixed input (zeros, text, random), all computing MD5+SHA-1+SHA-256.
#   bench/acquire.sh [SIZE_MIB] [LIFELINE]     (default 2048 MiB, build/lifeline)
# Needs ewfacquire and dc3dd. Input and outputs live in a scratch dir in /tmp
# (removed at the end); the input is read once first so every run reads from
# the page cache. Prints MB/s (10^6 bytes) and the ratios.
set -eu
SIZE_MIB=${1:-2048}
HERE=$(cd "$(dirname "$0")/.." && pwd)
LIFELINE=${2:-$HERE/build/lifeline}
W=$(mktemp -d /tmp/ll-bench.XXXXXX)
trap 'chmod -R u+w "$W" 2>/dev/null; rm -rf "$W"' EXIT
export HOME="$W/home" LIFELINE_NO_PROGRESS=1
command -v ewfacquire >/dev/null && command -v dc3dd >/dev/null || { echo "needs ewfacquire and dc3dd"; exit 77; }

# Text corpus: real documentation text, several MiB, so deflate sees text, not repeats.
find /usr/share/doc /usr/share/common-licenses -type f \( -name copyright -o -name '*.txt' -o -name 'GPL*' \) 2>/dev/null |
	head -n 4000 | xargs cat 2>/dev/null | head -c 16777216 >"$W/corpus"
# 64 MiB regions in turn: zeros, text, random.
src="$W/input.bin"
: >"$src"
i=0
while [ $((i * 64)) -lt "$SIZE_MIB" ]; do
	case $((i % 3)) in
	0) head -c 67108864 /dev/zero ;;
	1) while :; do cat "$W/corpus"; done | head -c 67108864 ;;
	2) head -c 67108864 /dev/urandom ;;
	esac >>"$src"
	i=$((i + 1))
done
truncate -s "${SIZE_MIB}M" "$src"
bytes=$(stat -c %s "$src")
cat "$src" >/dev/null

now() { date +%s.%N; }
rate() { echo "$bytes $1 $2" | awk '{ printf "%.1f", $1 / 1e6 / ($3 - $2) }'; }

"$LIFELINE" key new --name "Bench Examiner" >/dev/null
"$LIFELINE" case init "$W/case" --case-id BENCH --title bench >/dev/null
cd "$W/case"

t0=$(now); "$LIFELINE" -q collect image "$src" --no-verify >/dev/null; t1=$(now)
ll_e01=$(rate "$t0" "$t1")
t0=$(now); "$LIFELINE" -q collect image "$src" >/dev/null; t1=$(now)
ll_e01_v=$(rate "$t0" "$t1")
t0=$(now); "$LIFELINE" -q collect image "$src" --format raw --no-verify >/dev/null; t1=$(now)
ll_raw=$(rate "$t0" "$t1")
t0=$(now); "$LIFELINE" -q collect image "$src" --format raw >/dev/null; t1=$(now)
ll_raw_v=$(rate "$t0" "$t1")
ls -l evidence/E1/ evidence/E3/ | grep -v total >"$W/sizes"

mkdir "$W/peer"
t0=$(now)
ewfacquire -q -u -t "$W/peer/ewf" -f encase6 -c fast -d sha1 -d sha256 "$src" >"$W/ewfacquire.log" 2>&1
t1=$(now)
ewf=$(rate "$t0" "$t1")
sync "$W/peer/ewf.E01"; t2=$(now)
ewf_s=$(rate "$t0" "$t2")
t0=$(now)
dc3dd if="$src" of="$W/peer/dc3dd.raw" hash=md5 hash=sha1 hash=sha256 >"$W/dc3dd.log" 2>&1
t1=$(now)
dc=$(rate "$t0" "$t1")
sync "$W/peer/dc3dd.raw"; t2=$(now)
dc_s=$(rate "$t0" "$t2")
ewf_size=$(stat -c %s "$W/peer/ewf.E01")

echo "input: $bytes bytes (zeros/text/random in 64 MiB regions), $(nproc) CPUs"
echo "E01 sizes: lifeline $(awk '/E1.E01/{print $5}' "$W/sizes"), ewfacquire $ewf_size"
printf '%-50s %8s MB/s\n' "lifeline E01 fast, MD5+SHA-1+SHA-256, no verify" "$ll_e01"
printf '%-50s %8s MB/s\n' "lifeline E01 fast, with read-back verify" "$ll_e01_v"
printf '%-50s %8s MB/s\n' "ewfacquire -c fast -d sha1 -d sha256" "$ewf"
printf '%-50s %8s MB/s\n' "  the same + sync of its output" "$ewf_s"
printf '%-50s %8s MB/s\n' "lifeline raw, no verify" "$ll_raw"
printf '%-50s %8s MB/s\n' "lifeline raw, with read-back verify" "$ll_raw_v"
printf '%-50s %8s MB/s\n' "dc3dd hash=md5 hash=sha1 hash=sha256" "$dc"
printf '%-50s %8s MB/s\n' "  the same + sync of its output" "$dc_s"
# lifeline fsyncs its output before registering; the "+ sync" rows are the fair peers.
echo "$ll_e01 $ewf $ll_raw $dc $ll_e01_v $ll_raw_v $ewf_s $dc_s" | awk '{
	printf "ratio E01 lifeline/ewfacquire: %.2fx vs plain, %.2fx vs +sync (with verify %.2fx)\n", $1 / $2, $1 / $7, $5 / $7
	printf "ratio raw lifeline/dc3dd:      %.2fx vs plain, %.2fx vs +sync (with verify %.2fx)\n", $3 / $4, $3 / $8, $6 / $8 }'
