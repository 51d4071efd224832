#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Debian's apache2 as the oracle: started here (apache2 -X, a private
# configuration, zone America/St_Johns, -03:30 in winter) on a free loopback
# port with four LogFormat definitions — vhost_combined with an
# X-Forwarded-For header and %D, a strftime time in pieces
# (%{…}t.%{msec_frac}t %{%z}t), %{sec}t epoch with %{ms}T, and a JSON one —
# it serves requests curl makes at known times. Each log, read with its
# definition (--log-format) and, for vhost_combined and JSON, unaided, gives one
# event per request at its second, with its path and status.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/weblog_servers.sh"
need sqlite3 curl python3
command -v apache2 >/dev/null 2>&1 || skip "needs apache2 (Debian package apache2; scripts/deps.sh)"
MODS=/usr/lib/apache2/modules
[ -f "$MODS/mod_mpm_prefork.so" ] || skip "needs apache2's modules in $MODS (Debian package apache2)"
AP=$TMP/ap
mkdir -p "$AP/www" "$AP/logs" "$AP/run"
echo hello >"$AP/www/index.html"
echo doc >"$AP/www/doc.txt"
chmod -R a+rX "$TMP"
PORT=$(free_port)
# LogFormat strings as the configuration writes them (\" inside)
F_VH='%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\" \"%{X-Forwarded-For}i\" %D'
F_STRF='%a [%{%d/%b/%Y:%H:%M:%S}t.%{msec_frac}t %{%z}t] %m %U%q %H %>s %B %{ms}T'
F_SEC='%{sec}t %{X-Forwarded-For}i|%a|%u|\"%r\"|%s|%b|%T|%{Host}i'
F_JSON='{ \"time\": \"%{%Y-%m-%dT%H:%M:%S%z}t\", \"remote_addr\": \"%a\", \"request\": \"%r\", \"status\": %>s, \"bytes\": \"%b\", \"user_agent\": \"%{User-Agent}i\" }'
cat >"$AP/apache2.conf" <<CONF
ServerRoot $AP
ServerName localhost
LoadModule mpm_prefork_module $MODS/mod_mpm_prefork.so
LoadModule authz_core_module $MODS/mod_authz_core.so
Listen 127.0.0.1:$PORT
PidFile $AP/run/apache2.pid
Mutex file:$AP/run default
ErrorLog $AP/logs/error.log
User ${APACHE_RUN_USER:-www-data}
Group ${APACHE_RUN_GROUP:-www-data}
DocumentRoot $AP/www
<Directory $AP/www>
	Require all granted
</Directory>
SetEnvIf Request_URI "^/ping\$" nolog
LogFormat "$F_VH" fvh
LogFormat "$F_STRF" fstrf
LogFormat "$F_SEC" fsec
LogFormat "$F_JSON" fjson
CustomLog $AP/logs/vh.log fvh env=!nolog
CustomLog $AP/logs/strf.log fstrf env=!nolog
CustomLog $AP/logs/sec.log fsec env=!nolog
CustomLog $AP/logs/json.log fjson env=!nolog
CONF
grep -q mod_setenvif "$AP/apache2.conf" || sed -i "3a LoadModule setenvif_module $MODS/mod_setenvif.so" "$AP/apache2.conf"
export APACHE_RUN_DIR="$AP/run" APACHE_LOCK_DIR="$AP/run" APACHE_PID_FILE="$AP/run/apache2.pid" \
	APACHE_LOG_DIR="$AP/logs" APACHE_RUN_USER=www-data APACHE_RUN_GROUP=www-data
serve apache2 "$AP" env TZ=America/St_Johns apache2 -f "$AP/apache2.conf" -X
: >"$TMP/requests"
req /index.html 200 -H 'X-Forwarded-For: 203.0.113.7, 10.1.2.3' -A 'Mozilla/5.0 (X11; Linux)'
req /doc.txt 200 -H 'X-Forwarded-For: 198.51.100.20' -e 'http://example.org/a'
sleep 1
req /missing 404 -H 'X-Forwarded-For: 203.0.113.8, 10.0.0.1' -A 'a "quoted" agent'
req /index.html 200 -A 'agent | with | bars'
sleep 1
req /doc.txt 200 -H 'X-Forwarded-For: 192.0.2.9' -A 'agent - with [brackets]'
server_logged apache2 "$AP" vh strf sec json
new_case
vh=$(add_evidence file "$AP/logs/vh.log")
strf=$(add_evidence file "$AP/logs/strf.log")
sec=$(add_evidence file "$AP/logs/sec.log")
js=$(add_evidence file "$AP/logs/json.log")
# the definitions as Apache's configuration parser hands them to mod_log_config
unq() { printf '%s' "$1" | sed 's/\\"/"/g'; }
expect_exit 0 analyze timeline "$vh" --log-format "apache:$(unq "$F_VH")"
check_events "$vh" apache-log-format
expect_exit 0 analyze timeline "$strf" --log-format "apache:$(unq "$F_STRF")"
check_events "$strf" apache-log-format
expect_exit 0 analyze timeline "$sec" --log-format "apache:$(unq "$F_SEC")"
check_events "$sec" apache-log-format
expect_exit 0 analyze timeline "$js" --log-format "apache:$(unq "$F_JSON")"
check_events "$js" apache-log-format
q() { sqlite3 case.db "$1" >"$TMP/q"; }
q "SELECT json_extract(attrs,'\$.vhost'), json_extract(attrs,'\$.port'), json_extract(attrs,'\$.x_forwarded_for'), json_extract(attrs,'\$.request_time_us') >= 0, json_extract(attrs,'\$.utc_offset_minutes') FROM events WHERE evidence_id='$vh' AND json_extract(attrs,'\$.status')=404"
expect_grep "^localhost\|80\|203\.0\.113\.8, 10\.0\.0\.1\|1\|-(150|210)$" "$TMP/q"
q "SELECT count(*) FROM events_full WHERE evidence_id='$strf' AND time_rule GLOB '*UTC offset (-0[23]:30)*' AND time_raw GLOB '*/20[0-9][0-9]:*.[0-9][0-9][0-9] -0[23]30' AND time_ns % 1000000000 != 0"
expect_grep '^[45]$' "$TMP/q"
q "SELECT json_extract(attrs,'\$.x_forwarded_for'), json_extract(attrs,'\$.vhost') FROM events WHERE evidence_id='$sec' AND json_extract(attrs,'\$.status')=404"
expect_grep "^203\.0\.113\.8, 10\.0\.0\.1\|127\.0\.0\.1:$PORT$" "$TMP/q"
# unaided: vhost_combined (more after the user agent), the JSON one
expect_exit 0 analyze timeline "$vh"
check_events "$vh" apache-vhost-combined
expect_exit 0 analyze timeline "$js"
check_events "$js" json-access-log
done_testing
