#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The probe worker's cost (issue #16): one item of LL_BENCH_FILES (default 300)
# one-line syslog files, where the content probe weighs the most against the
# reading. Times `analyze timeline` (best wall and best CPU of LL_BENCH_REPEAT,
# default 5, runs) of this build, and, with LL_BENCH_BASE, of that build
# (runs alternating, so both share the load of the moment).
. "$(dirname "$0")/common.sh"
N=${LL_BENCH_FILES:-300}
REPEAT=${LL_BENCH_REPEAT:-5}
mkdir -p "$WORK/files"
i=1
while [ "$i" -le "$N" ]; do
	printf 'Mar  1 10:00:%02d ris01 sshd[10]: line %d\n' $((i % 60)) "$i" >"$WORK/files/f$i.log"
	i=$((i + 1))
done
builds="this"
[ -n "$BASE" ] && builds="this base"
for b in $builds; do : >"$WORK/$b.all"; done
r=0
while [ "$r" -lt "$REPEAT" ]; do
	for b in $builds; do
		l=$LIFELINE
		[ "$b" = base ] && l=$BASE
		rm -rf "$WORK/case"
		bench_case "$WORK/case" "$l"
		register_dir E1 "$WORK/files"
		(cd "$WORK/case" && timed "$WORK/one" "$l" -q analyze timeline --year 2024 --no-verify "$@" >/dev/null) || :
		cat "$WORK/one" >>"$WORK/$b.all"
	done
	r=$((r + 1))
done
echo "one item of $N one-line syslog files; best of $REPEAT${*:+; $*}"
for b in $builds; do
	printf '%-6s wall %6.2f s  cpu %6.2f s\n' "$b" "$(sort -n "$WORK/$b.all" | head -1 | cut -d' ' -f1)" \
		"$(sort -n -k2 "$WORK/$b.all" | head -1 | cut -d' ' -f2)"
done
