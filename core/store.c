/* SPDX-License-Identifier: Apache-2.0 */
/* SQLite adapter: open/create, pragmas, migrations, nested transactions. */
#include "core/compat.h"
#include "core/store.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

/* The directory holding the database, for messages about its file system. */
static void db_dir(char *out, size_t outlen, const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	if (!slash)
		snprintf(out, outlen, ".");
	else if (slash == path)
		snprintf(out, outlen, "/");
	else
		snprintf(out, outlen, "%.*s", (int)(slash - path), path);
}

int ll_store_error(struct ll_store *st, const char *what)
{
	int ext = st && st->db ? sqlite3_extended_errcode(st->db) : 0;
	int sys = st && st->db ? sqlite3_system_errno(st->db) : 0;
	int code = LL_EIO, rc;

	if ((ext & 0xff) == SQLITE_CORRUPT || (ext & 0xff) == SQLITE_NOTADB)
		code = LL_ECORRUPT;
	else if ((ext & 0xff) == SQLITE_NOMEM)
		code = LL_ENOMEM;
	else if ((ext & 0xff) == SQLITE_CONSTRAINT)
		code = LL_EEXISTS;
	if ((ext & 0xff) == SQLITE_FULL || ((ext & 0xff) == SQLITE_IOERR && (sys == ENOSPC || sys == EDQUOT))) {
		/* the real cause, not what a later statement says about the rolled-back transaction */
		char dir[4096];

		db_dir(dir, sizeof(dir), st->path);
		rc = ll_error_set(LL_EIO,
				  "%s: no space left on the file system of the case ('%s', holding '%s')%s: "
				  "nothing of this operation was recorded; free space or move the case, then run it again",
				  what, dir, st->path, sys == EDQUOT ? " (disk quota exceeded)" : "");
	} else if ((ext & 0xff) == SQLITE_READONLY ||
		   ((ext & 0xff) == SQLITE_CANTOPEN && st && st->readonly)) {
		rc = ll_error_set(LL_EIO, "%s: the case database '%s' is read-only here (%s, sqlite %d)",
				  what, st->path, sqlite3_errmsg(st->db), ext);
	} else {
		rc = ll_error_set(code, "%s: %s (sqlite %d) in '%s'", what,
				  st && st->db ? sqlite3_errmsg(st->db) : "no database",
				  ext, st && st->path ? st->path : "?");
	}
	/*
	 * After SQLITE_FULL, an I/O error or SQLITE_NOMEM, SQLite may roll the
	 * whole transaction back by itself. Keep the cause: a later commit or
	 * savepoint must report it, not "no transaction is active".
	 */
	if (st && st->db && st->tx_depth > 0 && sqlite3_get_autocommit(st->db) && !st->aborted) {
		st->aborted = rc;
		snprintf(st->abort_msg, sizeof(st->abort_msg), "%s", ll_error_message());
	}
	return rc;
}

int ll_store_run_text(struct ll_store *st, const char *sql, const char *text,
		      const char *what)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, st, sql)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = ll_store_error(st, what);
	sqlite3_finalize(s);
	return rc;
}

char *ll_store_column_dup(int *rc, struct sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	char *d;

	if (!t)
		return NULL;
	if (!(d = ll_strdup(t)))
		*rc = ll_error_set(LL_ENOMEM, "out of memory");
	return d;
}

bool ll_store_aborted(const struct ll_store *st)
{
	return st && (st->aborted != 0 || (st->tx_depth > 0 && st->db && sqlite3_get_autocommit(st->db)));
}

static int abort_error(struct ll_store *st)
{
	if (st->aborted)
		return ll_error_set(st->aborted, "%s", st->abort_msg);
	return ll_error_set(LL_EIO, "the database rolled the transaction back by itself in '%s'",
			    st->path);
}

int ll_store_exec(struct ll_store *st, const char *sql)
{
	/* nothing may run in autocommit mode as if the rolled-back transaction were still open */
	if (st->tx_depth > 0 && ll_store_aborted(st))
		return abort_error(st);
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return ll_store_error(st, "database");
	return 0;
}

int ll_store_prepare(sqlite3_stmt **out, struct ll_store *st, const char *sql)
{
	if (st->tx_depth > 0 && ll_store_aborted(st)) {
		*out = NULL;
		return abort_error(st);
	}
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK) {
		*out = NULL;
		return ll_store_error(st, "database");
	}
	return 0;
}

