#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# EVTX throughput: every shared EVTX file, repeated to LL_BENCH_MB (default
# 300) MB, through `lifeline analyze timeline` (records, named fields,
# messages, SQLite) and through `evtxexport -f xml` on the same files; prints
# wall and CPU times and their ratios (> 1 means lifeline is faster).
# LL_BENCH_BASE=/path/to/an/older/lifeline also times that build (same input, same run).
. "$(dirname "$0")/common.sh"
command -v evtxexport >/dev/null || { echo "needs evtxexport"; exit 77; }
MB=${LL_BENCH_MB:-300}
evtx_copies "$WORK/in" "$MB"
echo "input: $n files, $((total / 1024 / 1024)) MB"
cat >"$WORK/peer.sh" <<EOS
for f in "$WORK"/in/*.evtx; do evtxexport -f xml "\$f" >/dev/null 2>&1 || true; done
EOS
timed "$WORK/peer" sh "$WORK/peer.sh"
timeline_vs_peer "evtxexport -f xml"
