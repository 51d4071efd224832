#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Legacy EVT throughput: one generated .evt of LL_BENCH_RECORDS (default
# 200000) records (tests/data/make_evt.py: the fixture's 11 records
# repeated) through `lifeline analyze timeline` (two events per record,
# strings, messages, SQLite) and through `evtexport -m all` on the same file;
# prints wall and CPU times and their ratios (> 1 means lifeline is faster).
# LL_BENCH_BASE=/path/to/an/older/lifeline also times that build (same input, same run).
. "$(dirname "$0")/common.sh"
command -v evtexport >/dev/null || { echo "needs evtexport"; exit 77; }
N=${LL_BENCH_RECORDS:-200000}
mkdir -p "$WORK/in"
python3 "$SRC/tests/data/make_evt.py" "$WORK/in/big.evt" --records "$N"
echo "input: $N records, $(($(stat -c %s "$WORK/in/big.evt") / 1024 / 1024)) MB"
timed "$WORK/peer" sh -c "evtexport -m all '$WORK/in/big.evt' >/dev/null 2>&1"
bench_case
register_dir E1 "$WORK/in"
cd "$WORK/case"
timed "$WORK/ours" "$LIFELINE" -q analyze timeline
events=$(sqlite3 case.db "SELECT count(*) FROM events")
run_base "$WORK/base"
read -r pw pc <"$WORK/peer"
read -r ow oc <"$WORK/ours"
printf 'evtexport -m all: wall %6.2f s  cpu %6.2f s\n' "$pw" "$pc"
printf 'lifeline:         wall %6.2f s  cpu %6.2f s  (%s events, %.0f events/cpu-s)\n' "$ow" "$oc" "$events" "$(echo "$events / $oc" | bc -l)"
printf 'ratio evtexport/lifeline: wall %.2f  cpu %.2f\n' "$(echo "$pw / $ow" | bc -l)" "$(echo "$pc / $oc" | bc -l)"
if [ -n "$BASE" ]; then
	read -r bw bc <"$WORK/base"
	printf 'base %s: wall %6.2f s  cpu %6.2f s\n' "$BASE" "$bw" "$bc"
	printf 'ratio evtexport/base: wall %.2f  cpu %.2f\n' "$(echo "$pw / $bw" | bc -l)" "$(echo "$pc / $bc" | bc -l)"
fi
