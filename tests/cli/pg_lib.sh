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
#   pg_start_workspaces   pg_start for the tests of attached workspaces:
#                  PGPASSWORD holds the password, URL is LL_PG_URL without it
#   pg_two_examiners      keys of two examiners in $TMP/k1, $TMP/k2; K1, K2
#                  the options that sign with each
#   pg_same_as_export CASE_ID DIR WHAT   DIR's case.db is a fresh full export
#                  of the server's case, table by table and in its schema
#   pg_big_syslog OUT N   OUT: N syslog lines (sshd logins, varied hosts,
#                  users, addresses), an item whose analysis takes a while
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

# the EXIT trap: the cluster goes, then lib.sh's cleanup sees the script's own status
pg_cleanup() {
	pg_rc=$?
	if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
		pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
		[ "$pg_rc" -eq 0 ] || cp "$PG_DIR/log" "$TMP/pg-server.log" 2>/dev/null || :
		rm -rf "$PG_DIR"
	fi
	set +e
	(exit $pg_rc)
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

# pg_start_workspaces: pg_start, then the password in PGPASSWORD (where libpq
# finds it) and URL, LL_PG_URL without the password: the URL a workspace keeps
# in its store.json, which must never hold one.
pg_start_workspaces() {
	pg_start
	export PGPASSWORD="$LL_PG_PASS"
	URL=$(echo "$LL_PG_URL" | sed "s/:$LL_PG_PASS@/@/")
}

# pg_two_examiners: two analysts, each with a key of their own ($TMP/k1,
# $TMP/k2), so that the chain shows who signed what; K1 and K2 are the options
# that sign a command with each (unquoted on purpose: two options and paths).
pg_two_examiners() {
	expect_exit 0 key new --name "Analyst One" --org "Lab" --out "$TMP/k1"
	expect_exit 0 key new --name "Analyst Two" --org "Lab" --out "$TMP/k2"
	# shellcheck disable=SC2034 # read by the tests that source this file
	K1="--key $TMP/k1/examiner.key --cert $TMP/k1/examiner.crt"
	# shellcheck disable=SC2034 # read by the tests that source this file
	K2="--key $TMP/k2/examiner.key --cert $TMP/k2/examiner.crt"
}

# pg_same_as_export CASE_ID DIR WHAT: DIR's case.db is, table by table and row
# for row (the chain and certificates too), and in its schema, a fresh
# `case export` of the server's case CASE_ID: the oracle is the full pull.
# WHAT names the moment in a failure; $pg_fresh is that export's folder.
pg_n_export=0
pg_same_as_export() {
	pg_n_export=$((pg_n_export + 1))
	pg_fresh=$TMP/fresh$pg_n_export
	expect_exit 0 case export --store "$URL" --case-id "$1" "$pg_fresh"
	for t in $(sqlite3 "$pg_fresh/case.db" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
		sqlite3 "$pg_fresh/case.db" "SELECT rowid, * FROM \"$t\" ORDER BY rowid" >"$TMP/full.rows"
		sqlite3 "$2/case.db" "SELECT rowid, * FROM \"$t\" ORDER BY rowid" >"$TMP/inc.rows"
		expect_same "$TMP/full.rows" "$TMP/inc.rows" "$3: table $t differs from a full pull"
	done
	sqlite3 "$pg_fresh/case.db" "SELECT name, sql FROM sqlite_master ORDER BY name" >"$TMP/full.schema"
	sqlite3 "$2/case.db" "SELECT name, sql FROM sqlite_master ORDER BY name" >"$TMP/inc.schema"
	expect_same "$TMP/full.schema" "$TMP/inc.schema" "$3: the schema differs from a full pull"
}

# pg_big_syslog OUT N: N RFC 3164 lines of sshd logins (7 hosts, 37 users,
# varied pids, addresses and ports): an item big enough that its analysis or
# push is still running when the test acts on it.
pg_big_syslog() {
	python3 - "$1" "$2" <<'PY' || fail "fixture: pg_big_syslog $1"
import sys
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        f.write("Mar 11 %02d:%02d:%02d host%d sshd[%d]: Accepted password for user%d from 10.0.%d.%d port %d ssh2\n"
                % (i // 3600 % 24, i // 60 % 60, i % 60, i % 7, i % 65536, i % 37, i % 250, i % 251, 1024 + i % 60000))
PY
}

# pg_big_case DIR N: a case (id BIG-1) with two items: E1 with 1,000 events,
# E2 with N events (syslog-like rows, varied text), inserted with sqlite3.
pg_big_case() {
	[ -f "$HOME/.lifeline/examiner.key" ] ||
		expect_exit 0 key new --name "Test Examiner" --org "Test Lab"
	expect_exit 0 case init "$1" --case-id BIG-1 --title "big case"
	sqlite3 "$1/case.db" <<SQL
INSERT INTO evidence(id, seq, kind, state, format, started_ns) VALUES
 ('E1', 1, 'file', 'registered', 'file', 1), ('E2', 2, 'file', 'registered', 'file', 2);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000 + $2)
INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host, user, locator, message, attrs)
 SELECT i, CASE WHEN i <= 1000 THEN 'E1' ELSE 'E2' END, 1700000000000000000 + i * 1000003,
  'Content Modification Time', 'syslog', 'syslog', 'host-' || (i % 200), 'user' || (i % 37),
  'auth.log:' || i, 'sshd[' || (i % 65536) || ']: Accepted publickey for user' || (i % 37) ||
  ' from 10.0.' || (i % 250) || '.' || (i % 251) || ' port ' || (1024 + i % 60000) || ' ssh2',
  '{"pid":' || (i % 65536) || '}'
 FROM n;
SQL
}

# pg_wait_copy: waits (30 s at most) until a COPY into the server has rows in flight.
pg_wait_copy() {
	i=0
	while [ $i -lt 300 ]; do
		n=$(PG_DB=lifeline_test pg_sql "SELECT count(*) FROM pg_stat_progress_copy WHERE tuples_processed > 0" 2>/dev/null)
		[ "${n:-0}" -gt 0 ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# pg_wait_idle: waits until no backend of the test database runs a COPY.
pg_wait_idle() {
	i=0
	while [ $i -lt 300 ]; do
		n=$(pg_sql "SELECT count(*) FROM pg_stat_activity WHERE datname = 'lifeline_test' AND query LIKE 'COPY%' AND pid <> pg_backend_pid()")
		[ "$n" = 0 ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "a COPY still runs in the server"
}
