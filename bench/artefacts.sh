#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# What the artefacts inside a disk image cost (issue #19: at most 1.3x the
# walk without them). One NTFS image (mkntfs, filled through ntfs-3g) of
# LL_BENCH_FILES small files (default 10,000) that also holds a Windows
# system's artefacts: SYSTEM (tests/data/make_hives.sh), a SOFTWARE hive of
# LL_BENCH_KEYS keys (default 20,000, written with hivexsh), 10 profiles'
# NTUSER.DAT and 200 Prefetch files (the test files, copied). Timed:
#   fls -r -m /                                  (the peer)
#   analyze timeline, LIFELINE_IMAGE_ARTEFACTS=off (file system only)
#   analyze timeline                              (with the artefacts)
#   analyze timeline of the same disk as a VMDK   (qemu-img convert; with them)
# each in a fresh case, --no-verify (the hash check is everify.sh's); and
#   analyze timeline of the VMDK `collect files` collected, with its check
#   (the default: files and media hashes verified, then the walk)
# Usage: bench/artefacts.sh [BUILD_DIR]   (needs root for the FUSE mount)
set -eu
BUILD=${1:-build}
FILES=${LL_BENCH_FILES:-10000}
KEYS=${LL_BENCH_KEYS:-20000}
SRC=$(cd "$(dirname "$0")/.." && pwd)
LIFELINE=$(cd "$BUILD" && pwd)/lifeline
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ll-bench-artefacts.XXXXXX")
trap 'mountpoint -q "$WORK/mnt" && umount "$WORK/mnt"; rm -rf "$WORK"' EXIT
export HOME=$WORK/home LC_ALL=C TZ=UTC LIFELINE_NO_PROGRESS=1
PATH=$PATH:/usr/sbin:/sbin
mkdir -p "$HOME"
for t in fls mkntfs ntfs-3g hivexsh qemu-img sqlite3 /usr/bin/time; do
	command -v "$t" >/dev/null || { echo "needs $t" >&2; exit 77; }
done

echo "# hives: SYSTEM, SOFTWARE with $KEYS keys, NTUSER.DAT"
sh "$SRC/tests/data/make_hives.sh" "$SRC" "$WORK/h" >/dev/null
cp "$SRC/tests/fuzz/corpus/regf/100_sub_keys.hiv" "$WORK/SOFTWARE"
chmod u+w "$WORK/SOFTWARE"
awk -v n="$KEYS" 'BEGIN {
	for (i = 0; i < n / 100; i++) {
		printf "cd \\\nadd Vendor%03d\ncd Vendor%03d\n", i, i
		for (k = 0; k < 100; k++)
			printf "add Product%03d\n", k
	}
	print "commit"
}' | hivexsh -w "$WORK/SOFTWARE" >/dev/null

echo "# an NTFS image of $FILES files with the artefacts"
truncate -s 512M "$WORK/disk.raw"
mkntfs -F -Q -q "$WORK/disk.raw" >/dev/null 2>&1
mkdir "$WORK/mnt"
ntfs-3g "$WORK/disk.raw" "$WORK/mnt"
M=$WORK/mnt
mkdir -p "$M/Windows/System32/config" "$M/Windows/Prefetch"
cp "$WORK/h/SYSTEM" "$M/Windows/System32/config/SYSTEM"
cp "$WORK/SOFTWARE" "$M/Windows/System32/config/SOFTWARE"
for u in 0 1 2 3 4 5 6 7 8 9; do
	mkdir -p "$M/Users/user$u"
	cp "$WORK/h/NTUSER.DAT" "$M/Users/user$u/NTUSER.DAT"
