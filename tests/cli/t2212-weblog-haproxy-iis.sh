#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# HAProxy's HTTP log (from syslog and bare) and IIS W3C with its #Fields,
# recognised unaided from committed fixtures written from the vendors'
# documentation (tests/data/weblog/README.md): one event per good line at
# its UTC time (HAProxy's zone-less accept date in --tz), the malformed
# lines rejected with a warning naming the file and line (exit 4), the rest kept.
. "$(dirname "$0")/lib.sh"
need sqlite3
D=$SRC/tests/data/weblog
new_case
hap=$(add_evidence file "$D/haproxy.log")
iis=$(add_evidence file "$D/iis_w3c.log")
q() { sqlite3 case.db "$1" >"$TMP/q"; }
expect_exit 4 analyze timeline "$hap" --tz Europe/Paris
q "SELECT strftime('%Y-%m-%dT%H:%M:%f', time_ns/1e9, 'unixepoch'), parser, json_extract(attrs,'\$.client_ip'), json_extract(attrs,'\$.method'), json_extract(attrs,'\$.path'), json_extract(attrs,'\$.status'), json_extract(attrs,'\$.bytes'), json_extract(attrs,'\$.request_time_us') FROM events WHERE evidence_id='$hap' ORDER BY id"
[ "$(wc -l <"$TMP/q")" -eq 4 ] || { cat "$TMP/q" >&2; fail "HAProxy: expected 4 events"; }
# 06/Feb/2009:12:14:14.655 in Paris (+01:00) is 11:14:14.655 UTC
expect_grep '^2009-02-06T11:14:14\.655\|haproxy-http\|10\.0\.1\.2\|GET\|/index\.html\|200\|2750\|109000$' "$TMP/q"
expect_grep '^2009-02-06T11:14:15\.002\|haproxy-http\|192\.0\.2\.44\|GET\|/missing\?x=1\|404\|512\|13000$' "$TMP/q"
expect_grep '^2009-02-06T11:15:00\.120\|haproxy-http\|10\.0\.1\.3\|GET\|/down\|503\|212\|0$' "$TMP/q"
expect_grep '^2009-02-06T11:15:01\.999\|haproxy-http\|10\.0\.1\.9\|POST\|/login\|200\|2750\|$' "$TMP/q"
expect_grep "haproxy\.log' line 5 \(offset [0-9]+\): not an access log line" "$TMP/out"
q "SELECT time_raw, time_rule, json_extract(attrs,'\$.backend_server'), json_extract(attrs,'\$.captured_request_headers') FROM events_full WHERE evidence_id='$hap' AND json_extract(attrs,'\$.status')=404"
expect_grep '^06/Feb/2009:12:14:15\.002\|HAProxy accept date.*local time in zone Europe/Paris \(--tz\)\|dynamic/srv2\|example\.org\|Mozilla/5\.0$' "$TMP/q"
# without --tz: read as UTC, and said
expect_exit 4 analyze timeline "$hap"
expect_grep "times carry no zone and no --tz was given" "$TMP/out"
q "SELECT count(*) FROM events WHERE evidence_id='$hap' AND time_ns = 1233922454655000000"
expect_grep '^1$' "$TMP/q"
# IIS: UTC by definition; the layout follows each #Fields line
expect_exit 4 analyze timeline "$iis" --tz Europe/Paris
q "SELECT strftime('%Y-%m-%dT%H:%M:%S', time_ns/1e9, 'unixepoch'), parser, json_extract(attrs,'\$.c-ip'), json_extract(attrs,'\$.cs-uri-stem'), json_extract(attrs,'\$.sc-status'), user FROM events WHERE evidence_id='$iis' ORDER BY id"
[ "$(wc -l <"$TMP/q")" -eq 4 ] || { cat "$TMP/q" >&2; fail "IIS: expected 4 events"; }
expect_grep '^2024-05-02T08:00:01\|iis-w3c\|203\.0\.113\.50\|/owa/auth/logon\.aspx\|200\|$' "$TMP/q"
expect_grep '^2024-05-02T08:00:07\|iis-w3c\|203\.0\.113\.50\|/owa/auth\.owa\|302\|CORP.alice$' "$TMP/q"
expect_grep '^2024-05-02T08:02:00\|iis-w3c\|198\.51\.100\.9\|/after-new-fields\|404\|$' "$TMP/q"
expect_grep "iis_w3c\.log' line 8 \(offset [0-9]+\): does not match the #Fields layout" "$TMP/out"
done_testing
