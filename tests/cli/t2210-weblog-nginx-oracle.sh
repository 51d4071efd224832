#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Debian's nginx as the oracle: started here on a free loopback port (zone
# Asia/Kolkata, +05:30) with four log_format definitions — combined with an
# X-Forwarded-For list in place of the client, ISO 8601 time with $msec and
# $request_time, JSON (escape=json), combined with a request-time suffix —
# it serves requests curl makes at known times. Each log, read with its
# definition (--log-format) and, for the common variants, unaided, gives
# one event per request at its second, with its path and status.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/weblog_servers.sh"
need sqlite3 curl python3
command -v nginx >/dev/null 2>&1 || skip "needs nginx (Debian package nginx; scripts/deps.sh)"
NG=$TMP/ng
mkdir -p "$NG/www" "$NG/logs" "$NG/tmp"
echo hello >"$NG/www/index.html"
echo doc >"$NG/www/doc.txt"
PORT=$(free_port)
F_XFF='$http_x_forwarded_for - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"'
F_ISO='$remote_addr $host [$time_iso8601] "$request" $status $bytes_sent $request_time "$http_user_agent" $msec'
F_JSON='{"time_local":"$time_local","remote_addr":"$remote_addr","http_x_forwarded_for":"$http_x_forwarded_for","request":"$request","status":$status,"body_bytes_sent":$body_bytes_sent,"http_user_agent":"$http_user_agent"}'
F_RT='$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time'
# nginx.conf: each format in single quotes, as nginx reads them
cat >"$NG/nginx.conf" <<CONF
user root;
pid $NG/nginx.pid;
error_log $NG/logs/error.log;
events { worker_connections 16; }
http {
	client_body_temp_path $NG/tmp/body;
	proxy_temp_path $NG/tmp/proxy;
	fastcgi_temp_path $NG/tmp/fastcgi;
	uwsgi_temp_path $NG/tmp/uwsgi;
	scgi_temp_path $NG/tmp/scgi;
	log_format fxff '$F_XFF';
	log_format fiso '$F_ISO';
	log_format fjson escape=json '$F_JSON';
	log_format frt '$F_RT';
	server {
		listen 127.0.0.1:$PORT;
		server_name localhost;
		root $NG/www;
		access_log $NG/logs/xff.log fxff;
		access_log $NG/logs/iso.log fiso;
		access_log $NG/logs/json.log fjson;
		access_log $NG/logs/rt.log frt;
		location = /ping { access_log off; return 204; }
	}
}
CONF
serve nginx "$NG" env TZ=Asia/Kolkata nginx -e "$NG/logs/error.log" -p "$NG" -c "$NG/nginx.conf" \
	-g 'daemon off; master_process off;'
: >"$TMP/requests"
req /index.html 200 -H 'X-Forwarded-For: 203.0.113.7, 10.1.2.3' -A 'Mozilla/5.0 (X11; Linux)'
req /doc.txt 200 -H 'X-Forwarded-For: 198.51.100.20' -e 'http://example.org/a b'
sleep 1
req /missing 404 -H 'X-Forwarded-For: 203.0.113.8, 10.0.0.1, 10.0.0.2' -A 'a "quoted" agent'
req /index.html 200 -H 'X-Forwarded-For: 192.0.2.1, 10.1.2.3' -u 'alice:pw'
sleep 1
req /doc.txt 200 -H 'X-Forwarded-For: 192.0.2.9, 10.1.2.3' -A 'agent - with [brackets] and "quotes"'
server_logged nginx "$NG" xff iso json rt
new_case
xff=$(add_evidence file "$NG/logs/xff.log")
iso=$(add_evidence file "$NG/logs/iso.log")
js=$(add_evidence file "$NG/logs/json.log")
rt=$(add_evidence file "$NG/logs/rt.log")
# with their definitions
expect_exit 0 analyze timeline "$xff" --log-format "nginx:$F_XFF"
check_events "$xff" nginx-log-format
expect_exit 0 analyze timeline "$iso" --log-format "nginx:$F_ISO"
check_events "$iso" nginx-log-format
expect_exit 0 analyze timeline "$js" --log-format "nginx:$F_JSON"
check_events "$js" nginx-log-format
expect_exit 0 analyze timeline "$rt" --log-format "nginx:$F_RT"
check_events "$rt" nginx-log-format
q() { sqlite3 case.db "$1" >"$TMP/q"; }
q "SELECT json_extract(attrs,'\$.x_forwarded_for'), json_extract(attrs,'\$.user'), json_extract(attrs,'\$.utc_offset_minutes'), time_rule FROM events_full WHERE evidence_id='$xff' AND json_extract(attrs,'\$.path')='/index.html' ORDER BY id"
expect_grep '^203\.0\.113\.7, 10\.1\.2\.3\|\|330\|.*UTC offset \(\+05:30\)' "$TMP/q"
expect_grep '^192\.0\.2\.1, 10\.1\.2\.3\|alice\|330\|' "$TMP/q"
q "SELECT json_extract(attrs,'\$.client_ip'), json_extract(attrs,'\$.vhost'), json_extract(attrs,'\$.request_time_us') >= 0, json_extract(attrs,'\$.msec') IS NULL FROM events WHERE evidence_id='$iso' LIMIT 1"
expect_grep '^127\.0\.0\.1\|127\.0\.0\.1\|1\|1$' "$TMP/q"
q "SELECT json_extract(attrs,'\$.user_agent') FROM events WHERE evidence_id='$js' AND json_extract(attrs,'\$.status')=404"
expect_grep 'quoted' "$TMP/q"
# unaided: the X-Forwarded-For prefix, JSON with the usual keys, the request-time suffix
expect_exit 0 analyze timeline "$xff"
check_events "$xff" apache-combined
q "SELECT json_extract(attrs,'\$.client_ip'), json_extract(attrs,'\$.x_forwarded_for') FROM events WHERE evidence_id='$xff' AND json_extract(attrs,'\$.status')=404"
expect_grep '^203\.0\.113\.8\|203\.0\.113\.8, 10\.0\.0\.1, 10\.0\.0\.2$' "$TMP/q"
expect_exit 0 analyze timeline "$js"
check_events "$js" json-access-log
expect_exit 0 analyze timeline "$rt"
check_events "$rt" apache-combined
q "SELECT count(*) FROM events WHERE evidence_id='$rt' AND json_extract(attrs,'\$.request_time') GLOB '[0-9]*.[0-9][0-9][0-9]'"
expect_grep '^5$' "$TMP/q"
done_testing
