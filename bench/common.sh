# SPDX-License-Identifier: Apache-2.0
# Shared helpers of the log benchmarks: a throw-away case and evidence rows.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
LIFELINE=${LIFELINE:-$SRC/build/lifeline}
SHARED=${LL_SHARED_DIR:-$SRC/../shared}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ll-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home" LIFELINE_NO_PROGRESS=1
mkdir -p "$HOME"

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }

# timed FILE CMD...: runs CMD, writes "wall cpu" (seconds; cpu = user + sys
# of the command and its children) to FILE. The machine may be shared, so
# the scripts print both and the ratio of each.
timed() {
	out=$1
	shift
	/usr/bin/time -f '%e %U %S' -o "$out.t" "$@"
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$out.t" >"$out"
}

# evtx_copies DIR MB: every shared EVTX file, copied into DIR (made) again
# and again until MB megabytes; sets $n (files) and $total (bytes).
evtx_copies() {
	mkdir -p "$1"
	total=0 n=0
	while [ "$total" -lt $(($2 * 1024 * 1024)) ]; do
		for f in "$SHARED"/testdata/evtx/*.evtx; do
			n=$((n + 1))
			cp "$f" "$1/$n-$(basename "$f")"
			total=$((total + $(stat -c %s "$f")))
		done
	done
}

# LL_BENCH_BASE=/path/to/an/older/lifeline: the scripts also time that
# build on the same input (in its own case) and print both ratios, so a
# before/after comparison shares the machine's load of the moment.
BASE=${LL_BENCH_BASE:-}

# bench_case [DIR [LIFELINE]]: a case (default $WORK/case) with a fresh examiner key.
bench_case() {
	[ -f "$HOME/.lifeline/examiner.key" ] ||
		"${2:-$LIFELINE}" key new --name "Bench" --org "Bench" >/dev/null
	"${2:-$LIFELINE}" case init "${1:-$WORK/case}" --case-id B-1 --title bench >/dev/null
}

# register_dir ID DIR [CASE [SEQ]]: every file of DIR as one evidence item of
# CASE (default $WORK/case; SEQ its number, default 1), hard-linked in (rows
# written with sqlite3, as the CLI tests do before `collect files` is in the build).
register_dir() {
	id=$1 dir=$2 c=${3:-$WORK/case} seq=${4:-1}
	mkdir -p "$c/evidence/$id"
	{
		echo "BEGIN;"
		echo "INSERT INTO evidence(id, seq, kind, state, format, started_ns, registered_ns) VALUES ('$id', $seq, 'file', 'registered', 'file', 0, 0);"
		for f in "$dir"/*; do
			b=$(basename "$f")
			ln "$f" "$c/evidence/$id/$b" 2>/dev/null || cp "$f" "$c/evidence/$id/$b"
			echo "INSERT INTO evidence_files(evidence_id, path, role, size, sha256) VALUES ('$id', 'evidence/$id/$b', 'file', $(stat -c %s "$c/evidence/$id/$b"), '-');"
		done
		echo "COMMIT;"
	} | sqlite3 "$c/case.db"
}

# run_base OUT ARGS...: when LL_BENCH_BASE is set, times `analyze timeline
# ARGS` of that build on the same input ($WORK/in) in $WORK/base-case.
run_base() {
	[ -n "$BASE" ] || return 0
	out=$1
	shift
	bench_case "$WORK/base-case" "$BASE"
	register_dir E1 "$WORK/in" "$WORK/base-case"
	(cd "$WORK/base-case" && timed "$out" "$BASE" -q analyze timeline --no-verify "$@")
}

# timeline_vs_peer NAME: after the peer was timed into $WORK/peer, times
# `analyze timeline` of $WORK/in (and LL_BENCH_BASE's build) and prints both
# and the ratios peer/lifeline (> 1: lifeline is faster).
timeline_vs_peer() {
	name=$1
	bench_case
	register_dir E1 "$WORK/in"
	cd "$WORK/case"
	# --no-verify: the peers only parse; the check of the evidence against its
	# recorded hashes that analyze runs first costs one `evidence verify`
	# (bench/everify.sh) and is timed there
	timed "$WORK/ours" "$LIFELINE" -q analyze timeline --no-verify
	events=$(sqlite3 case.db "SELECT count(*) FROM events")
	run_base "$WORK/base"
	read -r pw pc <"$WORK/peer"
	read -r ow oc <"$WORK/ours"
	printf '%-18s wall %6.2f s  cpu %6.2f s\n' "$name:" "$pw" "$pc"
	printf '%-18s wall %6.2f s  cpu %6.2f s  (%s events, %.0f events/cpu-s)\n' "lifeline:" "$ow" "$oc" "$events" "$(echo "$events / $oc" | bc -l)"
	printf 'ratio %s/lifeline: wall %.2f  cpu %.2f\n' "$name" "$(echo "$pw / $ow" | bc -l)" "$(echo "$pc / $oc" | bc -l)"
	if [ -n "$BASE" ]; then
		read -r bw bc <"$WORK/base"
		printf 'base %s: wall %6.2f s  cpu %6.2f s\n' "$BASE" "$bw" "$bc"
		printf 'ratio %s/base: wall %.2f  cpu %.2f\n' "$name" "$(echo "$pw / $bw" | bc -l)" "$(echo "$pc / $bc" | bc -l)"
	fi
}
