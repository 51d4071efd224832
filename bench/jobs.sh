#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# analyze timeline --jobs (issue #16): four items, two RFC 3164 syslog files
# and two sets of EVTX files of LL_BENCH_MB (default 32) MB each, made here,
# read with --jobs 1 and with --jobs 2, each in its own case; then one item
# of each kind with workers (--jobs 1 and 2) against in-process readers
# (LIFELINE_NO_WORKERS=1: test builds only, for benchmarks). Each run is repeated
# LL_BENCH_REPEAT (default 3) times and the best wall and best CPU
# (user + sys, parent and workers) are kept: the machine may be shared.
# Prints the times and the ratios (> 1: the second is faster).
. "$(dirname "$0")/common.sh"
MB=${LL_BENCH_MB:-32}
REPEAT=${LL_BENCH_REPEAT:-3}
for s in 1 2; do
	mkdir -p "$WORK/syslog$s"
	awk -v mb="$MB" -v seed="$s" 'BEGIN {
		split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mon, " ")
		target = mb * 1024 * 1024; size = 0; i = 0
		while (size < target) {
			m = int(i / 800000) % 12 + 1; d = int(i / 30000) % 28 + 1
			s = sprintf("%s %2d %02d:%02d:%02d ward%d sshd[%d]: Accepted password for nurse%d from 10.%d.%d.%d port %d ssh2",
				mon[m], d, int(i / 3600) % 24, int(i / 60) % 60, i % 60, seed, 1000 + i % 30000,
				i % 500, i % 250, int(i / 250) % 250, i % 251, 1024 + i % 60000)
			if (i % 3 == 1)
				s = sprintf("%s %2d %02d:%02d:%02d ward%d CRON[%d]: (root) CMD (/usr/lib/backup --all /srv/pacs)", mon[m], d, int(i / 3600) % 24, int(i / 60) % 60, i % 60, seed, i % 30000)
			print s; size += length(s) + 1; i++
		}
	}' >"$WORK/syslog$s/syslog"
done
evtx_copies "$WORK/evtx1" "$MB"
evtx_copies "$WORK/evtx2" "$MB"
cat "$WORK"/syslog*/* "$WORK"/evtx*/* >/dev/null # warm the cache

# best OUT CASE-SETUP ARGS...: REPEAT runs of `analyze timeline ARGS` in a
# fresh case each (items from CASE-SETUP: "all", "syslog" or "evtx"); the
# best wall and the best CPU into OUT
best() {
	out=$1 items=$2
	shift 2
	: >"$out.all"
	r=0
	while [ "$r" -lt "$REPEAT" ]; do
		rm -rf "$WORK/case"
		bench_case
		case $items in
		all) register_dir E1 "$WORK/syslog1" "$WORK/case" 1
			register_dir E2 "$WORK/evtx1" "$WORK/case" 2
			register_dir E3 "$WORK/syslog2" "$WORK/case" 3
			register_dir E4 "$WORK/evtx2" "$WORK/case" 4 ;;
		syslog) register_dir E1 "$WORK/syslog1" ;;
		evtx) register_dir E1 "$WORK/evtx1" ;;
		esac
		(cd "$WORK/case" && timed "$out.one" "$@" >/dev/null) || :
		cat "$out.one" >>"$out.all"
		r=$((r + 1))
	done
	sort -n "$out.all" | head -1 | cut -d' ' -f1 >"$out.w"
	sort -n -k2 "$out.all" | head -1 | cut -d' ' -f2 >"$out.c"
	echo "$(cat "$out.w") $(cat "$out.c")" >"$out"
}
run() { # OUT ITEMS ENV ARGS...: ENV "" or one NAME=VALUE
	out=$1 items=$2 e=$3
	shift 3
	best "$out" "$items" env ${e:+"$e"} "$LIFELINE" -q analyze timeline --year 2024 --no-verify "$@"
}
show() { # LABEL FILE
	read -r w c <"$2"
	printf '%-40s wall %6.2f s  cpu %6.2f s\n' "$1" "$w" "$c"
}
ratio() { # LABEL SLOW FAST: SLOW/FAST
	read -r sw sc <"$2"
	read -r fw fc <"$3"
	printf '%-40s wall %.2f  cpu %.2f\n' "$1" "$(echo "$sw / $fw" | bc -l)" "$(echo "$sc / $fc" | bc -l)"
}

echo "input: 2 syslog items and 2 EVTX items of $MB MB each; best of $REPEAT"
run "$WORK/j1" all "" --jobs 1
run "$WORK/j2" all "" --jobs 2
show "four items, --jobs 1" "$WORK/j1"
show "four items, --jobs 2" "$WORK/j2"
ratio "ratio --jobs 1 / --jobs 2" "$WORK/j1" "$WORK/j2"
for k in syslog evtx; do
	run "$WORK/$k-in" "$k" LIFELINE_NO_WORKERS=1
	run "$WORK/$k-1" "$k" "" --jobs 1
	run "$WORK/$k-2" "$k" "" --jobs 2
	show "one $k item, in-process" "$WORK/$k-in"
	show "one $k item, workers, --jobs 1" "$WORK/$k-1"
	show "one $k item, workers, --jobs 2" "$WORK/$k-2"
	ratio "ratio workers --jobs 1 / in-process" "$WORK/$k-1" "$WORK/$k-in"
	ratio "ratio workers --jobs 2 / in-process" "$WORK/$k-2" "$WORK/$k-in"
done