int ll_store_get_int(int64_t *out, struct ll_store *st, const char *sql, const char *arg,
		     const char *what)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = 0;
	if ((rc = ll_store_prepare(&s, st, sql)) < 0)
		return rc;
	if (arg)
		sqlite3_bind_text(s, 1, arg, -1, SQLITE_STATIC);
	if ((rc = ll_store_step_row(st, s, what)) > 0) {
		rc = 0;
		*out = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	return rc;
}

int ll_store_step_row(struct ll_store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return ll_store_error(st, what);
}

int ll_store_begin(struct ll_store *st)
{
	int rc;

	if (st->tx_depth > 0 && ll_store_aborted(st))
		return abort_error(st);
	if (st->readonly)
		return ll_error_set(LL_EIO, "the case database '%s' was opened read-only: this command cannot record anything",
				    st->path);
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
	if (ll_store_aborted(st))
		return abort_error(st);
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
	if (sqlite3_get_autocommit(st->db))
		; /* SQLite already rolled the whole transaction back */
	else if (st->tx_depth == 1)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	else
		sqlite3_exec(st->db,
			     "ROLLBACK TO ll_nested; RELEASE ll_nested", NULL,
			     NULL, NULL);
	if (--st->tx_depth == 0) {
		st->aborted = 0;
		st->abort_msg[0] = '\0';
	}
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

/* file:PATH?immutable=1 with PATH percent-encoded (RFC 3986 unreserved and '/' kept). */
static int open_db(struct ll_store **out, const char *path, int flags);

static int immutable_uri(struct ll_buf *u, const char *path)
{
	int rc = ll_buf_puts(u, "file:");

	for (const unsigned char *c = (const unsigned char *)path; *c && rc == 0; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr("/-._~", *c))
			rc = ll_buf_putc(u, (char)*c);
		else
			rc = ll_buf_printf(u, "%%%02X", *c);
	}
	return rc ? rc : ll_buf_puts(u, "?immutable=1");
}

static int open_ro(struct ll_store *st)
{
	struct ll_buf dir = LL_BUF_INIT, wal = LL_BUF_INIT, uri = LL_BUF_INIT;
	const char *slash = strrchr(st->path, '/');
	struct stat sb;
	bool dir_writable, pending_wal;
	int rc, v;

	if ((rc = slash ? ll_buf_printf(&dir, "%.*s", (int)(slash - st->path) + (slash == st->path),
					st->path)
			: ll_buf_puts(&dir, ".")) < 0 ||
	    (rc = ll_buf_printf(&wal, "%s-wal", st->path)) < 0)
		goto out;
	dir_writable = access(dir.ptr, W_OK) == 0;
	pending_wal = stat(wal.ptr, &sb) == 0 && sb.st_size > 0;
	ll_buf_reset(&wal);
	if ((rc = ll_buf_printf(&wal, "%s-journal", st->path)) < 0)
		goto out;
	if (stat(wal.ptr, &sb) == 0 && sb.st_size > 0) {
		/* a writer was killed mid-transaction: only a rollback, which writes, makes it whole */
		rc = ll_error_set(LL_EIO,
				  "'%s' holds an interrupted transaction that must be rolled back before "
				  "the case can be read, and the case cannot be written here: copy it to "
				  "writable storage and run any lifeline command there once", wal.ptr);
		goto out;
	}
	ll_buf_reset(&wal);
	if ((rc = ll_buf_printf(&wal, "%s-wal", st->path)) < 0)
		goto out;
	if (dir_writable || pending_wal) {
		/* a WAL reader needs the -shm file: made here, or already there */
		if (sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
				    NULL) != SQLITE_OK) {
			rc = ll_store_error(st, "cannot open case database");
			goto out;
		}
	} else {
		/*
		 * Read-only media: no -shm can be made, and no write-ahead log is
		 * pending (a clean close merges it), so the file is all there is.
		 */
		if ((rc = immutable_uri(&uri, st->path)) < 0)
			goto out;
		if (sqlite3_open_v2(uri.ptr, &st->db,
				    SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
				    NULL) != SQLITE_OK) {
			rc = ll_store_error(st, "cannot open case database");
			goto out;
		}
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 30000);
	if ((rc = ll_store_exec(st, "PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF; "
				    "PRAGMA query_only=1")) < 0)
		goto out;
	if ((v = ll_store_schema_version(st)) < 0) {
		rc = ll_store_error(st, "reading schema version");
		if (pending_wal && !dir_writable)
			ll_error_context("'%s' holds transactions not yet merged into the database, "
					 "and the folder cannot be written to read them: copy the case to "
					 "writable storage", wal.ptr);
		goto out;
	}
	if (v > (int)ll_schema_migration_count)
		rc = ll_error_set(LL_EUNSUPPORTED,
				  "case database '%s' has schema %d, newer than this lifeline (%d)",
				  st->path, v, (int)ll_schema_migration_count);
	else if (v < (int)ll_schema_migration_count)
		rc = ll_error_set(LL_EUNSUPPORTED,
				  "case database '%s' has schema %d and this lifeline reads %d: it is "
				  "upgraded by a command that writes to the case, which cannot run here "
				  "(read-only)", st->path, v, (int)ll_schema_migration_count);
