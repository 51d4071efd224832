/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Rows between a SQLite case (core/store.h) and a case schema in the
 * PostgreSQL store, value for value: integers exact (bigint), reals exact
 * (double precision, printed with 17 significant digits), text byte for
 * byte, blobs as bytea, NULL as NULL, and each row's SQLite rowid in
 * ll_rowid. A value whose SQLite storage class is not the server column's
 * type (text in an integer column, a blob in a text column) or text with a
 * NUL byte is refused, naming table, rowid and column: nothing is changed
 * on the way.
 *
 * To the server: COPY … FROM STDIN in text format. Text, not binary: the
 * values are printed once either way, text needs no per-type wire layout
 * (binary bytea and float8 have their own), and it measured faster here
 * (../shared/research/scale.md: 86k against 78k rows/s with indexes).
 * From the server: one SELECT in binary results, row by row (single-row
 * mode), ordered by ll_rowid, inserted with the rowid given back.
 */
#ifndef LL_CORE_PG_COPY_H
#define LL_CORE_PG_COPY_H

#include "core/compat.h"

struct ll_pg;
struct ll_store;

typedef void (*ll_pg_rows_cb)(void *payload, uint64_t rows);

/* The SQLite case's tables (sorted), free with ll_pg_names_free. */
int ll_pg_sqlite_tables(char ***names, size_t *n, struct ll_store *st);
/* The case schema's tables in the server (no partitions), sorted. */
int ll_pg_server_tables(char ***names, size_t *n, struct ll_pg *pg, const char *schema);
void ll_pg_names_free(char **names, size_t n);

/*
 * Copies `table` of `st` into `schema`.`dest` (dest: the table itself, or
 * an events partition). With `evidence_id`, only that item's rows (for the
 * table evidence: the item's own row). The
 * caller holds the transaction. `*rows` gets the count.
 */
int ll_pg_push_table(int64_t *rows, struct ll_pg *pg, struct ll_store *st, const char *schema,
		     const char *table, const char *dest, const char *evidence_id,
		     ll_pg_rows_cb cb, void *payload);

/* Copies `schema`.`table` into the same table of `st` (inside the caller's transaction). */
int ll_pg_pull_table(int64_t *rows, struct ll_pg *pg, struct ll_store *st, const char *schema,
		     const char *table, ll_pg_rows_cb cb, void *payload);

/*
 * As ll_pg_pull_table, only the rows where `where` (SQL over the table's
 * columns, with $1.. for the `nparams` text parameters: values never
 * spliced) holds.
 */
int ll_pg_pull_where(int64_t *rows, struct ll_pg *pg, struct ll_store *st, const char *schema,
		     const char *table, const char *where, int nparams, const char *const *params,
		     ll_pg_rows_cb cb, void *payload);

#endif
