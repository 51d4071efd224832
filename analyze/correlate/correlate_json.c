/* SPDX-License-Identifier: Apache-2.0 */
/* `analyze correlate`'s typed results as JSON (docs/formats/correlation.md): keys in their order. */
#include "core/compat.h"
#include "analyze/correlate/correlate_int.h"

#include <math.h>

#include "core/time.h"

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

static json_t *window_json(const struct ll_corr_window_stat *a)
{
	json_t *j = json_object();

	json_object_set_new(j, "from", ll_correlate_time(a->w.from));
	json_object_set_new(j, "to", ll_correlate_time(a->w.to));
	if (a->label)
		json_object_set_new(j, "label", json_string(a->label));
	json_object_set_new(j, "rows", json_integer((json_int_t)a->rows));
	json_object_set_new(j, "days", json_real(a->days));
	if (a->has_median) {
		json_object_set_new(j, "median_of_periods", num(a->median_of_periods));
		json_object_set_new(j, "count", json_null());
	} else {
		json_object_set_new(j, "count", json_integer((json_int_t)llround(a->count)));
	}
	json_object_set_new(j, "denominator",
			    a->all_den && a->rows ? json_integer((json_int_t)llround(a->den)) : json_null());
	return j;
}

static void median_json(json_t *e, const struct ll_median_diff *md)
{
	json_object_set_new(e, "rate_ratio", json_null());
	json_object_set_new(e, "ci95", json_null());
	json_object_set_new(e, "method",
			    json_string("difference of the medians of the period values (attack - baseline), percentile bootstrap 95% CI"));
	json_object_set_new(e, "median_difference",
			    json_pack("{s:o, s:o, s:o, s:[o,o], s:I, s:I}", "attack", num(md->attack),
				      "baseline", num(md->baseline), "difference", num(md->diff),
				      "ci95", num(md->lo), num(md->hi), "bootstrap_seed",
				      (json_int_t)md->seed, "bootstrap_reps", (json_int_t)md->reps));
}

static void rate_json(json_t *e, const struct ll_rate_ratio *rr, bool per_den)
{
	bool exact = rr->exact_used || isnan(rr->wald_lo);

	json_object_set_new(e, "exposure", json_string(per_den ? "denominator" : "days"));
	json_object_set_new(e, "rate_ratio", rr->defined ? num(rr->rr) : json_null());
	if (exact)
		json_object_set_new(e, "ci95", json_pack("[o,o]", num(rr->exact_lo), num(rr->exact_hi)));
	else
		json_object_set_new(e, "ci95", json_pack("[o,o]", num(rr->wald_lo), num(rr->wald_hi)));
	json_object_set_new(e, "ci95_wald", json_pack("[o,o]", num(rr->wald_lo), num(rr->wald_hi)));
	json_object_set_new(e, "ci95_exact", json_pack("[o,o]", num(rr->exact_lo), num(rr->exact_hi)));
	json_object_set_new(e, "p_exact", num(rr->p_exact));
	json_object_set_new(e, "method",
			    json_string(exact ? "Poisson rate ratio; exact conditional binomial (Clopper-Pearson) 95% CI (small counts)"
					      : "Poisson rate ratio; log-normal (Wald) 95% CI exp(ln RR +/- 1.96 sqrt(1/a+1/b))"));
	json_object_set_new(e, "median_difference", json_null());
}

static json_t *stat_json(const struct ll_corr_stat *s)
{
	json_t *e = json_object();

	json_object_set_new(e, "metric", json_string(s->key->metric));
	json_object_set_new(e, "site_code", json_string(s->key->site_code));
	json_object_set_new(e, "unit", json_string(s->key->unit));
	json_object_set_new(e, "attack", window_json(&s->attack));
	json_object_set_new(e, "baseline", window_json(&s->baseline));
	if (s->median)
		median_json(e, &s->md);
	else
		rate_json(e, &s->rr, s->per_den);
	return e;
}

json_t *ll_corr_stats_json(const struct ll_corr_stats *s)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < s->n; i++)
		if (json_array_append_new(a, stat_json(&s->v[i])) < 0) {
			json_decref(a);
			a = NULL;
		}
	return a;
}
