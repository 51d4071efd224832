# SPDX-License-Identifier: Apache-2.0
# Sourced by lib.sh when LL_TEST_STORE=postgresql (the store matrix,
# tests/store-matrix): the test's cases live in PostgreSQL, the case
# directories are attached workspaces. The cluster is the run's
# (tests/cli/pg_cluster.sh, started by the ctest fixture store.cluster-start):
# LL_TEST_PG_ENV names its file. Each case gets a database of its own.
#   store_case_init DIR ARGS...   `case init DIR ARGS --store URL`
#   store_push_attach DIR         the SQLite case in DIR pushed, DIR made a
#                                 workspace of it (its evidence/ kept)
# A missing cluster is a failure: the pass exists to run.
[ -n "${LL_TEST_PG_ENV:-}" ] && [ -f "$LL_TEST_PG_ENV" ] ||
	fail "LL_TEST_STORE=postgresql but no cluster (LL_TEST_PG_ENV='${LL_TEST_PG_ENV:-}'; ctest starts it: store.cluster-start)"
LL_TEST_PG_DIR=$(sed -n 's/^LL_TEST_PG_DIR=//p' "$LL_TEST_PG_ENV")
LL_TEST_PG_PORT=$(sed -n 's/^LL_TEST_PG_PORT=//p' "$LL_TEST_PG_ENV")
PGPASSWORD=$(sed -n 's/^LL_TEST_PG_PASS=//p' "$LL_TEST_PG_ENV")
export PGPASSWORD
store_ndb=0

# store_db: a new database for one case; its URL (no password: PGPASSWORD)
# in $store_url (not printed: a $(...) subshell would lose the count)
store_db() {
	store_ndb=$((store_ndb + 1))
	store_dbname="$(echo "$TEST_NAME" | cut -d- -f1)_$store_ndb"
	if [ "$(id -u)" -eq 0 ]; then set -- runuser -u postgres --; else set --; fi
	(cd / && "$@" /usr/lib/postgresql/15/bin/psql -X -q -v ON_ERROR_STOP=1 -h "$LL_TEST_PG_DIR" \
		-p "$LL_TEST_PG_PORT" -U lifeline -d postgres -c "CREATE DATABASE \"$store_dbname\"") >/dev/null ||
		fail "store matrix: cannot create the database $store_dbname"
	store_url="postgresql://lifeline@127.0.0.1:$LL_TEST_PG_PORT/$store_dbname"
}

store_case_init() {
	store_db
	expect_exit 0 case init "$@" --store "$store_url"
	[ -f "$1/store.json" ] || fail "store matrix: case init --store made no workspace in $1"
	say "store matrix: $1 is a workspace of ${store_url##*/}"
}

store_push_attach() {
	store_db
	store_id=$(sqlite3 "$1/case.db" "SELECT case_id FROM case_info") ||
		fail "store matrix: no case id in $1/case.db"
	expect_exit 0 case push "$1" --store "$store_url"
	mv "$1" "$1.sqlite"
	expect_exit 0 case attach "$1" --store "$store_url" --case-id "$store_id"
	rmdir "$1/evidence" && mv "$1.sqlite/evidence" "$1/evidence" ||
		fail "store matrix: moving $1's evidence into the workspace"
	rm -rf "$1.sqlite"
	say "store matrix: $1 pushed, now a workspace of ${store_url##*/}"
	cd "$1"
}
