/* SPDX-License-Identifier: Apache-2.0 */
/* Impact statistics of `analyze correlate`: each metric, attack window against baselines. */
#include "core/compat.h"
#include "analyze/correlate/correlate.h"

#include <math.h>

#include <sqlite3.h>

#include "analyze/correlate/stats.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/error.h"
#include "core/store.h"
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

static int aggregate(struct agg *a, struct ll_store *st, const char *site,
		     const char *unit, const char *metric, const struct ll_window *w)
{
	sqlite3_stmt *s = NULL;
	int rc;

	memset(a, 0, sizeof(*a));
	a->all_den = true;
	if ((rc = ll_store_prepare(&s, st,
				   "SELECT value, denominator, start_ns, end_ns FROM metrics"
				   " WHERE site_code = ? AND unit = ? AND metric = ?"
				   " AND start_ns >= ? AND end_ns <= ? ORDER BY start_ns")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, site, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, metric, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, w->from);
	sqlite3_bind_int64(s, 5, w->to);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		double v = sqlite3_column_double(s, 0);
		double *nv = ll_reallocarray(a->vals, a->nvals + 1, sizeof(*nv));

		if (!nv) {
			sqlite3_finalize(s);
			return ll_error_set(LL_ENOMEM, "out of memory");
		}
		a->vals = nv;
		a->vals[a->nvals++] = v;
		a->count += v;
		if (sqlite3_column_type(s, 1) == SQLITE_NULL)
			a->all_den = false;
		else
			a->den += sqlite3_column_double(s, 1);
		a->days += (double)(sqlite3_column_int64(s, 3) - sqlite3_column_int64(s, 2)) /
			   (86400.0 * LL_NS_PER_SEC);
		a->rows++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ll_store_error(st, "reading metrics");
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

static int one_stat(json_t *stats, struct ll_store *st, const char *site, const char *unit,
		    const char *metric, const struct ll_window *attack,
		    const struct ll_window *base, const char *label)
{
	struct agg a, b;
	bool median = strstr(metric, "_median_") != NULL;
	json_t *e;
	int rc;

	if ((rc = aggregate(&a, st, site, unit, metric, attack)) < 0)
		return rc;
	if ((rc = aggregate(&b, st, site, unit, metric, base)) < 0) {
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
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, cs->store,
				   "SELECT DISTINCT site_code, unit, metric FROM metrics"
				   " ORDER BY site_code, unit, metric")) < 0)
		return rc;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *site = (const char *)sqlite3_column_text(s, 0);
		const char *unit = (const char *)sqlite3_column_text(s, 1);
		const char *metric = (const char *)sqlite3_column_text(s, 2);

		for (size_t i = 0; i < nbaselines; i++) {
			const char *label = json_string_value(
				json_object_get(json_array_get(windows, i), "label"));

			if ((rc = one_stat(stats, cs->store, site, unit, metric, attack,
					   &baselines[i], label)) < 0)
				goto out;
		}
	}
out:
	sqlite3_finalize(s);
	return rc;
}
