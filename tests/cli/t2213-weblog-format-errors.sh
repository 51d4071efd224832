#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# --log-format: a definition that is not one is a usage error (exit 2)
# naming the offending variable or directive and its offset; lines that do
# not match it are rejected with a warning naming the file, the line and
# where matching stopped, and the rest is kept; a time without a zone is
# --tz's.
. "$(dirname "$0")/lib.sh"
need sqlite3
new_case
bad() {
	expect_exit 2 analyze timeline --log-format "$1"
	expect_grep "$2" "$TMP/err"
}
bad 'nginx:$remote_addr $bogus_var [$time_local]' "unknown nginx variable '\\\$bogus_var' at offset 13"
bad 'nginx:$remote_addr [${time_local] $status' "unterminated nginx variable '\\\$\\{' at offset 14"
bad 'nginx:$remote_addr - $ [$time_local]' "'\\\$' without a variable name at offset 15"
bad 'nginx:$remote_addr $status' 'the log format has no time'
bad 'apache:%h %l %u %t %Y' "unknown Apache directive '%Y' at offset 12"
bad 'apache:%h %{%d/%b/%Y %Q}t %s' "directive '%\\{%d/%b/%Y %Q\\}t' at offset 3: time conversion '%Q' in '%d/%b/%Y %Q' cannot be read back"
bad 'apache:%h %{Referer %t' "unterminated '%\\{' at offset 3"
bad 'apache:%h %i %t' "Apache directive '%i' at offset 3 needs a \\{name\\}"
bad 'apache:%h %t %{xs}T' "unknown unit 'xs' of Apache directive %T at offset 6"
bad 'iis:date time c-ip' "a log format is 'nginx:<log_format>' or 'apache:<LogFormat>'"
expect_exit 2 --json analyze timeline --log-format 'nginx:$nope'
# lines that are not the format's: warned, the rest kept
F='$remote_addr|$time_iso8601|$request_method|$uri|$status|$body_bytes_sent'
{
	echo '192.0.2.1|2025-03-12T09:14:03+01:00|GET|/a|200|10'
	echo '192.0.2.2|2025-03-12T09:14:04+01:00|GET|/b|2xx|10'
	echo '192.0.2.3|2025-03-12T09:14:05+01:00|POST|/c|201|-'
	echo 'garbage'
	echo '192.0.2.4|2025-03-12T25:14:05+01:00|GET|/d|200|1'
	echo '192.0.2.5|2025-03-12T09:14:06Z|GET|/e|404|0'
} >"$TMP/pipe.log"
e=$(add_evidence file "$TMP/pipe.log")
expect_exit 4 analyze timeline "$e" --log-format "nginx:$F"
q() { sqlite3 case.db "$1" >"$TMP/q"; }
q "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', time_ns/1000000000, 'unixepoch'), json_extract(attrs,'\$.path'), json_extract(attrs,'\$.status'), json_extract(attrs,'\$.bytes') FROM events WHERE evidence_id='$e' ORDER BY id"
[ "$(wc -l <"$TMP/q")" -eq 3 ] || { cat "$TMP/q" >&2; fail "expected 3 events"; }
expect_grep '^2025-03-12T08:14:03Z\|/a\|200\|10$' "$TMP/q"
expect_grep '^2025-03-12T08:14:05Z\|/c\|201\|$' "$TMP/q"
expect_grep '^2025-03-12T09:14:06Z\|/e\|404\|0$' "$TMP/q"
expect_grep "pipe\.log' line 2 \(offset 50\): --log-format: does not match the log format at byte 4[37] \(field status\)" "$TMP/out"
expect_grep "pipe\.log' line 4 \(offset [0-9]+\): --log-format: does not match the log format at byte 0" "$TMP/out"
expect_grep "pipe\.log' line 5 \(offset [0-9]+\): --log-format: does not match" "$TMP/out"
# a strftime time without %z is local time in --tz
G='%a [%{%Y-%m-%d %H:%M:%S}t] "%r" %>s %b'
printf '%s\n' '192.0.2.9 [2025-07-01 12:00:00] "GET /summer HTTP/1.1" 200 5' \
	'192.0.2.9 [2025-01-01 12:00:00] "GET /winter HTTP/1.1" 200 5' >"$TMP/local.log"
l=$(add_evidence file "$TMP/local.log")
expect_exit 0 analyze timeline "$l" --tz America/New_York --log-format "apache:$G"
q "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', time_ns/1000000000, 'unixepoch'), json_extract(attrs,'\$.path'), time_rule FROM events_full WHERE evidence_id='$l' ORDER BY id"
expect_grep '^2025-07-01T16:00:00Z\|/summer\|.*local time in zone America/New_York \(--tz\)$' "$TMP/q"
expect_grep '^2025-01-01T17:00:00Z\|/winter\|' "$TMP/q"
done_testing
