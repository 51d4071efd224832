/* SPDX-License-Identifier: Apache-2.0 */
/* `analyze timeline --jobs N`: up to N reader workers at once, their frames stored in order. */
#ifndef LL_ANALYZE_WORKER_POOL_H
#define LL_ANALYZE_WORKER_POOL_H

#include "core/compat.h"

struct ll_case;
struct ll_evidence;
struct ll_input_budget;
struct ll_source_ctx;
struct ll_source_kind;
struct ll_timeline_run_opts;
struct ll_worker_pool;

/*
 * A pool for one `analyze timeline` run over list[0..n) (borrowed, with
 * cs and opts, until ll_worker_pool_free). With jobs == 1 it starts each
 * worker when its file's turn comes, as ll_worker_run does. With more,
 * while the parent stores one file it starts the workers of the files to
 * come (in the run's order, up to `jobs` processes at once), checks their
 * frames as they arrive and spools them (in memory up to a bound, then in
 * an unlinked file in the case directory) until their turn.
 */
int ll_worker_pool_new(struct ll_worker_pool **out, struct ll_case *cs,
		       struct ll_evidence *const *list, size_t n,
		       const struct ll_timeline_run_opts *opts, unsigned jobs);

/* Stops (SIGKILL) and reaps the workers still running, drops their spools. NULL: no-op. */
void ll_worker_pool_free(struct ll_worker_pool *p);

/* The run's probe cache (analyze/worker/probe.h), owned by the pool; NULL for a NULL pool. */
struct ll_worker_probe *ll_worker_pool_probe(struct ll_worker_pool *p);

/*
 * ll_worker_run (analyze/worker/worker.h) for the file `index` of ctx->ev,
 * one of the pool's items, called in the run's order: takes the worker
 * started early for it, if any (the frames it spooled are stored first),
 * else starts one. Workers started for files the run passed over are
 * stopped. Same results and same messages as ll_worker_run.
 */
int ll_worker_pool_run(struct ll_worker_pool *p, struct ll_source_ctx *ctx,
		       const struct ll_source_kind *k, uint32_t index,
		       struct ll_input_budget *bud, bool *worker_failed);

#endif
