/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The windows of a Sigma correlation over one group's matches, sorted by
 * time: a sliding window (two indices moving forward), never a pairwise
 * comparison. Pure: no store, no rules; unit-tested on its own.
 */
#ifndef LL_ANALYZE_DETECT_CORR_WINDOW_H
#define LL_ANALYZE_DETECT_CORR_WINDOW_H

#include "core/compat.h"

struct ll_sigma_corr;

/* One match of a referenced rule, within one group. */
struct ll_corr_hit {
	int64_t t, id;   /* event time (ns) and id */
	uint32_t ref;    /* which referenced rule (its position in the correlation) */
	uint32_t val;    /* value_count: the value's number in the group (0..nvals-1) */
};

/* A finding's window: hits [first, last] of the group, inclusive. */
struct ll_corr_window {
	size_t first, last;
	int64_t count;   /* the largest count of the windows merged into it */
};

typedef int (*ll_corr_window_cb)(void *ctx, const struct ll_corr_window *w);

/*
 * Calls `cb` once per maximal run of overlapping windows that satisfy `c`.
 * `h` is sorted by (t, id); for event_count and value_count each event is
 * in it once. A window starts at a hit and holds the hits at most the
 * timespan later (inclusive: exactly `timespan` apart is inside); a window
 * that reaches no hit beyond the previous one is a part of it and is not
 * counted on its own (so upper bounds hold for whole runs). For
 * temporal_ordered a window ends at the hit that completes the sequence
 * and holds the hits at most the timespan before it. `nvals` bounds the
 * values' numbers (value_count). A negative return of `cb` stops the walk.
 */
int ll_corr_windows(const struct ll_sigma_corr *c, const struct ll_corr_hit *h, size_t n,
		    size_t nvals, ll_corr_window_cb cb, void *ctx);

#endif
