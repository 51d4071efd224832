/* SPDX-License-Identifier: Apache-2.0 */
/* The CLI's progress bar on stderr, drawn only when stderr is a terminal. */
#ifndef LL_CLI_PROGRESS_H
#define LL_CLI_PROGRESS_H

#include "core/compat.h"

struct ll_progress {
	const char *label;
	uint64_t total;      /* 0 = unknown (stdin) */
	uint64_t done;
	int64_t start_ns;
	int64_t last_draw_ns;
	bool enabled;
	bool bytes;          /* show MB/s; else items/s */
};

/*
 * `enabled` is false when `quiet` (the -q option), when stderr is no tty or
 * when LIFELINE_NO_PROGRESS is set (tests and bench set it).
 */
void ll_progress_init(struct ll_progress *p, const char *label, uint64_t total,
		      bool bytes, bool quiet);
/* Redraws at most 10 times a second. */
void ll_progress_update(struct ll_progress *p, uint64_t done);
/* Draws the final state and a newline. */
void ll_progress_finish(struct ll_progress *p);

#endif
