/* SPDX-License-Identifier: Apache-2.0 */
/* The time-window query of the PostgreSQL store: a window of events into a SQLite store. */
#include "core/compat.h"
#include "core/pg/pg_window.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_copy.h"
#include "core/pg/pg_schema.h"
#include "core/store.h"

/*
 * Both bounds inclusive, as `timeline export --from/--to` (an event at
 * exactly FROM or TO is in the window). On the partitioned table the
 * planner scans each partition's time_ns index for the range.
 */
static const char window_where[] = "time_ns >= $1::bigint AND time_ns <= $2::bigint";

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int ll_pg_window(struct ll_pg_window_result *res, struct ll_pg *pg, const char *case_id,
		 int64_t from_ns, int64_t to_ns, struct ll_store *st)
{
	/* the tables the timeline exporters read with the events (events_full joins time_rules) */
	static const char *const with[] = { "case_info", "evidence", "time_rules" };
	struct ll_pg_case c;
	char lo[24], hi[24];
	const char *params[2] = { lo, hi };
	bool pg_open = false, sq_open = false;
	double t0 = now_s();
	int64_t rows;
	int rc;

	memset(res, 0, sizeof(*res));
	if (from_ns > to_ns)
		return ll_error_set(LL_EINVAL, "the window's start is after its end");
	if ((rc = ll_pg_case_find(&c, pg, case_id)) < 0)
		return rc;
	if (strcmp(c.state, "ready"))
		return ll_error_set(LL_EUNSUPPORTED,
				    "the case '%s' in the %s is still being loaded (or its push died: "
				    "push it again)", case_id, pg->where);
	snprintf(lo, sizeof(lo), "%" PRId64, from_ns);
	snprintf(hi, sizeof(hi), "%" PRId64, to_ns);
	if ((rc = ll_pg_begin(pg)) < 0)
		return rc;
	pg_open = true;
	/*
	 * No parallel workers and no JIT for this read: each parallel worker
	 * loads the catalog entries of all the partitions again (200 at 20 M
	 * events: 210 ms of execution with two workers, 60 ms without), and
	 * before ANALYZE the plan's summed cost passed jit_above_cost, which
	 * compiled every partition's scan (bench/README, "The pushes and the
	 * window query on a quiet machine").
	 */
	if ((rc = ll_pg_exec(pg, "reading one snapshot",
			     "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")) < 0 ||
	    (rc = ll_pg_exec(pg, "reading one snapshot",
			     "SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off")) < 0 ||
	    (rc = ll_store_begin(st)) < 0)
		goto out;
	sq_open = true;
	for (size_t i = 0; i < LL_ARRAY_SIZE(with); i++) {
		if ((rc = ll_pg_pull_table(&rows, pg, st, c.schema, with[i], NULL, NULL)) < 0) {
			ll_error_context("table %s", with[i]);
			goto out;
		}
		if (!strcmp(with[i], "evidence"))
			res->items = rows;
	}
	if ((rc = ll_pg_pull_where(&res->events, pg, st, c.schema, "events", window_where, 2, params,
				   NULL, NULL)) < 0) {
		ll_error_context("the events from %s to %s (ns)", lo, hi);
		goto out;
	}
	rc = ll_store_commit(st);
	sq_open = false;
out:
	if (sq_open)
		ll_store_rollback(st);
	if (pg_open)
		ll_pg_rollback(pg);
	res->query_seconds = now_s() - t0;
	return rc;
}
