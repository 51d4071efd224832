/* SPDX-License-Identifier: Apache-2.0 */
/* The case store: SQLite in WAL mode, foreign keys on, versioned schema. */
#ifndef LL_CORE_STORE_H
#define LL_CORE_STORE_H

#include "core/compat.h"

struct sqlite3;
struct sqlite3_stmt;

struct ll_store {
	struct sqlite3 *db;
	char *path;
	int tx_depth; /* nesting: outermost is BEGIN IMMEDIATE, inner are SAVEPOINTs */
	bool readonly; /* opened with ll_store_open_readonly */
	int aborted;   /* the ll error that made SQLite roll the transaction back */
	char abort_msg[1024];
};

/* Creates a new database at `path`; LL_EEXISTS if the file exists. */
int ll_store_create(struct ll_store **out, const char *path);
/* Opens an existing database and applies pending migrations. */
int ll_store_open(struct ll_store **out, const char *path);
/*
 * Opens an existing database for commands that only read, so that a case
 * on read-only media or in a folder the user cannot write still works.
 * A writable case is opened as ll_store_open does (recovering a hot
 * journal or WAL a killed writer left), then made query-only. Otherwise:
 * SQLITE_OPEN_READONLY, query only, no migration; immutable when the folder
 * cannot be written (no -shm can be made) and no WAL is pending; refused
 * with a clear message when a hot journal needs a rollback; a schema that
 * needs upgrading is refused (LL_EUNSUPPORTED). ll_store_begin fails on it.
 */
int ll_store_open_readonly(struct ll_store **out, const char *path);
void ll_store_free(struct ll_store *st);

/*
 * True when SQLite rolled the open transaction back by itself (disk full,
 * I/O error, out of memory): nothing more can be done in it; commit
 * reports the error that caused it.
 */
bool ll_store_aborted(const struct ll_store *st);

/*
 * Transactions nest: the outermost ll_store_begin is BEGIN IMMEDIATE (so a
 * second writer waits rather than failing half-way), inner ones SAVEPOINTs.
 * Every begin is matched by exactly one commit or rollback.
 */
int ll_store_begin(struct ll_store *st);
int ll_store_commit(struct ll_store *st);
void ll_store_rollback(struct ll_store *st);

int ll_store_exec(struct ll_store *st, const char *sql);
/* Prepares `sql`; on failure the message names the statement's error. */
int ll_store_prepare(struct sqlite3_stmt **out, struct ll_store *st,
		     const char *sql);
/*
 * Steps a statement that yields at most one row: 1 when it gave one, 0
 * when it gave none, else the error (ll_store_error with `what`).
 */
int ll_store_step_row(struct ll_store *st, struct sqlite3_stmt *s, const char *what);
/*
 * Runs `sql` (with `arg`, when not NULL, as its one text parameter) for a
 * single integer: the first column of the first row. *out is 0 when there
 * is no row or the value is NULL. A failed step is reported as `what`.
 */
int ll_store_get_int(int64_t *out, struct ll_store *st, const char *sql, const char *arg,
		     const char *what);
/* Translates the connection's last SQLite error into an ll error. */
int ll_store_error(struct ll_store *st, const char *what);

/*
 * Helpers for the owners' storage files (*_store.c). ll_store_run_text runs
 * `sql`, its ?1 bound to `text`, to the end (a DELETE, an UPDATE); `what`
 * names it in the error. ll_store_column_dup copies a text column of the
 * current row (NULL for NULL) and sets *rc to LL_ENOMEM if it cannot, so a
 * row of several columns is checked once.
 */
int ll_store_run_text(struct ll_store *st, const char *sql, const char *text,
		      const char *what);
char *ll_store_column_dup(int *rc, struct sqlite3_stmt *s, int i);

/*
 * Bulk-load mode, on and off around one big write transaction (outside
 * any transaction). In WAL mode every page is written twice, to the WAL
 * and again by the checkpoint; in rollback-journal mode pages appended to
 * the file are written once, since a rollback only truncates them. So bulk
 * mode switches to journal_mode=DELETE (still synchronous=FULL: a commit is
 * durable and a crash rolls back through the hot journal), turns off the
 * per-row foreign-key lookups (callers insert rows that reference rows they
 * have checked, and do cascades themselves), and gives the page cache room
 * for the random index inserts of a big load (a fixed 16 MiB, not growing
 * with the input). Off restores WAL, foreign keys and the default cache.
 * If another connection holds the database, the journal stays WAL.
 */
int ll_store_bulk(struct ll_store *st, bool on);

/*
 * Room in the page cache for a scan of the events in time order (the
 * exports; analyze detect's movement scan, through ll_store_open_reader):
 * the rows of each evidence item are stored together, so a time-ordered
 * read through events_time keeps one leaf page
 * per item in use at once, which the default cache (2,000 KiB: 125 pages
 * of 16 KiB) cannot hold for a case of 200 hosts. Up to 32 MiB, taken only
 * as pages are read; ll_store_bulk(st, false) restores the default.
 */
int ll_store_scan_cache(struct ll_store *st);
/*
 * A second, read-only connection to `st`'s database for a long scan made
 * inside `st`'s write transaction (the movement scan of analyze detect):
 * the rows that transaction writes fill `st`'s cache with dirty pages,
 * which push the scan's pages out, so nearly every row was read again
 * from the OS; the reader has its own cache (ll_store_scan_cache's size).
 * It sees the last commit, not `st`'s uncommitted changes: only for tables
 * the transaction does not write. *out = NULL (scan through `st`) for a
 * database without a file (":memory:", "") or not in WAL mode.
 */
int ll_store_open_reader(struct ll_store **out, const struct ll_store *st);

/* Current schema version (PRAGMA user_version) and the one this build writes. */
int ll_store_schema_version(struct ll_store *st);
int ll_store_schema_latest(void);

/* Migration list, defined in core/schema.c. */
extern const char *const ll_schema_migrations[];
extern const size_t ll_schema_migration_count;

#endif
