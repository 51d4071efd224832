/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PostgreSQL case store's layout (docs/postgresql.md):
 *   public.lifeline_store   one row: the layout version this build writes
 *   public.lifeline_cases   one row per case: case_id, its key, its schema, state
 *   lifeline_case_<key>     one schema per case: the tables of the SQLite case
 *                           schema (core/schema.c, version LL_PG_SQLITE_SCHEMA),
 *                           same names and columns, plus ll_rowid (the SQLite
 *                           rowid, so a case comes back row for row); events
 *                           PARTITION BY LIST (evidence_id), one partition per
 *                           item (events_p<evidence seq>), made when the item's
 *                           events are loaded.
 * The case key is also the custody chain's advisory lock key (pg_custody.h).
 */
#ifndef LL_CORE_PG_SCHEMA_H
#define LL_CORE_PG_SCHEMA_H

#include "core/compat.h"

struct ll_pg;

/*
 * The store layout version this build writes, the oldest it reads, and the
 * SQLite case schema version it mirrors. Layout 2 adds the change record
 * (public.lifeline_changes and lifeline_change_log, core/pg/ws_changes.c):
 * a lifeline of layout 1 pushes without stamping it, so other workspaces
 * would miss its work; layout 1 lifelines refuse a store of layout 2. A
 * store of layout 1 is read as it is (its pulls are full ones, saying why)
 * and made layout 2 by this build's first write into it.
 */
#define LL_PG_STORE_VERSION 2
#define LL_PG_STORE_VERSION_OLDEST 1
#define LL_PG_SQLITE_SCHEMA 9

struct ll_pg_case {
	int64_t key;       /* lifeline_cases.case_key */
	char schema[64];   /* lifeline_case_<key>, quoted-safe (digits only) */
	char state[16];    /* loading | ready */
};

/*
 * Creates the store's own tables when the database has none (under a
 * transaction-scoped advisory lock, so two first pushes do not race) and
 * checks the layout version: a store of layout 1 is made layout 2 (its
 * change record made, ws_changes.c), one of another version is refused.
 */
int ll_pg_store_init(struct ll_pg *pg);

/* The store's layout version (public.lifeline_store); LL_ENOTFOUND when it has none. */
int ll_pg_store_version(int *out, struct ll_pg *pg);

/* The case `case_id` (a parameter, never spliced): LL_ENOTFOUND naming it when absent. */
int ll_pg_case_find(struct ll_pg_case *out, struct ll_pg *pg, const char *case_id);

/* The DDL of one case's tables (run with search_path set to the case schema). */
extern const char ll_pg_case_ddl[];

/*
 * Sets the transaction's search_path to the case schema (SET LOCAL: inside
 * a transaction) or the session's (outside one).
 */
int ll_pg_use_case(struct ll_pg *pg, const struct ll_pg_case *c, bool local);

#endif
