#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Syslog throughput: a generated RFC 3164 auth/syslog file of LL_BENCH_MB
# (default 1024) MB through `lifeline analyze timeline` against `wc -l` on
# the same file (the floor: reading it from the page cache) and against
# `dd iflag=direct` (reading it from the disk, as evidence not already in
# memory is read); prints the ratios.
# LL_BENCH_BASE=/path/to/an/older/lifeline also times that build (same input, same run).
. "$(dirname "$0")/common.sh"
MB=${LL_BENCH_MB:-1024}
mkdir -p "$WORK/in"
awk -v mb="$MB" 'BEGIN {
	split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mon, " ")
	target = mb * 1024 * 1024; size = 0; i = 0
	while (size < target) {
		m = int(i / 800000) % 12 + 1; d = int(i / 30000) % 28 + 1
		s = sprintf("%s %2d %02d:%02d:%02d ward%d sshd[%d]: Accepted password for nurse%d from 10.%d.%d.%d port %d ssh2",
			mon[m], d, int(i / 3600) % 24, int(i / 60) % 60, i % 60, i % 7, 1000 + i % 30000,
			i % 500, i % 250, int(i / 250) % 250, i % 251, 1024 + i % 60000)
		if (i % 3 == 1)
			s = sprintf("%s %2d %02d:%02d:%02d ward%d CRON[%d]: (root) CMD (/usr/lib/backup --all /srv/pacs)", mon[m], d, int(i / 3600) % 24, int(i / 60) % 60, i % 60, i % 7, i % 30000)
		print s; size += length(s) + 1; i++
	}
}' >"$WORK/in/syslog"
bytes=$(stat -c %s "$WORK/in/syslog")
cat "$WORK/in/syslog" >/dev/null # warm the cache for both
lines=$(wc -l <"$WORK/in/syslog")
timed "$WORK/floor" wc -l "$WORK/in/syslog"
# O_DIRECT bypasses the page cache (not supported on tmpfs: then skipped)
if dd if="$WORK/in/syslog" of=/dev/null bs=4M count=1 iflag=direct 2>/dev/null; then
	timed "$WORK/disk" dd if="$WORK/in/syslog" of=/dev/null bs=4M iflag=direct status=none
else
	echo "0 0" >"$WORK/disk"
fi
timed "$WORK/import" sqlite3 "$WORK/import.db" 'CREATE TABLE t(line TEXT);' '.mode ascii' \
	'.separator "\t" "\n"' ".import $WORK/in/syslog t"
rm -f "$WORK/import.db"
bench_case
register_dir E1 "$WORK/in"
cd "$WORK/case"
timed "$WORK/ours" "$LIFELINE" -q analyze timeline --year 2024 --no-verify # (common.sh)
events=$(sqlite3 case.db "SELECT count(*) FROM events")
run_base "$WORK/base" --year 2024
read -r fw fc <"$WORK/floor"
read -r ow oc <"$WORK/ours"
read -r iw ic <"$WORK/import"
printf 'input: %s lines, %d MB\n' "$lines" "$((bytes / 1024 / 1024))"
printf 'wc -l:    wall %6.2f s  cpu %6.2f s\n' "$fw" "$fc"
printf 'lifeline: wall %6.2f s  cpu %6.2f s  (%s events, %.0f lines/cpu-s)\n' "$ow" "$oc" "$events" "$(echo "$events / $oc" | bc -l)"
printf 'sqlite3 .import: wall %6.2f s  cpu %6.2f s  (one unparsed row per line, no index)\n' "$iw" "$ic"
printf 'ratio lifeline/wc: wall %.1f  cpu %.1f\n' "$(echo "$ow / $fw" | bc -l)" "$(echo "$oc / ($fc + 0.01)" | bc -l)"
read -r dw dc <"$WORK/disk"
if [ "$dw" != 0 ]; then
	printf 'dd iflag=direct (from disk): wall %6.2f s  (%.0f MB/s)\n' "$dw" "$(echo "$bytes / 1048576 / $dw" | bc -l)"
	printf 'ratio lifeline/dd direct: wall %.1f\n' "$(echo "$ow / $dw" | bc -l)"
fi
printf 'ratio lifeline/sqlite3 .import: wall %.2f  cpu %.2f\n' "$(echo "$ow / $iw" | bc -l)" "$(echo "$oc / $ic" | bc -l)"
if [ -n "$BASE" ]; then
	read -r bw bc <"$WORK/base"
	printf 'base %s: wall %6.2f s  cpu %6.2f s\n' "$BASE" "$bw" "$bc"
	printf 'ratio base/wc: wall %.1f  cpu %.1f; base/lifeline: wall %.2f  cpu %.2f\n' \
		"$(echo "$bw / $fw" | bc -l)" "$(echo "$bc / ($fc + 0.01)" | bc -l)" \
		"$(echo "$bw / $ow" | bc -l)" "$(echo "$bc / $oc" | bc -l)"
fi
