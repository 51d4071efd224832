/* SPDX-License-Identifier: Apache-2.0 */
/* SQLite adapter: open/create, pragmas, migrations, nested transactions. */
#include "core/compat.h"
#include "core/store.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "core/alloc.h"
#include "core/error.h"

int ll_store_error(struct ll_store *st, const char *what)
{
	int ext = st && st->db ? sqlite3_extended_errcode(st->db) : 0;
	int code = LL_EIO;

	if ((ext & 0xff) == SQLITE_CORRUPT || (ext & 0xff) == SQLITE_NOTADB)
		code = LL_ECORRUPT;
	else if ((ext & 0xff) == SQLITE_NOMEM)
		code = LL_ENOMEM;
	else if ((ext & 0xff) == SQLITE_CONSTRAINT)
		code = LL_EEXISTS;
	return ll_error_set(code, "%s: %s (sqlite %d) in '%s'", what,
			    st && st->db ? sqlite3_errmsg(st->db) : "no database",
			    ext, st && st->path ? st->path : "?");
}

int ll_store_exec(struct ll_store *st, const char *sql)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return ll_store_error(st, "database");
	return 0;
}

int ll_store_prepare(sqlite3_stmt **out, struct ll_store *st, const char *sql)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK) {
		*out = NULL;
		return ll_store_error(st, "database");
	}
	return 0;
}

int ll_store_begin(struct ll_store *st)
{
	int rc;

	if (st->tx_depth == 0)
		rc = ll_store_exec(st, "BEGIN IMMEDIATE");
	else
		rc = ll_store_exec(st, "SAVEPOINT ll_nested");
	if (rc == 0)
		st->tx_depth++;
	return rc;
}

int ll_store_commit(struct ll_store *st)
{
	int rc;

	if (st->tx_depth <= 0)
		return ll_error_set(LL_EINTERNAL, "commit without transaction");
	if (st->tx_depth == 1)
		rc = ll_store_exec(st, "COMMIT");
	else
		rc = ll_store_exec(st, "RELEASE ll_nested");
	if (rc == 0)
		st->tx_depth--;
	return rc;
}

void ll_store_rollback(struct ll_store *st)
{
	if (st->tx_depth <= 0)
		return;
	if (st->tx_depth == 1)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	else
		sqlite3_exec(st->db,
			     "ROLLBACK TO ll_nested; RELEASE ll_nested", NULL,
			     NULL, NULL);
	st->tx_depth--;
}

int ll_store_schema_latest(void)
{
	return (int)ll_schema_migration_count;
}

int ll_store_schema_version(struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) ==
		    SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

static int migrate(struct ll_store *st)
{
	int v = ll_store_schema_version(st), rc = 0;
	char pragma[64];

	if (v < 0)
		return ll_store_error(st, "reading schema version");
	if (v > (int)ll_schema_migration_count)
		return ll_error_set(LL_EUNSUPPORTED,
				    "case database '%s' has schema %d, newer than this lifeline (%d)",
				    st->path, v, (int)ll_schema_migration_count);
	if (v == (int)ll_schema_migration_count)
		return 0;
	if ((rc = ll_store_begin(st)) < 0)
		return rc;
	for (size_t i = (size_t)v; i < ll_schema_migration_count; i++) {
		if ((rc = ll_store_exec(st, ll_schema_migrations[i])) < 0) {
			ll_error_context("migrating case database to schema %zu", i + 1);
			ll_store_rollback(st);
			return rc;
		}
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %zu",
		 ll_schema_migration_count);
	if ((rc = ll_store_exec(st, pragma)) < 0) {
		ll_store_rollback(st);
		return rc;
	}
	return ll_store_commit(st);
}

static int open_db(struct ll_store **out, const char *path, int flags)
{
	struct ll_store *st;
	int rc;

	if (!(st = ll_calloc(1, sizeof(*st))) || !(st->path = ll_strdup(path))) {
		ll_free(st);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	/*
	 * A connection is only ever used by the thread that opened it, so its
	 * mutex (and SQLite's allocation statistics, which take a global one)
	 * are pure cost in the insert loops: about 7% of `analyze timeline`.
	 * The config call fails harmlessly once SQLite is initialised.
	 */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		rc = ll_store_error(st, "cannot open case database");
		ll_store_free(st);
		return rc;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 30000);
	/*
	 * WAL + synchronous=FULL: a committed transaction survives a crash or
	 * power loss (custody entries are acknowledged only after commit).
	 * 16 KiB pages (new databases only): the timeline tables are written
	 * in bulk, and bigger pages mean fewer splits and half the WAL writes.
	 */
	if ((rc = ll_store_exec(st, "PRAGMA page_size=16384; "
				    "PRAGMA journal_mode=WAL; "
				    "PRAGMA synchronous=FULL; "
				    "PRAGMA foreign_keys=ON; "
				    "PRAGMA trusted_schema=OFF")) < 0 ||
	    (rc = migrate(st)) < 0) {
		ll_store_free(st);
		return rc;
	}
	*out = st;
	return 0;
}

int ll_store_bulk(struct ll_store *st, bool on)
{
	if (st->tx_depth)
		return ll_error_set(LL_EINTERNAL, "bulk mode switched inside a transaction");
	return ll_store_exec(st, on ? "PRAGMA foreign_keys=OFF; "
				      "PRAGMA journal_mode=DELETE"
				    : "PRAGMA journal_mode=WAL; "
				      "PRAGMA foreign_keys=ON");
}

int ll_store_create(struct ll_store **out, const char *path)
{
	struct stat sb;

	if (stat(path, &sb) == 0)
		return ll_error_set(LL_EEXISTS, "'%s' already exists", path);
	return open_db(out, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
}

int ll_store_open(struct ll_store **out, const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return ll_error_set(LL_ENOTFOUND, "no case database at '%s'", path);
	return open_db(out, path, SQLITE_OPEN_READWRITE);
}

void ll_store_free(struct ll_store *st)
{
	if (!st)
		return;
	while (st->tx_depth > 0)
		ll_store_rollback(st);
	if (st->db)
		sqlite3_close_v2(st->db);
	ll_free(st->path);
	ll_free(st);
}
