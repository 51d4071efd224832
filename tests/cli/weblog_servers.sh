# SPDX-License-Identifier: Apache-2.0
# Helpers of the web-log oracle tests (t2210, t2211): a real server, started
# by the test on a free loopback port in $TMP, serves requests made with
# curl; each request's path, status and time window are recorded, and every
# one must come back as exactly one event at its time. Source after lib.sh.

# free_port: a loopback TCP port nothing listens on now.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_port PORT: until something answers there (10 s at most); the
# server does not log /ping.
wait_port() {
	i=0
	while ! curl -s -o /dev/null "http://127.0.0.1:$1/ping"; do
		i=$((i + 1))
		[ $i -lt 100 ] || return 1
		sleep 0.1
	done
}

# req PATH STATUS [CURL ARGS...]: one request; "path status t0 t1" goes to
# $TMP/requests (t0, t1: the seconds before and after it, UTC).
req() {
	p=$1
	st=$2
	shift 2
	t0=$(date +%s)
	got=$(curl -s -o /dev/null -w '%{http_code}' "$@" "http://127.0.0.1:$PORT$p")
	t1=$(date +%s)
	[ "$got" = "$st" ] || fail "curl $p: status $got, expected $st"
	printf '%s %s %s %s\n' "$p" "$st" "$t0" "$t1" >>"$TMP/requests"
}

# check_events ID PARSER: item ID's events are the requests, one each, at
# their times (second precision), with their path and status, read by PARSER.
check_events() {
	sqlite3 -separator ' ' case.db "SELECT time_ns/1000000000, json_extract(attrs,'\$.path'), json_extract(attrs,'\$.status'), parser FROM events WHERE evidence_id='$1' ORDER BY id" >"$TMP/events.$1"
	test_count=$((test_count + 1))
	python3 - "$TMP/requests" "$TMP/events.$1" "$2" <<'PY' || fail "item $1: the events are not the requests (see above)"
import sys
reqs = [l.split() for l in open(sys.argv[1]) if l.strip()]
evs = [l.split() for l in open(sys.argv[2]) if l.strip()]
bad = []
if len(evs) != len(reqs):
    bad.append("%d events for %d requests" % (len(evs), len(reqs)))
for r, e in zip(reqs, evs):
    path, st, t0, t1 = r[0], r[1], int(r[2]), int(r[3])
    if len(e) != 4 or e[1] != path or e[2] != st or e[3] != sys.argv[3] or not t0 <= int(e[0]) <= t1:
        bad.append("request %s %s [%d..%d] came back as %s" % (path, st, t0, t1, " ".join(e)))
for b in bad:
    print("#", b)
sys.exit(1 if bad else 0)
PY
}

# serve NAME DIR COMMAND...: starts the server COMMAND in the background
# (its pid in SERVER_PID; use `env TZ=… server …` for its zone), stops it when
# the test ends with the test's own status reaching cleanup (lib.sh), and
# waits for it on $PORT; fails naming NAME, with DIR/logs/error.log, when
# it does not answer.
serve() {
	name=$1
	dir=$2
	shift 2
	"$@" &
	SERVER_PID=$!
	trap 'st=$?; stop_server; (exit $st); cleanup' EXIT
	wait_port "$PORT" || { cat "$dir/logs/error.log" >&2; fail "$name did not start on port $PORT"; }
}

# stop_server: the server stopped and reaped (its logs are then complete).
stop_server() {
	kill "$SERVER_PID" 2>/dev/null || true
	wait "$SERVER_PID" 2>/dev/null || true
}

# server_logged NAME DIR LOG...: the server stopped, then each DIR/logs/LOG.log
# holds one line per request of $TMP/requests; else fails naming NAME and
# the log, with it and DIR/logs/error.log.
server_logged() {
	name=$1
	dir=$2
	shift 2
	stop_server
	n=$(wc -l <"$TMP/requests")
	for f in "$@"; do
		[ "$(wc -l <"$dir/logs/$f.log")" -eq "$n" ] ||
			{ cat "$dir/logs/$f.log" "$dir/logs/error.log" >&2; fail "$name wrote no $n lines to $f.log"; }
	done
}
