/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The time-window query of the PostgreSQL store (issue #20 item 6): the
 * events of every host and item with FROM <= time_ns <= TO, both bounds
 * INCLUSIVE (as `timeline export --from/--to`), read through the
 * partitions' time_ns indexes (events_p<seq>_time, built by `case push`
 * after each COPY) into a SQLite case store, so that the unchanged
 * timeline exporters (casefile/export) write them: the answer is
 * byte-identical to `timeline export --from --to` of the SQLite case.
 */
#ifndef LL_CORE_PG_WINDOW_H
#define LL_CORE_PG_WINDOW_H

#include "core/compat.h"

struct ll_pg;
struct ll_store;

/* What the server was asked and what came back. */
struct ll_pg_window_result {
	int64_t events;        /* events in the window */
	int64_t items;         /* evidence items of the case */
	double query_seconds;  /* the server's answer, rows written into `st` */
};

/*
 * Copies into `st` (a new, empty case store: ll_store_create) the case
 * `case_id`'s case_info, evidence and time_rules, and its events with
 * from_ns <= time_ns <= to_ns, in one snapshot of the server. A case still
 * being loaded is refused.
 */
int ll_pg_window(struct ll_pg_window_result *res, struct ll_pg *pg, const char *case_id,
		 int64_t from_ns, int64_t to_ns, struct ll_store *st);

#endif
