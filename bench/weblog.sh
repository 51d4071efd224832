#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Web access logs: a generated combined log (nginx's default format) of
# LL_BENCH_LINES lines (default 500,000), read by the built-in combined
# parser and by the same format given as `--log-format 'nginx:…'` (compiled
# into literals and typed fields, analyze/weblog/weblog_match.c), each in a
# fresh case; prints wall and CPU seconds, events and the ratio. The two
# runs must give the same number of events.
# LL_BENCH_BASE=/path/to/an/older/lifeline also times that build (built-in parser).
. "$(dirname "$0")/common.sh"
LINES=${LL_BENCH_LINES:-500000}
FMT='$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"'
mkdir -p "$WORK/in"
awk -v n="$LINES" 'BEGIN {
	split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mon, " ")
	for (i = 0; i < n; i++)
		printf "10.%d.%d.%d - %s [%02d/%s/2024:%02d:%02d:%02d +0100] \"GET /pacs/study/%d?series=%d HTTP/1.1\" %d %d \"https://portal.example/%d\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64) bench/%d\"\n",
			i % 250, int(i / 250) % 250, i % 251, (i % 5 ? "-" : "nurse" (i % 40)),
			int(i / 86400) % 28 + 1, mon[int(i / 2400000) % 12 + 1], int(i / 3600) % 24,
			int(i / 60) % 60, i % 60, i, i % 17, (i % 11 ? 200 : 404), 512 + i % 9000, i % 97, i % 13
}' >"$WORK/in/access.log"
cat "$WORK/in/access.log" >/dev/null # warm the cache for both

bench_case "$WORK/c1"
register_dir E1 "$WORK/in" "$WORK/c1"
(cd "$WORK/c1" && timed "$WORK/builtin" "$LIFELINE" -q analyze timeline --no-verify)
n1=$(sqlite3 "$WORK/c1/case.db" "SELECT count(*) FROM events")
bench_case "$WORK/c2"
register_dir E1 "$WORK/in" "$WORK/c2"
(cd "$WORK/c2" && timed "$WORK/format" "$LIFELINE" -q analyze timeline --no-verify --log-format "nginx:$FMT")
n2=$(sqlite3 "$WORK/c2/case.db" "SELECT count(*) FROM events")
run_base "$WORK/base"

read -r b_s b_c <"$WORK/builtin"
read -r f_s f_c <"$WORK/format"
printf '%-36s %8s %8s %10s\n' run wall_s cpu_s events
printf '%-36s %8s %8s %10s\n' "built-in combined parser" "$b_s" "$b_c" "$n1"
printf '%-36s %8s %8s %10s\n' "--log-format 'nginx:…'" "$f_s" "$f_c" "$n2"
if [ -f "$WORK/base" ]; then
	read -r x_s x_c <"$WORK/base"
	printf '%-36s %8s %8s\n' "LL_BENCH_BASE, built-in" "$x_s" "$x_c"
fi
echo "ratio --log-format / built-in: wall $(echo "scale=2; $f_s / $b_s" | bc -l)  cpu $(echo "scale=2; $f_c / $b_c" | bc -l)"
[ "$n1" = "$n2" ] || { echo "different event counts: $n1 and $n2" >&2; exit 1; }
