/* SPDX-License-Identifier: Apache-2.0 */
/* Reading one evidence file in a sandboxed worker process (issue #16): both sides. */
#ifndef LL_ANALYZE_WORKER_WORKER_H
#define LL_ANALYZE_WORKER_WORKER_H

#include "core/compat.h"

struct ll_source_ctx;
struct ll_source_kind;
struct ll_input_budget;

/*
 * The parent's side, in place of k->run(ctx) (ctx as analyze/source.h
 * says, with its store): starts `lifeline __worker` (zygote.h: cloned by
 * the zygote, else fork+exec of /proc/self/exe, with only the file's
 * descriptor, the --mapping's and the frame pipe open), and stores what it streams back through ctx->w and
 * ctx->stats, exactly as the reader would have in-process. `index` is the
 * file's position in the item; `bud` the item's inflate budget, whose
 * file count and hit it updates.
 *
 * Returns the reader's result: 0, or its negative code with its message
 * (the caller rolls back, or keeps what came before a limit, as for an
 * in-process reader); a failed add of the parent's writer is returned the
 * same way. When the worker itself failed (a signal, a refused frame, a
 * non-zero exit, no END, the wall-clock limit) it is killed and reaped,
 * *worker_failed is set and the message names the cause. Returns 1 when
 * the file must be read in-process (its --mapping cannot be opened: the
 * reader fails on it before it reads the file).
 */
int ll_worker_run(struct ll_source_ctx *ctx, const struct ll_source_kind *k,
		  uint32_t index, struct ll_input_budget *bud, bool *worker_failed);

/*
 * True only in a test build (CMake LL_TESTS) whose environment sets
 * LIFELINE_NO_WORKERS: bench/ compares the readers in-process with the
 * workers. A release build always answers false, so no environment
 * variable can take the readers out of their sandbox there.
 */
bool ll_worker_bench_in_process(void);

/*
 * The worker's side: `lifeline __worker ARGS…` (argv after "__worker").
 * Does not return: the process ends with _exit (0, or 3 after a message
 * on stderr).
 */
int ll_worker_main(int argc, char **argv);

#endif
