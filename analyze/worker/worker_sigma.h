/* SPDX-License-Identifier: Apache-2.0 */
/* Sigma rule files parsed in a sandboxed worker process (issue #16): both sides. */
#ifndef LL_ANALYZE_WORKER_WORKER_SIGMA_H
#define LL_ANALYZE_WORKER_WORKER_SIGMA_H

#include "core/compat.h"

struct sy_node;

/* One rule file as the parent read (and hashed) it. */
struct ll_worker_sigma_doc {
	const char *
		name; /* its path below the rule set: messages, and the test hook */
	const char *text;
	size_t len;
};

/*
 * Called once per file, in order, with what ll_sy_parse made of it in the
 * worker: the tree (borrowed for the call) and rc 0, or NULL and the
 * parse's code and message. A negative return stops the run and is its
 * result.
 */
typedef int (*ll_worker_sigma_cb)(size_t index, const struct sy_node *root,
	int rc, const char *msg, void *payload);

/*
 * The parent's side: starts `lifeline __worker --sigma` with the files'
 * texts in a memory file (its only input), checks every frame it streams
 * back (analyze/worker/frame_sigma.h) and calls `cb` per file. Returns 0,
 * `cb`'s failure, or LL_ECORRUPT when the worker failed (a signal, a
 * refused frame, a non-zero exit, a file missing, the wall-clock limit):
 * the message names the rule file it was parsing and the cause. LL_EIO
 * when it cannot be started.
 */
int ll_worker_sigma_run(const struct ll_worker_sigma_doc *docs, size_t n,
	ll_worker_sigma_cb cb, void *payload);

/*
 * The worker's side: `lifeline __worker --sigma ARGS…` (argv after
 * "--sigma"). Returns the exit code: 0, or 3 after a message on stderr.
 */
int ll_worker_sigma_main(int argc, char **argv);

#endif