out:
	ll_buf_release(&dir);
	ll_buf_release(&wal);
	ll_buf_release(&uri);
	return rc;
}

int ll_store_open_readonly(struct ll_store **out, const char *path)
{
	struct ll_store *st;
	struct stat sb;
	char dir[4096];
	int rc;

	if (stat(path, &sb) != 0)
		return ll_error_set(LL_ENOTFOUND, "no case database at '%s'", path);
	db_dir(dir, sizeof(dir), path);
	if (access(dir, W_OK) == 0 && access(path, W_OK) == 0) {
		/*
		 * A case that can be written is opened as always, so that a hot
		 * journal or WAL left by a killed writer is recovered first; the
		 * command itself then only reads (query_only, no transaction).
		 */
		if ((rc = open_db(&st, path, SQLITE_OPEN_READWRITE)) < 0)
			return rc;
		if ((rc = ll_store_exec(st, "PRAGMA query_only=1")) < 0) {
			ll_store_free(st);
			return rc;
		}
		st->readonly = true;
		*out = st;
		return 0;
	}
	if (!(st = ll_calloc(1, sizeof(*st))) || !(st->path = ll_strdup(path))) {
		ll_free(st);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	st->readonly = true;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if ((rc = open_ro(st)) < 0) {
		ll_store_free(st);
		return rc;
	}
	*out = st;
	return 0;
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
	/*
	 * cache_size: 16 MiB (negative: KiB) while loading, SQLite's default
	 * (2,000 KiB) again after. A timeline's events_time index takes its
	 * rows in random time order; once that index outgrows the default
	 * cache, each insert spills a page and reads another back (bench:
	 * 1,000,000 events in random time order, 3.0 s of system time with
	 * the default, 0.2 s with 16 MiB; 64 MiB gained nothing more).
	 */
	return ll_store_exec(st, on ? "PRAGMA foreign_keys=OFF; "
				      "PRAGMA cache_size=-16384; "
				      "PRAGMA journal_mode=DELETE"
				    : "PRAGMA journal_mode=WAL; "
				      "PRAGMA cache_size=-2000; "
				      "PRAGMA foreign_keys=ON");
}

int ll_store_scan_cache(struct ll_store *st)
{
	/*
	 * bench/README.md (2026-12-03, 1 M events of 200 hosts): the time-ordered
	 * scans re-read a page from the OS for nearly every row with the default
	 * cache (a pread and a 16 KiB copy: a fifth of the export's CPU); 8 MiB
	 * already held the 200 items' pages, 32 MiB leaves room for 2,000 items.
	 */
	return ll_store_exec(st, "PRAGMA cache_size=-32768");
}

/*
 * Only in WAL mode can a reader hold its snapshot while the writer spills
 * pages: with a rollback journal the writer would wait on the reader's lock.
 */
static bool in_wal(const struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	bool wal = false;

	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		wal = !sqlite3_stricmp((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	return wal;
}

int ll_store_open_reader(struct ll_store **out, const struct ll_store *st)
{
	struct ll_store *rd;
	int rc;

	*out = NULL;
	if (!st->path || !*st->path || !strcmp(st->path, ":memory:") || !in_wal(st))
		return 0;
	if (!(rd = ll_calloc(1, sizeof(*rd))) || !(rd->path = ll_strdup(st->path))) {
		ll_free(rd);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	rd->readonly = true;
	/* no migration: `st` has the schema this build reads */
	if (sqlite3_open_v2(rd->path, &rd->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		rc = ll_store_error(rd, "cannot open case database");
		ll_store_free(rd);
		return rc;
	}
	sqlite3_extended_result_codes(rd->db, 1);
	sqlite3_busy_timeout(rd->db, 30000);
	if ((rc = ll_store_exec(rd, "PRAGMA query_only=1; PRAGMA trusted_schema=OFF")) < 0 ||
	    (rc = ll_store_scan_cache(rd)) < 0) {
		ll_store_free(rd);
		return rc;
	}
	*out = rd;
	return 0;
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
