/* SPDX-License-Identifier: Apache-2.0 */
/* A worker reader's open, done in its prepare hook and returned by its run. */
#ifndef LL_ANALYZE_READERS_PREPARED_H
#define LL_ANALYZE_READERS_PREPARED_H

#include "core/compat.h"

/*
 * A reader whose library opens by name opens in prepare (before the
 * worker's lock-down) and reads in run; the open's failure is the file's,
 * so run returns it as its own, with its message.
 */
struct ll_prepared {
	bool ready;
	int rc;
	char msg[1024];
};

/* Keeps prepare's open result `rc` (and its message when < 0). Returns 0, prepare's own result. */
int ll_prepared_done(struct ll_prepared *p, int rc);

/*
 * In run: false when prepare did not run (in-process: run opens itself);
 * otherwise true, once, with *rc the open's result (its message set again).
 */
bool ll_prepared_take(struct ll_prepared *p, int *rc);

#endif
