#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The store matrix's PostgreSQL 15 cluster (tests/store-matrix): one per
# ctest run, started by the fixture test store.cluster-start and stopped by
# store.cluster-stop (cmake/LlTest.cmake). Each test makes its own database
# in it (lib.sh's case_init), so tests running at once never share a case.
#   pg_cluster.sh start ENVFILE   initdb + pg_ctl in a temporary directory
#                                 (127.0.0.1, a free port, fsync off); writes
#                                 ENVFILE: LL_TEST_PG_DIR, _PORT, _PASS
#   pg_cluster.sh stop ENVFILE    stops it (immediate) and removes it
# No skip: the pass exists to run, a missing server is a failure.
set -eu
PG_BIN=/usr/lib/postgresql/15/bin
what=${1:?start or stop} envfile=${2:?ENVFILE}

as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

case $what in
start)
	[ -x "$PG_BIN/initdb" ] || { echo "FAIL: $PG_BIN/initdb (postgresql-15) is not installed" >&2; exit 1; }
	# a cluster a run before left (killed): stopped first
	[ -f "$envfile" ] && sh "$0" stop "$envfile"
	dir=$(mktemp -d "${TMPDIR:-/tmp}/ll-pgstore.XXXXXX")
	chmod 755 "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	pass="pw-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
	as_pg "$PG_BIN/initdb" -D "$dir/data" -U lifeline --auth-local=trust \
		--auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; echo "FAIL: initdb" >&2; exit 1; }
	as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" \
		start >/dev/null || { cat "$dir/log" >&2; echo "FAIL: pg_ctl start" >&2; exit 1; }
	as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U lifeline -d postgres \
		-c "ALTER USER lifeline PASSWORD '$pass'" >/dev/null
	printf 'LL_TEST_PG_DIR=%s\nLL_TEST_PG_PORT=%s\nLL_TEST_PG_PASS=%s\n' "$dir" "$port" "$pass" >"$envfile"
	echo "ok: cluster in $dir on port $port"
	;;
stop)
	[ -f "$envfile" ] || { echo "ok: no cluster"; exit 0; }
	dir=$(sed -n 's/^LL_TEST_PG_DIR=//p' "$envfile")
	if [ -n "$dir" ] && [ -d "$dir" ]; then
		as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || :
		rm -rf "$dir"
	fi
	rm -f "$envfile"
	echo "ok: cluster stopped"
	;;
*) echo "usage: pg_cluster.sh start|stop ENVFILE" >&2; exit 2 ;;
esac
