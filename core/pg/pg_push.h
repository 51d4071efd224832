/* SPDX-License-Identifier: Apache-2.0 */
/* `case push` and `case export`: a whole case between SQLite and the PostgreSQL store. */
#ifndef LL_CORE_PG_PUSH_H
#define LL_CORE_PG_PUSH_H

#include "core/compat.h"
#include "core/custody.h"

struct ll_pg;
struct ll_store;
struct ll_signer;

/* The most streams `case push --jobs` opens. */
#define LL_PG_PUSH_JOBS_MAX 8

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
	/* added for `case push --jobs N` (pg_push_par.c): per stream, its events and
	 * the seconds it spent loading them; and, summed over the items, the seconds
	 * of the COPY, of the time_ns index built on each partition after its COPY,
	 * and of the ATTACH (which builds the key's index) */
	int nstreams;
	int64_t stream_events[LL_PG_PUSH_JOBS_MAX];
	double stream_seconds[LL_PG_PUSH_JOBS_MAX];
	double copy_seconds, time_index_seconds, attach_seconds;
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
 * As ll_pg_push, with the items' partitions loaded on `jobs` streams
 * (1..LL_PG_PUSH_JOBS_MAX) at once: each stream is its own connection to
 * `url` and its own read-only SQLite connection to `db_path` (the case's
 * case.db), and each item still goes in one transaction on its stream, so a
 * killed pusher leaves no partial partition. The custody entry is appended
 * once, at the end, on `pg`. jobs 1 is ll_pg_push.
 */
int ll_pg_push_jobs(struct ll_pg_push_result *res, struct ll_pg *pg, struct ll_store *st,
		    const char *case_id, const struct ll_signer *signer, int jobs,
		    const char *url, const char *db_path, ll_pg_progress_cb cb, void *payload);

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
