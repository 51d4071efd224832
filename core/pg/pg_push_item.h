/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Inside core/pg/ only: one evidence item's events loaded into its
 * partition (pg_push.c), shared by the one-stream push and the streams of
 * `case push --jobs N` (pg_push_par.c).
 */
#ifndef LL_CORE_PG_PUSH_ITEM_H
#define LL_CORE_PG_PUSH_ITEM_H

#include "core/compat.h"
#include "core/pg/pg_copy.h"

struct ll_pg;
struct ll_store;
struct ll_pg_case;
struct ll_pg_push_result;

/* What loading one item cost. */
struct ll_pg_item_stats {
	int64_t rows;
	double copy_s;       /* CREATE TABLE + COPY */
	double time_index_s; /* the partition's time_ns index, built after the COPY */
	double attach_s;     /* ATTACH PARTITION (builds the key's index) + COMMIT */
};

/*
 * The item's partition events_p<seq> made as a plain table, filled by COPY
 * from `st`, its time_ns index built, then attached, all in ONE transaction
 * on `pg`: a loader killed at any point leaves no partition for it.
 */
int ll_pg_push_item(struct ll_pg_item_stats *out, struct ll_pg *pg, struct ll_store *st,
		    const struct ll_pg_case *c, const char *evidence_id, int64_t seq,
		    ll_pg_rows_cb cb, void *payload);

/* An item to load: its id, its evidence seq, its event count. */
struct ll_pg_push_todo {
	char *id;
	int64_t seq, events;
};

/*
 * The items of `todo` loaded on `jobs` streams (pg_push_par.c); adds the
 * events, partitions and per-stream figures to `res`. `done_before` and
 * `total` are for the progress callback.
 */
int ll_pg_push_par(struct ll_pg_push_result *res, const char *url, const char *db_path,
		   const struct ll_pg_case *c, const struct ll_pg_push_todo *todo, size_t n,
		   int jobs, void (*cb)(void *, uint64_t, uint64_t), void *payload, uint64_t total);

#endif
