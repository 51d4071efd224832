#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# File-system timeline benchmark: a 50,000-file ext4 image (mkfs.ext4 -d),
# `lifeline analyze timeline` + `timeline export --format mactime` against
# `fls -r -m /` + `mactime -d -y`, wall time and peak memory of each step.
# Usage: bench/timeline.sh [BUILD_DIR] [FILES]   (needs GNU time, fls, mactime)
# LL_BENCH_BASE=/path/to/an/older/lifeline also times that build (in its own
# case, same image, same run) and prints its ratios: before/after under the
# same machine load.
set -eu
BUILD=${1:-build}
FILES=${2:-50000}
LIFELINE=$(cd "$BUILD" && pwd)/lifeline
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ll-bench-timeline.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export HOME=$WORK/home LC_ALL=C TZ=UTC LIFELINE_NO_PROGRESS=1
mkdir -p "$HOME"
for t in fls mactime mkfs.ext4 sqlite3 /usr/bin/time; do
	command -v "$t" >/dev/null || { echo "needs $t" >&2; exit 77; }
done

echo "# building $FILES files in $((FILES / 50)) directories"
awk -v n="$FILES" -v dir="$WORK/tree" 'BEGIN {
	srand(42)
	for (i = 0; i < n; i++) {
		d = sprintf("%s/dept%02d/sub%03d", dir, int(i / 5000), int(i / 50))
		if (!(d in made)) { system("mkdir -p " d); made[d] = 1 }
		f = sprintf("%s/file%05d.log", d, i)
		printf "%s", substr("0123456789abcdef0123456789abcdef", 1, 1 + int(rand() * 32)) > f
		close(f)
	}
}'
mkfs.ext4 -q -F -N $((FILES + FILES / 4 + 1024)) -d "$WORK/tree" "$WORK/t.img" 512M
rm -rf "$WORK/tree"

# wall seconds, peak RSS (KB) and CPU seconds of one command: "SECONDS KB CPU"
measure() {
	/usr/bin/time -f "%e %M %U %S" -o "$WORK/time" "$@" >"$WORK/stdout" 2>"$WORK/stderr" ||
		{ cat "$WORK/stderr" >&2; exit 1; }
	awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$WORK/time"
}

"$LIFELINE" key new --name Bench --org Bench >/dev/null
"$LIFELINE" case init "$WORK/case" --case-id B --title bench >/dev/null
cd "$WORK/case"
mkdir -p evidence/E1
mv "$WORK/t.img" evidence/E1/t.img
sqlite3 case.db "INSERT INTO evidence(id, seq, kind, state, format, started_ns, registered_ns) VALUES ('E1', 1, 'image', 'registered', 'raw', 0, 0);
INSERT INTO evidence_files(evidence_id, path, role, size, sha256) VALUES ('E1', 'evidence/E1/t.img', 'segment', 0, '')"
IMG=evidence/E1/t.img
cat "$IMG" >/dev/null # same warm cache for both

set -- $(measure fls -r -m / "$IMG")
fls_s=$1 fls_kb=$2 fls_c=$3
cp "$WORK/stdout" "$WORK/fls.body"
set -- $(measure mactime -b "$WORK/fls.body" -d -y -z UTC)
mac_s=$1 mac_kb=$2 mac_c=$3
cp "$WORK/stdout" "$WORK/tsk.csv"
# --no-verify: fls reads without checking; the hash check analyze runs
# first costs one `evidence verify` (bench/everify.sh)
set -- $(measure "$LIFELINE" -q analyze timeline --no-verify)
ana_s=$1 ana_kb=$2 ana_c=$3
set -- $(measure "$LIFELINE" -q timeline export --format mactime -o "$WORK/ours.csv")
exp_s=$1 exp_kb=$2 exp_c=$3

