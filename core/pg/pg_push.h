/* SPDX-License-Identifier: Apache-2.0 */
/* `case push` and `case export`: a whole case between SQLite and the PostgreSQL store. */
#ifndef LL_CORE_PG_PUSH_H
#define LL_CORE_PG_PUSH_H

#include "core/compat.h"
#include "core/custody.h"

struct ll_pg;
struct ll_store;
struct ll_signer;

struct ll_pg_table_count {
	char *table;
	int64_t rows;
};

struct ll_pg_push_result {
	struct ll_pg_table_count *tables;
	size_t ntables;
	int64_t events;
	int64_t partitions;
	double seconds, events_seconds; /* the whole push; the events' COPY alone */
	struct ll_custody_entry entry;   /* the push entry (seq, hash) */
};

void ll_pg_push_result_release(struct ll_pg_push_result *r);

/* Progress: the events loaded so far of `total`. */
typedef void (*ll_pg_progress_cb)(void *payload, uint64_t done, uint64_t total);

/*
 * Copies the SQLite case `st` (case id `case_id`, read from its record)
 * into the server as a new case. Refused, naming it, when the server has
 * a case of that id; a case left half-loaded by a push that died (its
 * session lock gone) is dropped and loaded again. Tables other than
 * events in one transaction; then each evidence item's events in one
 * transaction that creates its partition, COPYs, and attaches it, so a
 * killed loader leaves no partition at all for that item. Then the
 * custody entry `push`, signed by `signer`, appended under the chain lock.
 */
int ll_pg_push(struct ll_pg_push_result *res, struct ll_pg *pg, struct ll_store *st,
	       const char *case_id, const struct ll_signer *signer, ll_pg_progress_cb cb,
	       void *payload);

/*
 * Writes the server's case `case_id` as a new SQLite case directory `dir`
 * (must not exist or be empty): every table, rowids and signatures kept.
 * The chain is verified on the written database before it is kept; a
 * chain that does not verify (LL_EVERIFY, `rep` says where) leaves no case.
 */
int ll_pg_export(struct ll_pg_push_result *res, struct ll_custody_report *rep,
		 struct ll_pg *pg, const char *case_id, const char *dir,
		 ll_pg_progress_cb cb, void *payload);

#endif
