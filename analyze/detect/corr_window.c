/* SPDX-License-Identifier: Apache-2.0 */
/* Sliding windows of Sigma correlations: event_count, value_count, temporal, temporal_ordered. */
#include "core/compat.h"
#include "analyze/detect/corr_window.h"

#include "analyze/sigma/sigma_corr.h"
#include "core/alloc.h"
#include "core/error.h"

/* Satisfying windows that overlap (share a hit) become one. */
struct merge {
	struct ll_corr_window cur;
	bool open;
	ll_corr_window_cb cb;
	void *ctx;
};

static int merge_add(struct merge *m, size_t first, size_t last, int64_t count)
{
	int rc;

	if (m->open && first <= m->cur.last) {
		if (last > m->cur.last)
			m->cur.last = last;
		if (count > m->cur.count)
			m->cur.count = count;
		return 0;
	}
	if (m->open && (rc = m->cb(m->ctx, &m->cur)) < 0)
		return rc;
	m->cur = (struct ll_corr_window){ first, last, count };
	m->open = true;
	return 0;
}

static int merge_end(struct merge *m)
{
	return m->open ? m->cb(m->ctx, &m->cur) : 0;
}

/* b - a for a <= b, exact even when the signed difference would overflow. */
static bool within(int64_t a, int64_t b, int64_t span)
{
	return (uint64_t)b - (uint64_t)a <= (uint64_t)span;
}

/* event_count, value_count, temporal: a window starts at each hit. */
static int forward(const struct ll_sigma_corr *c, const struct ll_corr_hit *h, size_t n,
		   uint32_t *cnt, struct merge *m)
{
	int64_t distinct = 0;
	size_t j = 0;
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		size_t was = j;
		int64_t count;

		for (; j < n && within(h[i].t, h[j].t, c->timespan_ns); j++) {
			uint32_t k = c->type == LL_CORR_VALUE_COUNT ? h[j].val : h[j].ref;

			if (c->type != LL_CORR_EVENT_COUNT && cnt[k]++ == 0)
				distinct++;
		}
		if (c->type == LL_CORR_EVENT_COUNT)
			count = (int64_t)(j - i);
		else if (c->type == LL_CORR_VALUE_COUNT)
			count = distinct;
		else /* temporal: every referenced rule present */
			count = distinct == (int64_t)c->nrules ? 1 : 0;
		/*
		 * Only windows that reach a new hit: one inside the previous window
		 * holds a subset of it, and counted alone at the tail of a burst it
		 * would satisfy an upper bound (lt, lte, eq) the burst does not.
		 */
		if ((i == 0 || j > was) && ll_corr_condition(c, count))
			rc = merge_add(m, i, j - 1,
				       c->type == LL_CORR_TEMPORAL ? (int64_t)c->nrules : count);
		if (c->type != LL_CORR_EVENT_COUNT) {
			uint32_t k = c->type == LL_CORR_VALUE_COUNT ? h[i].val : h[i].ref;

			if (--cnt[k] == 0)
				distinct--;
		}
	}
	return rc;
}

/*
 * temporal_ordered: start[k] is the latest hit that begins a chain of
 * rules 0..k in order, so the chain completed by a hit of the last rule is
 * the shortest one ending there; it counts when it fits in the timespan.
 */
static int ordered(const struct ll_sigma_corr *c, const struct ll_corr_hit *h, size_t n,
		   struct merge *m)
{
	size_t start[LL_CORR_MAX_RULES];
	size_t last = c->nrules - 1, lo = 0;
	int rc = 0;

	for (size_t k = 0; k < c->nrules; k++)
		start[k] = SIZE_MAX;
	for (size_t x = 0; x < n && rc == 0; x++) {
		uint32_t r = h[x].ref;

		if (r > last)
			continue;
		if (r == 0)
			start[0] = x;
		else if (start[r - 1] != SIZE_MAX)
			start[r] = start[r - 1];
		if (r != last || start[last] == SIZE_MAX ||
		    !within(h[start[last]].t, h[x].t, c->timespan_ns))
			continue;
		while (!within(h[lo].t, h[x].t, c->timespan_ns))
			lo++;
		rc = merge_add(m, lo, x, (int64_t)c->nrules);
		start[last] = SIZE_MAX; /* the next completion needs a new chain */
	}
	return rc;
}

int ll_corr_windows(const struct ll_sigma_corr *c, const struct ll_corr_hit *h, size_t n,
		    size_t nvals, ll_corr_window_cb cb, void *ctx)
{
	struct merge m = { .cb = cb, .ctx = ctx };
	size_t slots = c->type == LL_CORR_VALUE_COUNT ? nvals : c->nrules;
	uint32_t *cnt;
	int rc;

	if (n == 0)
		return 0;
	if (c->type == LL_CORR_TEMPORAL_ORDERED) {
		rc = ordered(c, h, n, &m);
		return rc < 0 ? rc : merge_end(&m);
	}
	if (!(cnt = ll_calloc(slots ? slots : 1, sizeof(*cnt))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	rc = forward(c, h, n, cnt, &m);
	ll_free(cnt);
	return rc < 0 ? rc : merge_end(&m);
}
