#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Web log lines written by the attacker against a --log-format and the
# unaided formats: a line built to make the format's matcher backtrack
# (many candidate ends for many fields) must be given up quickly, not hang;
# times outside the storable range in every time form ($time_local,
# $time_iso8601, $msec, %{sec}t, %{…}t, JSON, HAProxy) reject that line
# alone, naming it; terminal control bytes in a field are kept exactly.
. "$(dirname "$0")/../cli/lib.sh"
need python3 sqlite3
new_case
# 1. backtracking: 12 space-separated free fields, then a time that never comes
F='$http_a $http_b $http_c $http_d $http_e $http_f $http_g $http_h $http_i $http_j $http_k $http_l [$time_local] $status'
python3 - "$TMP/bt.log" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("a b c d e f g h i j k l [12/Mar/2025:09:14:03 +0100] 200\n")
    f.write(" ".join(["x"] * 4000) + " [12/Mar/2025:09:14:03 +0100 200\n")
    f.write("a b c d e f g h i j k l [12/Mar/2025:09:14:04 +0100] 201\n")
PY
bt=$(add_evidence file "$TMP/bt.log")
start=$(date +%s)
expect_exit 4 analyze timeline "$bt" --log-format "nginx:$F"
[ $(($(date +%s) - start)) -lt 20 ] || fail "the ambiguous line took more than 20 s"
expect_grep "bt\.log' line 2 \(offset 57\): --log-format: too ambiguous for the log format \(gave up\)" "$TMP/out"
[ "$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$bt'")" -eq 2 ] || fail "bt: the good lines were not kept"
# 2. times out of range, one line each, between good lines
chk() { # FILE FORMAT-OR-EMPTY BADLINE
	id=$(add_evidence file "$1")
	if [ -n "$2" ]; then
		expect_exit 4 analyze timeline "$id" --log-format "$2"
	else
		expect_exit 4 analyze timeline "$id"
	fi
	expect_grep "line 2 \(offset [0-9]+\): .*(outside the storable|storable time range)" "$TMP/out"
	[ "$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$id'")" -eq 2 ] || fail "$1: the good lines were not kept"
}
printf '%s\n' '[12/Mar/2025:09:14:03 +0100] 200' '[12/Mar/9999:09:14:03 +0100] 200' '[12/Mar/2025:09:14:05 +0100] 200' >"$TMP/tl.log"
chk "$TMP/tl.log" 'nginx:[$time_local] $status'
printf '%s\n' '2025-03-12T09:14:03+01:00 200' '1500-03-12T09:14:03+01:00 200' '2025-03-12T09:14:05+01:00 200' >"$TMP/iso.log"
chk "$TMP/iso.log" 'nginx:$time_iso8601 $status'
printf '%s\n' '1741767243.123 200' '999999999999999.1 200' '1741767245.000 200' >"$TMP/msec.log"
chk "$TMP/msec.log" 'nginx:$msec $status'
printf '%s\n' '1741767243 200' '99999999999999999 200' '1741767245 200' >"$TMP/sec.log"
chk "$TMP/sec.log" 'apache:%{sec}t %>s'
printf '%s\n' '2025-03-12 09:14:03 200' '9999-03-12 09:14:03 200' '2025-03-12 09:14:05 200' >"$TMP/strf.log"
chk "$TMP/strf.log" 'apache:%{%Y-%m-%d %H:%M:%S}t %>s'
printf '%s\n' '{"time_iso8601":"2025-03-12T09:14:03+01:00","status":200}' \
	'{"time_iso8601":"9999-03-12T09:14:03+01:00","status":200}' \
	'{"time_iso8601":"2025-03-12T09:14:05+01:00","status":200}' >"$TMP/js.log"
chk "$TMP/js.log" ''
printf '%s\n' '10.0.1.2:1 [06/Feb/2009:12:14:14.655] fe be/s 1/0/3/6/10 200 27 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"' \
	'10.0.1.2:1 [06/Feb/9999:12:14:14.655] fe be/s 1/0/3/6/10 200 27 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"' \
	'10.0.1.2:1 [06/Feb/2009:12:14:16.655] fe be/s 1/0/3/6/10 200 27 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"' >"$TMP/hap.log"
chk "$TMP/hap.log" ''
# 3. control bytes in a field: kept exactly (escaped only where people read them, h0202)
printf '10.0.0.1 [12/Mar/2025:09:14:03 +0100] "GET /\033]0;pwned\007 HTTP/1.1" 200 "\033[2J"\n' >"$TMP/ctl.log"
ctl=$(add_evidence file "$TMP/ctl.log")
expect_exit 0 analyze timeline "$ctl" --log-format 'nginx:$remote_addr [$time_local] "$request" $status "$http_user_agent"'
sqlite3 case.db "SELECT hex(json_extract(attrs,'\$.user_agent')), hex(json_extract(attrs,'\$.path')) FROM events WHERE evidence_id='$ctl'" >"$TMP/q"
expect_grep '^1B5B324A\|2F1B5D303B70776E656407$' "$TMP/q"
done_testing
