#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Debian package logs: a dpkg.log written by dpkg itself (installing and
# removing a package built here, in a scratch root, TZ=Europe/Berlin) gives
# one event per line at the UTC time GNU date computes for the line in that
# zone; an apt history.log gives one event per apt run with its command
# line and requester; broken lines are reported with line and offset.
. "$(dirname "$0")/lib.sh"
need sqlite3
need dpkg
need dpkg-deb
R="$TMP/root"
mkdir -p "$TMP/pkg/DEBIAN" "$TMP/pkg/usr/bin" "$R/var/lib/dpkg/updates" "$R/var/lib/dpkg/info"
printf 'Package: socat-lite\nVersion: 1.7.4-1\nArchitecture: all\nMaintainer: t <t@example.org>\nDescription: test\n' >"$TMP/pkg/DEBIAN/control"
echo x >"$TMP/pkg/usr/bin/socat-lite"
touch "$R/var/lib/dpkg/status" "$R/var/lib/dpkg/available"
dpkg-deb -b "$TMP/pkg" "$TMP/p.deb" >/dev/null || fail "dpkg-deb"
for act in "-i $TMP/p.deb" "-r socat-lite"; do
	# shellcheck disable=SC2086 # two words on purpose
	TZ=Europe/Berlin dpkg --root="$R" --log="$TMP/dpkg.log" --force-script-chrootless --force-not-root $act \
		>/dev/null 2>"$TMP/dpkg.err" || { cat "$TMP/dpkg.err" >&2; fail "dpkg $act"; }
done
n=$(wc -l <"$TMP/dpkg.log")
[ "$n" -ge 10 ] || fail "dpkg wrote only $n lines"
cp "$TMP/dpkg.log" "$TMP/dpkg-broken.log"
printf '2024-13-01 10:00:00 install x:all <none> 1\n\001\002 binary\n2024-06-01 10:00:00 remove socat-lite:all 1.7.4-1 <n' >>"$TMP/dpkg-broken.log"
cat >"$TMP/history.log" <<'H'

Start-Date: 2024-06-01  10:12:00
Commandline: apt-get install -y nmap socat
Requested-By: nurse1 (1000)
Install: nmap:amd64 (7.93+dfsg1-1), socat:amd64 (1.7.4.4-2)
End-Date: 2024-06-01  10:12:05

Start-Date: 2024-06-01  10:20:31
Commandline: apt-get purge -y auditd
Requested-By: nurse1 (1000)
Purge: auditd:amd64 (1:3.0.9-1)
End-Date: 2024-06-01  10:20:33

garbage here
Start-Date: 2024-06-02  03:00:01
Commandline: /usr/bin/unattended-upgrade
Upgrade: openssl:amd64 (3.0.11-1~deb12u1, 3.0.11-1~deb12u2)
H
new_case
d=$(add_evidence file "$TMP/dpkg.log")
b=$(add_evidence file "$TMP/dpkg-broken.log")
h=$(add_evidence file "$TMP/history.log")
expect_exit 4 analyze timeline --tz Europe/Berlin
expect_grep "^$d +$n events, 0 rejected" "$TMP/out"
expect_grep "^$b +$((n + 1)) events, 2 rejected" "$TMP/out"
expect_grep "dpkg-broken.log' line $((n + 2)) \(offset [0-9]+\): not a dpkg.log line$" "$TMP/out"
expect_grep "dpkg-broken.log' line $((n + 1)) \(offset [0-9]+\): not a dpkg.log line" "$TMP/out"
expect_grep "^$h +3 events, 1 rejected" "$TMP/out"
expect_grep "history.log' line 14 \(offset 359\): not an apt history line" "$TMP/out"
expect_grep "history.log' line 15: the last record has no End-Date" "$TMP/out"

# every dpkg line at the UTC time GNU date gives it in Europe/Berlin
awk '{ print $1 " " $2 }' "$TMP/dpkg.log" | while read -r t; do
	TZ=Europe/Berlin date -d "$t" +%s
done >"$TMP/oracle"
sqlite3 case.db "SELECT time_ns / 1000000000 FROM events WHERE evidence_id='$d' ORDER BY id" >"$TMP/ours"
expect_same "$TMP/oracle" "$TMP/ours" "dpkg times differ from GNU date"
test_count=$((test_count + 1))
q() { sqlite3 case.db "$1" >"$TMP/q"; }
q "SELECT source, parser, json_extract(attrs, '\$.action'), json_extract(attrs, '\$.package'), json_extract(attrs, '\$.version_new'), time_rule FROM events_full WHERE evidence_id='$d' AND message LIKE 'install %'"
expect_grep '^package\|dpkg\|install\|socat-lite:all\|1\.7\.4-1\|dpkg\.log local time \(no zone in the file\) in zone Europe/Berlin \(--tz\)$' "$TMP/q"
q "SELECT json_extract(attrs, '\$.state') FROM events WHERE evidence_id='$d' AND json_extract(attrs, '\$.action') = 'status' ORDER BY id DESC LIMIT 1"
expect_grep '^not-installed$' "$TMP/q"
q "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', time_ns / 1000000000, 'unixepoch'), parser, user, message, locator, json_extract(attrs, '\$.end_date') FROM events WHERE evidence_id='$h' ORDER BY id"
expect_grep "^$(TZ=Europe/Berlin date -u -d 'TZ="Europe/Berlin" 2024-06-01 10:12:00' +%Y-%m-%dT%H:%M:%SZ)\|apt-history\|nurse1\|apt-get install -y nmap socat \(requested by nurse1\): Install: nmap:amd64 \(7\.93\+dfsg1-1\), socat:amd64 \(1\.7\.4\.4-2\)\|line=2;offset=1\|2024-06-01  10:12:05$" "$TMP/q"
expect_grep '^2024-06-01T08:20:31Z\|apt-history\|nurse1\|apt-get purge -y auditd \(requested by nurse1\): Purge: auditd:amd64 \(1:3\.0\.9-1\)\|' "$TMP/q"
expect_grep '^2024-06-02T01:00:01Z\|apt-history\|\|/usr/bin/unattended-upgrade: Upgrade: openssl' "$TMP/q"
done_testing
