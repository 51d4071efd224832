#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The sample incident itself (docs/example/make-incident.sh), checked with the
# peer tools rather than lifeline: it is deterministic; The Sleuth Kit sees the
# encryption burst, the ransom notes and the deleted backups where the story
# puts them; the event logs' own times are the story's; the hospital files
# have the columns of the spec's examples and pseudonyms made by its recipe.
. "$(dirname "$0")/lib.sh"
PATH=$PATH:/usr/sbin:/sbin
need mkfs.ext4 debugfs openssl perl fls mactime mmls

inc=$TMP/incident
sh "$SRC/docs/example/make-incident.sh" "$inc" >"$TMP/make.out" 2>&1 ||
	{ cat "$TMP/make.out" >&2; fail "make-incident.sh failed"; }
. "$inc/expected.env"

# deterministic: a second run gives the same bytes
sh "$SRC/docs/example/make-incident.sh" "$TMP/again" >/dev/null 2>&1 || fail "second run failed"
test_count=$((test_count + 1))
expect_same "$inc/SHA256SUMS" "$TMP/again/SHA256SUMS" "two runs differ"
rm -rf "$TMP/again"
# and it refuses to write into a non-empty folder
test_count=$((test_count + 1))
if sh "$SRC/docs/example/make-incident.sh" "$inc" >/dev/null 2>&1; then
	fail "make-incident.sh overwrote an existing incident"
fi

# the disk: one Linux partition at sector 2048 holding the ext4 share
mmls "$inc/fs03-data.raw" >"$TMP/mmls"
expect_grep '002: +000:000 +0000002048 .*Linux \(0x83\)' "$TMP/mmls"
fls -o 2048 -r -m / "$inc/fs03-data.raw" >"$TMP/body"
test_count=$((test_count + 1))
n=$(grep -c '\.locked|' "$TMP/body" || true)
[ "$n" -eq "$ENCRYPTED" ] || fail "fls: $n .locked files, expected $ENCRYPTED"
test_count=$((test_count + 1))
n=$(grep -c '/README_RESTORE_FILES\.txt|' "$TMP/body" || true)
[ "$n" -eq "$NOTES" ] || fail "fls: $n ransom notes, expected $NOTES"
test_count=$((test_count + 1))
n=$(grep -c '^0|/Backups/FS03-D_2021-11-[0-9]*\.bak (deleted)|' "$TMP/body" || true)
[ "$n" -eq "$DELETED_BACKUPS" ] || fail "fls: $n deleted backups, expected $DELETED_BACKUPS"
# every .locked file was modified inside the burst; nothing else was
test_count=$((test_count + 1))
awk -F'|' -v f="$BURST_FIRST" -v l="$BURST_LAST" '
	$2 ~ /\.locked$/ { if ($9 < f || $9 > l) bad++; if ($9 < lo || !lo) lo = $9; if ($9 > hi) hi = $9 }
	$2 !~ /\.locked$/ && $2 !~ /README_RESTORE|Backups|^\/(\$|lost)/ && $4 ~ /^r/ && $9 >= f && $9 <= l { bad++ }
	END { if (bad || lo != f || hi != l) { print "bad " bad " lo " lo " hi " hi; exit 1 } }' \
	"$TMP/body" || fail "the .locked files' mtimes are not exactly the burst window"
mactime -b "$TMP/body" -d -y -z UTC 2021-11-13 >"$TMP/mactime"
expect_grep '^2021-11-13T14:36:00Z,' "$TMP/mactime"
expect_grep '^2021-11-13T14:45:59Z,' "$TMP/mactime"
expect_grep '^2021-11-13T14:33:10Z,' "$TMP/mactime"

# the event logs' times are the story's (when evtxexport is here)
if command -v evtxexport >/dev/null 2>&1; then
	evtxexport -f xml "$inc/fs03-logs/System.evtx" >"$TMP/sys.xml" 2>/dev/null
	evtxexport -f xml "$inc/fs03-logs/Security.evtx" >"$TMP/sec.xml" 2>/dev/null
	expect_grep 'SystemTime="2021-11-03T08:15:14' "$TMP/sys.xml"
	expect_grep 'SystemTime="2021-11-13T14:30:53' "$TMP/sec.xml"
	test_count=$((test_count + 1))
	[ "$(grep -c '<EventID[^>]*>7045<' "$TMP/sys.xml")" -eq 244 ] || fail "244 service installs expected"
else
	partial "evtxexport missing: the event logs' times are not checked"
fi

# the lab server: RFC 3164 lines, the brute force, the skewed clock
expect_grep '^Nov 13 15:24:58 labsrv01 sshd\[[0-9]+\]: Accepted password for labadmin from 203\.0\.113\.45 ' \
	"$inc/labsrv01/syslog"
test_count=$((test_count + 1))
[ "$(grep -c 'Failed password' "$inc/labsrv01/syslog")" -eq 240 ] || fail "240 failed passwords expected"
expect_grep '^203\.0\.113\.45 - - \[02/Nov/2021:22:55:56 \+0100\] "GET / HTTP/1\.1" 200 ' \
	"$inc/labsrv01/access.log"

# the hospital's files: the spec examples' columns, and the spec's pseudonyms
for f in systems service_disruptions harm_events ops_metrics; do
	expect_grep "^schema," "$inc/hospital/$f.csv"
	if [ -f "$SHARED/formats/examples/$f.csv" ]; then
		test_count=$((test_count + 1))
		[ "$(head -n 1 "$inc/hospital/$f.csv")" = \
		  "$(head -n 1 "$SHARED/formats/examples/$f.csv" | tr -d '\r')" ] ||
			fail "$f.csv: header differs from formats/examples/$f.csv"
	else
		partial "no $SHARED/formats/examples/$f.csv: its header is not checked"
	fi
done
key=$(printf '%s' 'lifeline sample incident - not a secret key' | openssl dgst -sha256 | sed 's/.*= //')
p=$(printf '%s' 'CHV-IPP|0028114' | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" |
	sed 's/.*= //' | cut -c1-32)
expect_grep "^lifeline-harm/1,H-0001,P-$p,K-2021-SAMPLE," "$inc/hospital/harm_events.csv"
# no clear identifiers: the record numbers only appear hashed
expect_no_grep '0028114' "$inc/hospital/harm_events.csv"
# 28 baseline days + 5 attack days of 4 metrics
test_count=$((test_count + 1))
[ "$(grep -c '^lifeline-metric/1,' "$inc/hospital/ops_metrics.csv")" -eq 132 ] || fail "132 metric rows expected"
done_testing
