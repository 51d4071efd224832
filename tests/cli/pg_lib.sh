# SPDX-License-Identifier: Apache-2.0
# Sourced by the t40xx tests after lib.sh: a real PostgreSQL 15 cluster of
# their own (issue #20 item 3).
#   pg_start       initdb + pg_ctl in a temporary directory, listening on
#                  127.0.0.1 and a free port (unix socket in that directory),
#                  as the user postgres when run as root; creates the database
#                  lifeline_test and exports
#                    LL_PG_URL   postgresql://lifeline:PASSWORD@127.0.0.1:PORT/lifeline_test
#                    LL_PG_PASS  the password (scram over TCP; trust on the socket)
#                  A trap stops it (pg_ctl -m immediate) and removes the directory.
#   pg_stop_server, pg_start_server   stop and start the same cluster (restart tests)
#   pg_sql SQL     runs SQL through psql on the unix socket, unaligned, no header
# Skips (exit 77) only when /usr/lib/postgresql/15/bin/initdb is missing.
PG_BIN=/usr/lib/postgresql/15/bin
[ -x "$PG_BIN/initdb" ] || skip "$PG_BIN/initdb (postgresql-15) is not installed"

# from / : the postgres user cannot enter the test's private directory
pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

pg_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_cleanup() {
	if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
		pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
		rm -rf "$PG_DIR"
	fi
	cleanup
}

pg_start_server() {
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$PG_DIR -c fsync=off" \
		start >/dev/null || { cat "$PG_DIR/log" >&2; fail "pg_ctl start failed"; }
}

pg_stop_server() {
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m "${1:-immediate}" -w stop >/dev/null ||
		fail "pg_ctl stop failed"
}

pg_sql() {
	pg_as "$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" \
		-U lifeline -d "${PG_DB:-lifeline_test}" -c "$1"
}

pg_start() {
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ll-pg.XXXXXX")
	chmod 755 "$PG_DIR"
	[ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
	trap pg_cleanup EXIT
	PG_PORT=$(pg_free_port)
	LL_PG_PASS="pw-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
	pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U lifeline --auth-local=trust \
		--auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
		{ cat "$PG_DIR/initdb.log" >&2; fail "initdb failed"; }
	pg_start_server
	PG_DB=postgres pg_sql "ALTER USER lifeline PASSWORD '$LL_PG_PASS'" >/dev/null
	PG_DB=postgres pg_sql "CREATE DATABASE lifeline_test" >/dev/null
	LL_PG_URL="postgresql://lifeline:$LL_PG_PASS@127.0.0.1:$PG_PORT/lifeline_test"
	export LL_PG_URL LL_PG_PASS PG_DIR PG_PORT
}
