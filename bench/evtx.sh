#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# EVTX throughput: every shared EVTX file, repeated to LL_BENCH_MB (default
# 300) MB, through `lifeline analyze timeline` (records, named fields,
# messages, SQLite) and through `evtxexport -f xml` on the same files; prints
# both times and the ratio (> 1 means lifeline is faster).
. "$(dirname "$0")/common.sh"
command -v evtxexport >/dev/null || { echo "needs evtxexport"; exit 77; }
MB=${LL_BENCH_MB:-300}
mkdir -p "$WORK/in"
total=0 n=0
while [ "$total" -lt $((MB * 1024 * 1024)) ]; do
	for f in "$SHARED"/testdata/evtx/*.evtx; do
		n=$((n + 1))
		cp "$f" "$WORK/in/$n-$(basename "$f")"
		total=$((total + $(stat -c %s "$f")))
	done
done
echo "input: $n files, $((total / 1024 / 1024)) MB"
t0=$(now)
for f in "$WORK"/in/*.evtx; do evtxexport -f xml "$f" >/dev/null 2>&1 || true; done
t1=$(now)
peer=$(secs "$t0" "$t1")
bench_case
register_dir E1 "$WORK/in"
cd "$WORK/case"
t0=$(now)
"$LIFELINE" analyze timeline >"$WORK/out" 2>&1
t1=$(now)
ours=$(secs "$t0" "$t1")
events=$(sqlite3 case.db "SELECT count(*) FROM events")
printf 'evtxexport -f xml: %.2f s\nlifeline:          %.2f s (%s events, %.0f events/s)\n' "$peer" "$ours" "$events" "$(echo "$events / $ours" | bc -l)"
printf 'ratio evtxexport/lifeline: %.2f\n' "$(echo "$peer / $ours" | bc -l)"