if [ -n "${LL_BENCH_BASE:-}" ]; then
	"$LL_BENCH_BASE" case init "$WORK/base" --case-id B --title base >/dev/null
	mkdir -p "$WORK/base/evidence/E1"
	ln "$IMG" "$WORK/base/evidence/E1/t.img"
	sqlite3 "$WORK/base/case.db" "INSERT INTO evidence(id, seq, kind, state, format, started_ns, registered_ns) VALUES ('E1', 1, 'image', 'registered', 'raw', 0, 0);
INSERT INTO evidence_files(evidence_id, path, role, size, sha256) VALUES ('E1', 'evidence/E1/t.img', 'segment', 0, '')"
	cd "$WORK/base"
	set -- $(measure "$LL_BENCH_BASE" -q analyze timeline --no-verify)
	bana_s=$1 bana_kb=$2 bana_c=$3
	set -- $(measure "$LL_BENCH_BASE" -q timeline export --format mactime -o "$WORK/base.csv")
	bexp_s=$1 bexp_kb=$2 bexp_c=$3
	cd "$WORK/case"
	cmp -s "$WORK/base.csv" "$WORK/tsk.csv" && bsame=yes || bsame=no
fi

lines=$(wc -l <"$WORK/fls.body")
rows=$(($(wc -l <"$WORK/tsk.csv") - 1))
same=no
cmp -s "$WORK/ours.csv" "$WORK/tsk.csv" && same=yes
awk -v fs="$fls_s" -v fk="$fls_kb" -v ms="$mac_s" -v mk="$mac_kb" \
    -v as="$ana_s" -v ak="$ana_kb" -v es="$exp_s" -v ek="$exp_kb" \
    -v fc="$fls_c" -v mc="$mac_c" -v ac="$ana_c" -v ec="$exp_c" \
    -v lines="$lines" -v rows="$rows" -v same="$same" 'BEGIN {
	tsk = fs + ms; ours = as + es
	printf "body lines %d, mactime rows %d, identical output: %s\n", lines, rows, same
	printf "%-34s %8s %8s %10s\n", "step", "wall s", "CPU s", "peak MB"
	printf "%-34s %8.2f %8.2f %10.1f\n", "fls -r -m /", fs, fc, fk / 1024
	printf "%-34s %8.2f %8.2f %10.1f\n", "mactime -d -y", ms, mc, mk / 1024
	printf "%-34s %8.2f %8.2f %10.1f\n", "lifeline analyze timeline", as, ac, ak / 1024
	printf "%-34s %8.2f %8.2f %10.1f\n", "lifeline timeline export mactime", es, ec, ek / 1024
	printf "end to end wall: TSK %.2f s, lifeline %.2f s, ratio lifeline/TSK %.2f\n", tsk, ours, ours / tsk
	printf "end to end CPU:  TSK %.2f s, lifeline %.2f s, ratio lifeline/TSK %.2f\n", fc + mc, ac + ec, (ac + ec) / (fc + mc)
	pt = (fk > mk ? fk : mk); po = (ak > ek ? ak : ek)
	printf "peak memory: TSK %.1f MB, lifeline %.1f MB, ratio %.2f\n", pt / 1024, po / 1024, po / pt
}'
if [ -n "${LL_BENCH_BASE:-}" ]; then
	awk -v fs="$fls_s" -v ms="$mac_s" -v fc="$fls_c" -v mc="$mac_c" \
	    -v as="$bana_s" -v ak="$bana_kb" -v es="$bexp_s" -v ek="$bexp_kb" \
	    -v ac="$bana_c" -v ec="$bexp_c" -v same="$bsame" -v base="$LL_BENCH_BASE" 'BEGIN {
		printf "base %s (identical output: %s)\n", base, same
		printf "%-34s %8.2f %8.2f %10.1f\n", "base analyze timeline", as, ac, ak / 1024
		printf "%-34s %8.2f %8.2f %10.1f\n", "base timeline export mactime", es, ec, ek / 1024
		printf "base end to end: wall ratio base/TSK %.2f, CPU ratio base/TSK %.2f\n",
			(as + es) / (fs + ms), (ac + ec) / (fc + mc)
	}'
fi
