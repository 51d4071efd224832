#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# kill -9 in the middle of writing entries: the ledger still verifies and no
# acknowledged entry (one whose head was printed) is missing.
. "$(dirname "$0")/lib.sh"
need sqlite3

new_case
# the marker keeps pkill away from other tests running in parallel
: >"$TMP/acked"
(
	i=0
	while :; do
		i=$((i + 1))
		"$LIFELINE" custody add --action note --note "crash-$$ entry $i" >"$TMP/o.$i" 2>/dev/null &&
			sed -n 's/^head //p' "$TMP/o.$i" >>"$TMP/acked"
	done
) &
loop=$!
# let it acknowledge a few entries (slow under sanitizers), then kill mid-write
t=0
while [ "$(wc -l <"$TMP/acked")" -lt 8 ] && [ $t -lt 600 ]; do
	sleep 0.1
	t=$((t + 1))
done
# kill the writer process itself (not only the loop), mid-transaction if we can
for round in 1 2 3 4 5; do
	pkill -9 -f "crash-$$ entry" 2>/dev/null || true
	sleep 0.2
done
kill -9 $loop 2>/dev/null || true
wait $loop 2>/dev/null || true
pkill -9 -f "crash-$$ entry" 2>/dev/null || true
sleep 0.2

n=$(wc -l <"$TMP/acked")
[ "$n" -ge 5 ] || fail "only $n entries acknowledged in 60 s"
expect_exit 0 custody verify
last=$(tail -n 1 "$TMP/acked")
expect_exit 0 custody verify --head "$last"
while read -r h; do
	[ "$(sqlite3 case.db "SELECT count(*) FROM custody WHERE hash = '$h'")" = 1 ] ||
		fail "acknowledged entry $h is missing"
done <"$TMP/acked"
# and the ledger can grow again
expect_exit 0 custody add --action note --note "after the crash"
expect_exit 0 custody verify
say "$n acknowledged entries survived"
done_testing
