#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# NTFS change journal throughput: a journal of LL_BENCH_RECORDS (default
# 300000) USN records (tests/data/make_usn_journal.py: quiet files, then an
# encryption run of three records a file) written as $Extend/$UsnJrnl:$J
# into an NTFS image (mkntfs, ntfscp). Times `usnjls` on the image against
# `lifeline analyze timeline` of the image (the file-system walk and every
# record an event in case.db), and the same image's walk without the
# journal (an image made the same way with an empty $J), so the journal's
# own cost is seen; prints wall and CPU times and the ratios (> 1 means
# lifeline is faster).
. "$(dirname "$0")/common.sh"
for t in usnjls mkntfs ntfscp; do
	command -v $t >/dev/null || [ -x /usr/sbin/$t ] || { echo "needs $t"; exit 77; }
done
PATH=$PATH:/usr/sbin
N=${LL_BENCH_RECORDS:-300000}
mkdir -p "$WORK/in" "$WORK/empty"
# quiet files (two records each) and the burst (three a file)
python3 "$SRC/tests/data/make_usn_journal.py" "$WORK/j" --lead 1048576 \
	--files $((N / 4)) --burst $((N / 6)) --span 600 2>"$WORK/gen.log"
mb=$(($(stat -c %s "$WORK/j") / 1024 / 1024))
# mkimg NAME JOURNAL: an NTFS image whose $UsnJrnl holds JOURNAL as $J
mkimg() {
	truncate -s $((mb * 2 + 32))M "$2"
	mkntfs -F -q -Q "$2" >/dev/null 2>&1
	: >"$WORK/zero"
	ntfscp "$2" "$WORK/zero" '/$Extend/$UsnJrnl' >/dev/null 2>&1
	ntfscp -N '$J' "$2" "$1" '/$Extend/$UsnJrnl' >/dev/null 2>&1
	python3 "$SRC/tests/data/ntfs_usn_image.py" "$2"
}
printf '\0\0\0\0\0\0\0\0' >"$WORK/nojournal"
inum=$(mkimg "$WORK/j" "$WORK/in/usn.raw")
mkimg "$WORK/nojournal" "$WORK/empty/plain.raw" >/dev/null
echo "input: $(sed 's/ records.*//' "$WORK/gen.log") records, $mb MB of \$J in a $((mb * 2 + 32)) MB NTFS image"

timed "$WORK/peer" sh -c "usnjls '$WORK/in/usn.raw' $inum >/dev/null 2>&1"

# image ID FILE CASE: FILE registered in CASE as a raw image
image() {
	mkdir -p "$3/evidence/$1"
	ln "$2" "$3/evidence/$1/" 2>/dev/null || cp "$2" "$3/evidence/$1/"
	b=$(basename "$2")
	sqlite3 "$3/case.db" "INSERT INTO evidence(id, seq, kind, state, format, started_ns, registered_ns) VALUES ('$1', 1, 'image', 'registered', 'raw', 0, 0); INSERT INTO evidence_files(evidence_id, path, role, size, sha256) VALUES ('$1', 'evidence/$1/$b', 'segment', $(stat -c %s "$2"), '-');"
}
bench_case "$WORK/case"
image E1 "$WORK/in/usn.raw" "$WORK/case"
(cd "$WORK/case" && timed "$WORK/ours" "$LIFELINE" -q analyze timeline --no-verify)
records=$(sqlite3 "$WORK/case/case.db" "SELECT count(*) FROM events WHERE source = 'usnjrnl'")
bench_case "$WORK/case2"
image E1 "$WORK/empty/plain.raw" "$WORK/case2"
(cd "$WORK/case2" && timed "$WORK/walk" "$LIFELINE" -q analyze timeline --no-verify)
read -r pw pc <"$WORK/peer"
read -r ow oc <"$WORK/ours"
read -r ww wc <"$WORK/walk"
printf '%-24s wall %6.2f s  cpu %6.2f s\n' "usnjls:" "$pw" "$pc"
printf '%-24s wall %6.2f s  cpu %6.2f s  (%s records, %.0f records/cpu-s)\n' "lifeline (walk + \$J):" "$ow" "$oc" "$records" "$(echo "$records / $oc" | bc -l)"
printf '%-24s wall %6.2f s  cpu %6.2f s\n' "lifeline (walk alone):" "$ww" "$wc"
printf 'ratio usnjls/lifeline: wall %.2f  cpu %.2f\n' "$(echo "$pw / $ow" | bc -l)" "$(echo "$pc / $oc" | bc -l)"
printf 'ratio usnjls/lifeline journal only (minus the walk): wall %.2f  cpu %.2f\n' \
	"$(echo "$pw / ($ow - $ww)" | bc -l)" "$(echo "$pc / ($oc - $wc)" | bc -l)"
