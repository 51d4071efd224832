/* SPDX-License-Identifier: Apache-2.0 */
/* Impact statistics of `analyze correlate`: each metric, attack window against baselines. */
#include "core/compat.h"
#include "analyze/correlate/correlate_int.h"

#include <math.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/time.h"

#define BOOTSTRAP_SEED UINT64_C(20230509)
#define BOOTSTRAP_REPS 2000

struct agg {
	struct ll_corr_window_stat *out;
	double *vals;              /* the period values, in time order */
	size_t nvals;
};

/* Sums the rows of one series in one window; keeps their values for medians. */
static int aggregate(struct agg *a, struct ll_corr_window_stat *out, struct ll_store *st,
		     const struct ll_harm_metric_key *key, const struct ll_window *w,
		     bool median)
{
	struct ll_harm_metric_row *r = NULL;
	size_t n = 0;
	int rc;

	memset(a, 0, sizeof(*a));
	a->out = out;
	out->w = *w;
	out->all_den = true;
	if ((rc = ll_harm_metric_rows(&r, &n, st, key, w->from, w->to)) < 0)
		return rc;
	if (!(a->vals = ll_calloc(n ? n : 1, sizeof(*a->vals)))) {
		ll_free(r);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		a->vals[a->nvals++] = r[i].value;
		out->count += r[i].value;
		if (!r[i].has_denominator)
			out->all_den = false;
		else
			out->den += r[i].denominator;
		out->days += (double)(r[i].end_ns - r[i].start_ns) / (86400.0 * LL_NS_PER_SEC);
		out->rows++;
	}
	ll_free(r);
	if (median) {
		/* on a copy: the bootstrap resamples the values in their time order */
		double *tmp = ll_calloc(a->nvals ? a->nvals : 1, sizeof(*tmp));

		if (!tmp)
			return ll_error_set(LL_ENOMEM, "out of memory");
		memcpy(tmp, a->vals, a->nvals * sizeof(*tmp));
		out->has_median = true;
		out->median_of_periods = ll_stats_median(tmp, a->nvals);
		ll_free(tmp);
	}
	return 0;
}

/* One series against one baseline; *kept false when a window has no rows. */
static int one_stat(bool *kept, struct ll_corr_stat *e, struct ll_store *st,
		    const struct ll_window *attack, const struct ll_window *base)
{
	struct agg a, b;
	int rc;

	*kept = false;
	e->median = strstr(e->key->metric, "_median_") != NULL;
	if ((rc = aggregate(&a, &e->attack, st, e->key, attack, e->median)) < 0) {
		ll_free(a.vals);
		return rc;
	}
	if ((rc = aggregate(&b, &e->baseline, st, e->key, base, e->median)) < 0)
		goto out;
	if (!e->attack.rows || !e->baseline.rows)
		goto out; /* no data in one window: nothing to compare */
	if (e->median) {
		rc = ll_stats_median_diff(&e->md, a.vals, a.nvals, b.vals, b.nvals,
					  BOOTSTRAP_SEED, BOOTSTRAP_REPS);
	} else {
		const struct ll_corr_window_stat *x = &e->attack, *y = &e->baseline;
		uint64_t ca = (uint64_t)llround(y->count), cb = (uint64_t)llround(x->count);

		e->per_den = x->all_den && y->all_den && x->den > 0 && y->den > 0;
		rc = ll_stats_rate_ratio(&e->rr, ca, e->per_den ? y->den : y->days, cb,
					 e->per_den ? x->den : x->days);
	}
	*kept = rc == 0;
out:
	ll_free(a.vals);
	ll_free(b.vals);
	return rc;
}

void ll_corr_stats_release(struct ll_corr_stats *s)
{
	ll_harm_metric_keys_free(s->keys, s->nkeys);
	ll_free(s->v);
	memset(s, 0, sizeof(*s));
}

int ll_correlate_statistics(struct ll_corr_stats *out, struct ll_store *st,
			    const struct ll_window *attack, const struct ll_window *baselines,
			    const char *const *labels, size_t nbaselines)
{
	struct ll_corr_stats s = { 0 };
	int rc;

	if ((rc = ll_harm_metric_keys(&s.keys, &s.nkeys, st)) < 0)
		return rc;
	for (size_t k = 0; k < s.nkeys && rc == 0; k++) {
		for (size_t i = 0; i < nbaselines && rc == 0; i++) {
			struct ll_corr_stat *nv = ll_reallocarray(s.v, s.n + 1, sizeof(*nv));
			bool kept;

			if (!nv) {
				rc = ll_error_set(LL_ENOMEM, "out of memory");
				break;
			}
			s.v = nv;
			memset(&nv[s.n], 0, sizeof(nv[s.n]));
			nv[s.n].key = &s.keys[k];
			nv[s.n].baseline.label = labels[i];
			if ((rc = one_stat(&kept, &nv[s.n], st, attack, &baselines[i])) == 0 && kept)
				s.n++;
		}
	}
	if (rc < 0) {
		ll_corr_stats_release(&s);
		return rc;
	}
	*out = s;
	return 0;
}
