#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# CSV and JSON Lines exports with a mapping: times, zones, rules and fields;
# without --mapping the file is named and nothing is guessed.
. "$(dirname "$0")/lib.sh"
need sqlite3
new_case
printf 'When,Workstation,User,Action,Patient\n2024-03-01 10:00:00,WS1,drsmith,"Viewed ""chart""",123\n2024-03-01 10:05:00,WS2,nurse,"two\nlines",456\nbad-time,WS3,x,y,1\n' >"$TMP/audit.csv"
printf '{"ts":"2024-03-01T10:00:00+01:00","host":{"name":"srv"},"msg":"hello","user":"bob"}\n{"ts":"1709287200"}\nnot json\n' >"$TMP/ev.jsonl"
printf 'schema,time\nlifeline-harm/1,2024-03-01T10:00:00Z\n' >"$TMP/harm.csv"
cat >"$TMP/map.txt" <<'M'
# Epic access log export
format = csv
time = When
time_format = %Y-%m-%d %H:%M:%S
zone = Europe/Paris
host = Workstation
user = User
message = Action, Patient
label = Epic access log
M
printf 'time = ts\nhost = host.name\nuser = user\nmessage = msg\n' >"$TMP/mapj.txt"
c=$(add_evidence file "$TMP/audit.csv")
j=$(add_evidence file "$TMP/ev.jsonl")
h=$(add_evidence file "$TMP/harm.csv")
expect_exit 4 analyze timeline "$c"
expect_grep 'give --mapping FILE' "$TMP/out"
expect_exit 4 analyze timeline "$h" --mapping "$TMP/map.txt"
expect_no_grep '^  csv ' "$TMP/out"
expect_exit 4 analyze timeline "$c" --mapping "$TMP/map.txt"
expect_grep "audit.csv' line 5 \(offset [0-9]+\): 'bad-time' does not match" "$TMP/out"
sqlite3 case.db "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', time_ns/1000000000, 'unixepoch'), source, host, user, message, time_rule, json_extract(attrs,'\$.Patient') FROM events_full WHERE evidence_id='$c' ORDER BY id" >"$TMP/q"
expect_grep '^2024-03-01T09:00:00Z\|csv\|WS1\|drsmith\|Viewed "chart" \| 123\|.*zone Europe/Paris \(from the mapping file\)\|123$' "$TMP/q"
expect_grep '^2024-03-01T09:05:00Z\|csv\|WS2\|nurse\|two$' "$TMP/q"
expect_exit 4 analyze timeline "$j" --mapping "$TMP/mapj.txt"
sqlite3 case.db "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', time_ns/1000000000, 'unixepoch'), source, host, user, locator FROM events WHERE evidence_id='$j'" >"$TMP/q"
expect_grep '^2024-03-01T09:00:00Z\|jsonl\|srv\|bob\|line=1;offset=0$' "$TMP/q"
expect_grep "ev.jsonl' line 2 " "$TMP/out"
expect_grep "ev.jsonl' line 3 .*not a JSON object" "$TMP/out"
# a bad mapping file is a usage problem named with its line
printf 'time = When\nbogus = 1\n' >"$TMP/bad.txt"
expect_exit 4 analyze timeline "$c" --mapping "$TMP/bad.txt"
expect_grep "bad.txt' line 2: unknown key 'bogus'" "$TMP/out"
done_testing