done
i=0
while [ $i -lt 200 ]; do
	for f in "$SRC"/tests/data/prefetch/*.pf; do
		[ $i -lt 200 ] || break
		b=$(basename "$f" .pf)
		cp "$f" "$M/Windows/Prefetch/${b%-*}-$(printf %08X $i).pf"
		i=$((i + 1))
	done
done
awk -v n="$FILES" -v dir="$M/data" 'BEGIN {
	for (i = 0; i < n; i++) {
		d = sprintf("%s/d%03d", dir, int(i / 100))
		if (!(d in made)) { system("mkdir -p " d); made[d] = 1 }
		f = sprintf("%s/f%05d.txt", d, i)
		printf "%d", i > f
		close(f)
	}
}'
umount "$M"
qemu-img convert -f raw -O vmdk "$WORK/disk.raw" "$WORK/disk.vmdk"

# one fresh case holding FILE as image E1; prints nothing
fresh_case() {
	rm -rf "$WORK/case"
	[ -f "$HOME/.lifeline/examiner.key" ] || "$LIFELINE" key new --name Bench --org Bench >/dev/null
	"$LIFELINE" case init "$WORK/case" --case-id B --title bench >/dev/null
	mkdir -p "$WORK/case/evidence/E1"
	ln "$1" "$WORK/case/evidence/E1/$(basename "$1")"
	sqlite3 "$WORK/case/case.db" "INSERT INTO evidence(id, seq, kind, state, format, started_ns, registered_ns) VALUES ('E1', 1, 'image', 'registered', 'raw', 0, 0);
INSERT INTO evidence_files(evidence_id, path, role, size, sha256) VALUES ('E1', 'evidence/E1/$(basename "$1")', 'segment', 0, '')"
}
# measure CMD...: "wall cpu" seconds
measure() {
	/usr/bin/time -f "%e %U %S" -o "$WORK/time" "$@" >"$WORK/stdout" 2>"$WORK/stderr" ||
		{ [ $? -eq 4 ] || { cat "$WORK/stderr" >&2; exit 1; }; }
	tail -n 1 "$WORK/time" | awk '{ printf "%s %.2f\n", $1, $2 + $3 }'
	# exit 4 (partly read) is said, not hidden: the first reasons of --json's "partial"
	python3 -c 'import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception:
    sys.exit(0)
for p in d.get("partial", [])[:3]:
    print("  partial:", p.get("reason"), p.get("message", "")[:200], file=sys.stderr)' "$WORK/stdout"
}
cat "$WORK/disk.raw" "$WORK/disk.vmdk" >/dev/null # warm cache for all

set -- $(measure fls -r -m / "$WORK/disk.raw")
fls_s=$1 fls_c=$2
fresh_case "$WORK/disk.raw"
cd "$WORK/case"
set -- $(LIFELINE_IMAGE_ARTEFACTS=off measure "$LIFELINE" -q --json analyze timeline --no-verify)
off_s=$1 off_c=$2
off_n=$(sqlite3 case.db "SELECT count(*) FROM events")
fresh_case "$WORK/disk.raw"
cd "$WORK/case"
set -- $(measure "$LIFELINE" -q --json analyze timeline --no-verify)
on_s=$1 on_c=$2
on_n=$(sqlite3 case.db "SELECT count(*) FROM events")
art=$(sqlite3 case.db "SELECT source || ' ' || count(*) FROM events WHERE source <> 'fs' GROUP BY source" | tr '\n' ' ')
fresh_case "$WORK/disk.vmdk"
cd "$WORK/case"
set -- $(measure "$LIFELINE" -q --json analyze timeline --no-verify)
vm_s=$1 vm_c=$2
vm_n=$(sqlite3 case.db "SELECT count(*) FROM events")
# the VMDK collected as files (media hashes recorded), analysed with its check
rm -rf "$WORK/case"
"$LIFELINE" case init "$WORK/case" --case-id B --title bench >/dev/null
cd "$WORK/case"
"$LIFELINE" -q collect files "$WORK/disk.vmdk" >/dev/null
set -- $(measure "$LIFELINE" -q --json analyze timeline)
vc_s=$1 vc_c=$2
vc_n=$(sqlite3 case.db "SELECT count(*) FROM events")

ratio() { echo "scale=2; $1 / $2" | bc -l; }
printf '%-44s %8s %8s %10s\n' run wall_s cpu_s events
printf '%-44s %8s %8s %10s\n' "fls -r -m / (raw)" "$fls_s" "$fls_c" -
printf '%-44s %8s %8s %10s\n' "lifeline, artefacts off (raw)" "$off_s" "$off_c" "$off_n"
printf '%-44s %8s %8s %10s\n' "lifeline, with artefacts (raw)" "$on_s" "$on_c" "$on_n"
printf '%-44s %8s %8s %10s\n' "lifeline, with artefacts (VMDK)" "$vm_s" "$vm_c" "$vm_n"
printf '%-44s %8s %8s %10s\n' "lifeline, VMDK collected, checked first" "$vc_s" "$vc_c" "$vc_n"
echo "artefact events: $art"
echo "ratio with/without artefacts: wall $(ratio "$on_s" "$off_s")  cpu $(ratio "$on_c" "$off_c")  (issue: <= 1.3)"
echo "ratio VMDK with artefacts / raw without: wall $(ratio "$vm_s" "$off_s")  cpu $(ratio "$vm_c" "$off_c")"
echo "ratio lifeline (artefacts off) / fls: wall $(ratio "$off_s" "$fls_s")  cpu $(ratio "$off_c" "$fls_c")"
