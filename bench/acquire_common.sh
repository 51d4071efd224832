# SPDX-License-Identifier: Apache-2.0
# Sourced by the acquisition benchmarks (acquire.sh, everify.sh), which set $W
# (their scratch directory, with a res/ folder):
#   mixed_input FILE SIZE_MIB SCRATCH_DIR   the input they all image
#   run NAME CMD...                          one timed run of CMD
# mixed_input writes SIZE_MIB MiB of 64 MiB regions in turn: zeros, documentation text
# (real text, so deflate sees text, not repeats) and /dev/urandom; then reads
# the file once so every run reads it from the page cache.
mixed_input() {
	_out=$1 _mib=$2 _dir=$3
	find /usr/share/doc /usr/share/common-licenses -type f \( -name copyright -o -name '*.txt' -o -name 'GPL*' \) 2>/dev/null |
		head -n 4000 | xargs cat 2>/dev/null | head -c 16777216 >"$_dir/corpus"
	: >"$_out"
	_i=0
	while [ $((_i * 64)) -lt "$_mib" ]; do
		case $((_i % 3)) in
		0) head -c 67108864 /dev/zero ;;
		1) (set -e; while :; do cat "$_dir/corpus"; done) | head -c 67108864 ;;
		2) head -c 67108864 /dev/urandom ;;
		esac >>"$_out"
		_i=$((_i + 1))
	done
	truncate -s "${_mib}M" "$_out"
	rm -f "$_dir/corpus"
	cat "$_out" >/dev/null
}

# run NAME CMD...: one timed run, appending "wall cpu" to $W/res/NAME.
run() {
	name=$1
	shift
	/usr/bin/time -f '%e %U %S' -o "$W/t" "$@" >"$W/last.log" 2>&1 ||
		{ cat "$W/last.log"; echo "bench: $name failed"; exit 1; }
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$W/t" >>"$W/res/$name"
}
