/* SPDX-License-Identifier: Apache-2.0 */
/* Impact statistics of `analyze correlate`: each metric, attack window against baselines. */
#include "core/compat.h"
#include "analyze/correlate/correlate.h"

#include <math.h>

#include "analyze/correlate/stats.h"
#include "analyze/harm/harm.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/error.h"
#include "core/time.h"

#define BOOTSTRAP_SEED UINT64_C(20230509)
#define BOOTSTRAP_REPS 2000

json_t *ll_correlate_time(int64_t ns)
{
	char t[48];

	ll_time_format(t, sizeof(t), ns, 0);
	return json_string(t);
}

static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

struct agg {
	double count, den, days;
	bool all_den;
	size_t rows;
	double *vals;
	size_t nvals;
};

static void agg_release(struct agg *a)
{
	ll_free(a->vals);
}

static int aggregate(struct agg *a, struct ll_store *st, const struct ll_harm_metric_key *key,
		     const struct ll_window *w)
{
	struct ll_harm_metric_row *r = NULL;
	size_t n = 0;
	int rc;

	memset(a, 0, sizeof(*a));
	a->all_den = true;
	if ((rc = ll_harm_metric_rows(&r, &n, st, key, w->from, w->to)) < 0)
		return rc;
	if (!(a->vals = ll_calloc(n ? n : 1, sizeof(*a->vals)))) {
		ll_free(r);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		a->vals[a->nvals++] = r[i].value;
		a->count += r[i].value;
		if (!r[i].has_denominator)
			a->all_den = false;
		else
			a->den += r[i].denominator;
		a->days += (double)(r[i].end_ns - r[i].start_ns) / (86400.0 * LL_NS_PER_SEC);
		a->rows++;
	}
	ll_free(r);
	return 0;
}

static json_t *window_json(const struct agg *a, const struct ll_window *w, const char *label,
			   bool median)
{
	json_t *j = json_object();

	json_object_set_new(j, "from", ll_correlate_time(w->from));
	json_object_set_new(j, "to", ll_correlate_time(w->to));
	if (label)
		json_object_set_new(j, "label", json_string(label));
	json_object_set_new(j, "rows", json_integer((json_int_t)a->rows));
	json_object_set_new(j, "days", json_real(a->days));
	if (median) {
		double *tmp = ll_calloc(a->nvals ? a->nvals : 1, sizeof(*tmp));

		if (tmp) {
			memcpy(tmp, a->vals, a->nvals * sizeof(*tmp));
			json_object_set_new(j, "median_of_periods", num(ll_stats_median(tmp, a->nvals)));
		}
		ll_free(tmp);
		json_object_set_new(j, "count", json_null());
	} else {
		json_object_set_new(j, "count", json_integer((json_int_t)llround(a->count)));
	}
	json_object_set_new(j, "denominator",
			    a->all_den && a->rows ? json_integer((json_int_t)llround(a->den)) : json_null());
	return j;
}

static int one_stat(json_t *stats, struct ll_store *st, const struct ll_harm_metric_key *key,
		    const struct ll_window *attack, const struct ll_window *base,
		    const char *label)
{
	const char *site = key->site_code, *unit = key->unit, *metric = key->metric;
	struct agg a, b;
	bool median = strstr(metric, "_median_") != NULL;
	json_t *e;
	int rc;

	if ((rc = aggregate(&a, st, key, attack)) < 0)
		return rc;
	if ((rc = aggregate(&b, st, key, base)) < 0) {
		agg_release(&a);
		return rc;
	}
	if (!a.rows || !b.rows)
		goto out; /* no data in one window: nothing to compare */
	e = json_object();
	json_object_set_new(e, "metric", json_string(metric));
	json_object_set_new(e, "site_code", json_string(site));
	json_object_set_new(e, "unit", json_string(unit));
	json_object_set_new(e, "attack", window_json(&a, attack, NULL, median));
	json_object_set_new(e, "baseline", window_json(&b, base, label, median));
	if (median) {
		struct ll_median_diff md;

		json_object_set_new(e, "rate_ratio", json_null());
		json_object_set_new(e, "ci95", json_null());
		if ((rc = ll_stats_median_diff(&md, a.vals, a.nvals, b.vals, b.nvals,
					       BOOTSTRAP_SEED, BOOTSTRAP_REPS)) < 0) {
			json_decref(e);
			goto out;
		}
		json_object_set_new(e, "method",
				    json_string("difference of the medians of the period values (attack - baseline), percentile bootstrap 95% CI"));
		json_object_set_new(e, "median_difference",
				    json_pack("{s:o, s:o, s:o, s:[o,o], s:I, s:I}", "attack", num(md.attack),
					      "baseline", num(md.baseline), "difference", num(md.diff),
					      "ci95", num(md.lo), num(md.hi), "bootstrap_seed",
					      (json_int_t)md.seed, "bootstrap_reps", (json_int_t)md.reps));
	} else {
		struct ll_rate_ratio rr;
		bool per_den = a.all_den && b.all_den && a.den > 0 && b.den > 0;
		uint64_t ca = (uint64_t)llround(b.count), cb = (uint64_t)llround(a.count);

		if ((rc = ll_stats_rate_ratio(&rr, ca, per_den ? b.den : b.days, cb,
					      per_den ? a.den : a.days)) < 0) {
			json_decref(e);
			goto out;
		}
		json_object_set_new(e, "exposure", json_string(per_den ? "denominator" : "days"));
		json_object_set_new(e, "rate_ratio", rr.defined ? num(rr.rr) : json_null());
		if (rr.exact_used || isnan(rr.wald_lo))
			json_object_set_new(e, "ci95", json_pack("[o,o]", num(rr.exact_lo), num(rr.exact_hi)));
		else
			json_object_set_new(e, "ci95", json_pack("[o,o]", num(rr.wald_lo), num(rr.wald_hi)));
		json_object_set_new(e, "ci95_wald", json_pack("[o,o]", num(rr.wald_lo), num(rr.wald_hi)));
		json_object_set_new(e, "ci95_exact", json_pack("[o,o]", num(rr.exact_lo), num(rr.exact_hi)));
		json_object_set_new(e, "p_exact", num(rr.p_exact));
		json_object_set_new(e, "method",
				    json_string(rr.exact_used || isnan(rr.wald_lo)
							? "Poisson rate ratio; exact conditional binomial (Clopper-Pearson) 95% CI (small counts)"
							: "Poisson rate ratio; log-normal (Wald) 95% CI exp(ln RR +/- 1.96 sqrt(1/a+1/b))"));
		json_object_set_new(e, "median_difference", json_null());
	}
	json_array_append_new(stats, e);
out:
	agg_release(&a);
	agg_release(&b);
	return rc;
}

int ll_correlate_statistics(json_t *stats, const json_t *windows, struct ll_case *cs,
			    const struct ll_window *attack,
			    const struct ll_window *baselines, size_t nbaselines)
{
	struct ll_harm_metric_key *keys = NULL;
	size_t nkeys = 0;
	int rc;

	if ((rc = ll_harm_metric_keys(&keys, &nkeys, cs->store)) < 0)
		return rc;
	for (size_t k = 0; k < nkeys && rc == 0; k++) {
		for (size_t i = 0; i < nbaselines && rc == 0; i++) {
			const char *label = json_string_value(
				json_object_get(json_array_get(windows, i), "label"));

			rc = one_stat(stats, cs->store, &keys[k], attack, &baselines[i], label);
		}
	}
	ll_harm_metric_keys_free(keys, nkeys);
	return rc;
}
