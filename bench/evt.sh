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
timeline_vs_peer "evtexport -m all"
