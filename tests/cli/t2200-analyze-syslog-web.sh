#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The plaso syslog, ssh syslog and Apache files give 16, 9 and 14 events
# at the right UTC times; RFC 3164 across a new year gets the right years;
# --tz and --clock-offset are applied and recorded.
. "$(dirname "$0")/lib.sh"
need sqlite3
L="$SHARED/testdata/logs"
[ -f "$L/plaso_syslog" ] || skip "no shared log test data in $L (../shared, the project's shared test data)"
new_case
sys=$(add_evidence file "$L/plaso_syslog")
ssh=$(add_evidence file "$L/plaso_syslog_ssh.log")
web=$(add_evidence file "$L/plaso_apache_access.log")
# the plaso file starts in a leap year (Feb 29 is in it) and crosses two new
# years by its month order: its last line is in 2014
expect_exit 4 analyze timeline --year 2014
q() { sqlite3 case.db "$1" >"$TMP/q"; }
count() { [ "$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$1'")" -eq "$2" ] || fail "$1: expected $2 events"; test_count=$((test_count + 1)); }
count "$sys" 16
count "$ssh" 9
count "$web" 14
q "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', time_ns/1000000000, 'unixepoch'), locator FROM events WHERE evidence_id='$sys' ORDER BY id"
expect_grep '^2012-01-22T07:52:33Z\|line=1;offset=0$' "$TMP/q"
expect_grep '^2012-02-29T01:15:43Z\|line=7;' "$TMP/q"
expect_grep '^2013-03-23T23:01:18Z\|line=11;offset=897$' "$TMP/q"
expect_grep '^2013-11-18T01:15:20Z\|line=13;offset=1113;lines=2$' "$TMP/q"
expect_grep '^2014-11-18T08:31:20Z\|line=18;' "$TMP/q"
expect_grep "line 8 \(offset 603\): not a syslog line" "$TMP/out"
q "SELECT time_raw, time_rule FROM events_full WHERE evidence_id='$sys' AND locator LIKE 'line=9;%'"
expect_grep '^Dec 18 17:54:32\|RFC 3164 .*year 2012 from --year 2014 .*zone UTC' "$TMP/q"
q "SELECT user, json_extract(attrs,'\$.client_ip'), json_extract(attrs,'\$.auth_outcome') FROM events WHERE evidence_id='$ssh' AND user IS NOT NULL"
expect_grep '^root\|188\.124\.3\.41\|failure$' "$TMP/q"
expect_grep '^fred\|192\.0\.2\.60\|success$' "$TMP/q"
q "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', time_ns/1000000000, 'unixepoch'), parser, json_extract(attrs,'\$.status'), time_raw FROM events WHERE evidence_id='$web' AND message LIKE '%cmd=uname+-a%'"
expect_grep '^2016-01-13T17:31:20Z\|apache-combined\|200\|13/Jan/2016:19:31:20 \+0200$' "$TMP/q"
expect_grep '^2018-01-13T17:31:20Z\|apache-vhost-combined\|200\|' "$TMP/q"
expect_grep "line 8 \(offset 1589\): not an access log line" "$TMP/out"

# RFC 3164 across a new year, with a zone: Dec 31 23:59 Paris → Jan 1 00:01
printf '%s\n' \
	'Dec 31 23:58:59 pacs01 sshd[100]: Accepted password for radiology from 10.1.2.3 port 5000 ssh2' \
	'Dec 31 23:59:59 pacs01 sudo:  radiology : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/usr/bin/vssadmin' \
	'Jan  1 00:00:30 pacs01 kernel: [1.0] clock tick' \
	'Jan  1 00:01:00 pacs01 cron[7]: new year' >"$TMP/ny.log"
gzip -c "$TMP/ny.log" >"$TMP/ny.log.gz"
ny=$(add_evidence file "$TMP/ny.log.gz")
expect_exit 0 analyze timeline "$ny" --year 2024 --tz Europe/Paris --clock-offset "$ny=-120"
q "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', orig_ns/1000000000, 'unixepoch'), strftime('%Y-%m-%dT%H:%M:%SZ', time_ns/1000000000, 'unixepoch'), user FROM events WHERE evidence_id='$ny' ORDER BY id"
expect_grep '^2023-12-31T22:58:59Z\|2023-12-31T22:56:59Z\|radiology$' "$TMP/q"
expect_grep '^2023-12-31T22:59:59Z\|2023-12-31T22:57:59Z\|radiology$' "$TMP/q"
expect_grep '^2023-12-31T23:00:30Z\|2023-12-31T22:58:30Z\|$' "$TMP/q"
expect_grep '^2023-12-31T23:01:00Z\|' "$TMP/q"
q "SELECT time_rule FROM events_full WHERE evidence_id='$ny' ORDER BY id"
expect_grep 'year 2023 from --year 2024.*zone Europe/Paris \(--tz\)' "$TMP/q"
expect_grep 'year 2024 from --year 2024.*1 new year\(s\) counted.*zone Europe/Paris' "$TMP/q"
q "SELECT details FROM custody WHERE action='analyze' AND evidence_id='$ny' ORDER BY seq DESC LIMIT 1"
expect_grep '"events":4' "$TMP/q"
expect_grep '"clock_offset_seconds":-120' "$TMP/q"
# no --year: the year comes from an anchor, and the choice is reported
expect_exit 4 analyze timeline "$sys"
expect_grep 'RFC 3164 has no year; last line dated [0-9]{4} from' "$TMP/out"
done_testing
