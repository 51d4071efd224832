/* SPDX-License-Identifier: Apache-2.0 */
/* Inside `analyze correlate`: the typed statistics and their JSON form (correlate_json.c). */
#ifndef LL_ANALYZE_CORRELATE_INT_H
#define LL_ANALYZE_CORRELATE_INT_H

#include "core/compat.h"

#include <jansson.h>

#include "analyze/correlate/correlate.h"
#include "analyze/correlate/stats.h"
#include "analyze/harm/harm.h"

struct ll_store;

/* One window of one metric series: the rows within it, summed. */
struct ll_corr_window_stat {
	struct ll_window w;
	const char *label;         /* baselines only; borrowed */
	size_t rows;
	double days, count, den;
	bool all_den;              /* every row has a denominator */
	bool has_median;           /* median metrics: the median of the period values */
	double median_of_periods;
};

/* One metric series, the attack window against one baseline. */
struct ll_corr_stat {
	const struct ll_harm_metric_key *key; /* borrowed from ll_corr_stats.keys */
	struct ll_corr_window_stat attack, baseline;
	bool median;               /* a median metric ("_median_" in its name) */
	struct ll_median_diff md;  /* median metrics */
	struct ll_rate_ratio rr;   /* the others */
	bool per_den;              /* rate per denominator, else per day */
};

struct ll_corr_stats {
	struct ll_harm_metric_key *keys;
	size_t nkeys;
	struct ll_corr_stat *v;
	size_t n;
};

/*
 * Every metric series against each baseline (`labels[i]` names
 * baselines[i]); a series without rows in one of the two windows is left
 * out. Release with ll_corr_stats_release.
 */
int ll_correlate_statistics(struct ll_corr_stats *out, struct ll_store *st,
			    const struct ll_window *attack, const struct ll_window *baselines,
			    const char *const *labels, size_t nbaselines);
void ll_corr_stats_release(struct ll_corr_stats *s);

/* The "statistics" array of docs/formats/correlation.md; NULL on allocation failure. */
json_t *ll_corr_stats_json(const struct ll_corr_stats *s);

/* "2025-10-10T02:30:00Z" as a JSON string. */
json_t *ll_correlate_time(int64_t ns);

#endif
