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

static json_t *window_stat_json(const struct ll_corr_window_stat *a)
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
	json_object_set_new(e, "attack", window_stat_json(&s->attack));
	json_object_set_new(e, "baseline", window_stat_json(&s->baseline));
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


static const char intrusion_rule[] =
	"a finding is an attacker action (intrusion finding) when its ATT&CK techniques include "
	"T1078 (valid accounts), T1133 (external remote services), T1021* (remote services, "
	"lateral movement), T1569* (system services, execution) or T1543* (create or modify "
	"system process), or when its severity is high or critical";

static json_t *val_json(struct ll_corr_val v)
{
	return v.s ? json_string(v.s) : json_integer(v.i);
}

static json_t *vals_json(const struct ll_corr_vals *l)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < l->n; i++)
		if (json_array_append_new(a, val_json(l->v[i])) < 0) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

static json_t *conf_json(enum ll_corr_conf c)
{
	return c ? json_string(ll_corr_conf_name(c)) : json_null();
}

static json_t *link_json(const struct ll_corr_link *l)
{
	json_t *o = json_object();

	json_object_set_new(o, "kind", json_string(l->kind));
	json_object_set_new(o, "from", val_json(l->from));
	json_object_set_new(o, "to", val_json(l->to));
	json_object_set_new(o, "basis", json_string(l->basis));
	json_object_set_new(o, "confidence", json_string(ll_corr_conf_name(l->conf)));
	json_object_set_new(o, "reason", json_string(l->reason));
	json_object_set_new(o, "cites", json_pack("{s:o, s:o, s:o}", "events", vals_json(&l->events),
						  "findings", vals_json(&l->findings), "rows",
						  vals_json(&l->rows)));
	return o;
}

static json_t *links_json(const struct ll_corr_link *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, link_json(&v[i])) < 0) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

static json_t *intrusion_json(const struct ll_finding_row *f)
{
	if (!f)
		return json_null();
	return json_pack("{s:I, s:o, s:s, s:s}", "finding", (json_int_t)f->id, "time",
			 ll_correlate_time(f->first_ns), "title", f->title ? f->title : "", "host",
			 f->host ? f->host : "");
}

/* A value of the hospital's row, or null. */
static json_t *row_value(const json_t *row, const char *key)
{
	json_t *v = json_object_get(row, key);

	return v ? json_incref(v) : json_null();
}

static json_t *chain_json(const struct ll_corr_chain *c)
{
	const struct ll_harm_event *h = c->h;
	json_t *ch = json_object(), *notes = json_array();

	for (size_t i = 0; i < c->nnotes; i++)
		json_array_append_new(notes, json_string(c->notes[i]));
	json_object_set_new(ch, "harm_event_id", json_string(h->id));
	json_object_set_new(ch, "patient", json_string(h->patient));
	json_object_set_new(ch, "age_band", row_value(h->row, "age_band"));
	json_object_set_new(ch, "unit", json_string(h->unit));
	json_object_set_new(ch, "site_code", json_string(h->site_code));
	json_object_set_new(ch, "event_start", ll_correlate_time(h->start_ns));
	json_object_set_new(ch, "time_precision", json_string(h->time_precision));
	json_object_set_new(ch, "care_process", json_string(h->care_process));
	json_object_set_new(ch, "harm_level", json_string(h->harm_level));
	/* absent from the row, absent here: the validated row always has it */
	json_object_set(ch, "harm_scale", json_object_get(h->row, "harm_scale"));
	json_object_set_new(ch, "delay_minutes", row_value(h->row, "delay_minutes"));
	json_object_set_new(ch, "causality", json_string(h->causality));
	json_object_set_new(ch, "causality_method", row_value(h->row, "causality_method"));
	json_object_set_new(ch, "status", json_string(c->status));
	json_object_set_new(ch, "confidence", conf_json(c->conf));
	json_object_set_new(ch, "reaches_attack", json_boolean(c->conf != LL_CONF_NONE));
	json_object_set_new(ch, "row", json_string(h->locator));
	json_object_set_new(ch, "links", links_json(c->p.links, c->p.nlinks));
	json_object_set_new(ch, "hypotheses", links_json(c->p.hyps, c->p.nhyps));
	json_object_set_new(ch, "disruptions", vals_json(&c->disruptions));
	json_object_set_new(ch, "systems", vals_json(&c->p.systems));
	json_object_set_new(ch, "hosts", vals_json(&c->p.hosts));
	json_object_set_new(ch, "findings", vals_json(&c->p.findings));
	json_object_set_new(ch, "events", vals_json(&c->p.events));
	json_object_set_new(ch, "earliest_intrusion", intrusion_json(c->p.intrusion));
	json_object_set_new(ch, "notes", notes);
	return ch;
}

static json_t *endangerment_json(const struct ll_corr_endangerment *e)
{
	const struct ll_harm_disruption *d = e->d;
	const json_t *row = d->row, *unit = json_object_get(row, "count_unit");
	json_t *o = json_object(), *counts = json_object();

	if (json_object_get(row, "count_affected"))
		json_object_set(counts, json_string_value(unit) ? json_string_value(unit) : "affected",
				json_object_get(row, "count_affected"));
	json_object_set_new(o, "disruption_id", json_string(d->id));
	json_object_set_new(o, "type", json_string(d->type));
	json_object_set_new(o, "system", d->affected_system ? json_string(d->affected_system) : json_null());
	json_object_set_new(o, "service", json_string(d->unit));
	json_object_set_new(o, "site_code", json_string(d->site_code));
	json_object_set_new(o, "severity", json_string(d->severity));
	json_object_set_new(o, "life_critical", json_true());
	json_object_set_new(o, "start", ll_correlate_time(d->start_ns));
	json_object_set_new(o, "end", ll_correlate_time(d->end_ns));
	json_object_set_new(o, "duration_minutes",
			    json_integer((d->end_ns - d->start_ns) / (60 * LL_NS_PER_SEC)));
	json_object_set_new(o, "counts", counts);
	json_object_set_new(o, "linked_to_attack", json_boolean(e->conf != LL_CONF_NONE));
	json_object_set_new(o, "confidence", conf_json(e->conf));
	json_object_set_new(o, "hosts", vals_json(&e->p.hosts));
	json_object_set_new(o, "findings", vals_json(&e->p.findings));
	json_object_set_new(o, "events", vals_json(&e->events));
	json_object_set_new(o, "earliest_intrusion", intrusion_json(e->p.intrusion));
	json_object_set_new(o, "harm_events", vals_json(&e->harm_events));
	json_object_set_new(o, "links", links_json(e->p.links, e->p.nlinks));
	json_object_set_new(o, "hypotheses", links_json(e->p.hyps, e->p.nhyps));
	json_object_set_new(o, "row", json_string(d->locator));
	return o;
}

/* The chains counted by their real status (a hypothesis is not "linked"). */
static json_t *status_counts(const struct ll_correlation *c)
{
	static const char *const names[] = { "linked", "hypothesis", "not-linked-to-attack",
					     "unlinked", "causality-unlikely",
					     "causality-not-assessed" };
	json_t *o = json_object();

	for (size_t k = 0; k < LL_ARRAY_SIZE(names); k++) {
		json_int_t n = 0;

		for (size_t i = 0; i < c->nchains; i++)
			n += !strcmp(c->chains[i].status, names[k]);
		json_object_set_new(o, names[k], json_integer(n));
	}
	return o;
}

static json_t *span_json(const struct ll_window *w, const char *key, const char *text)
{
	return json_pack("{s:o, s:o, s:s}", "from", ll_correlate_time(w->from), "to",
			 ll_correlate_time(w->to), key, text);
}

json_t *ll_correlation_json(const struct ll_correlation *c)
{
	json_t *doc = json_object(), *bw = json_array(), *chains = json_array();
	json_t *endanger = json_array(), *paths = json_array();

	if (c->have_attack)
		json_object_set_new(doc, "attack_window",
				    span_json(&c->attack, "rule",
						 c->attack_given ? "given with --attack"
								 : "first disruption to last restoration"));
	else
		json_object_set_new(doc, "attack_window", json_null());
	for (size_t i = 0; i < c->nbaselines; i++)
		json_array_append_new(bw, span_json(&c->baselines[i], "label", c->labels[i]));
	for (size_t i = 0; i < c->nchains; i++)
		json_array_append_new(chains, chain_json(&c->chains[i]));
	for (size_t i = 0; i < c->nendangerment; i++)
		json_array_append_new(endanger, endangerment_json(&c->endangerment[i]));
	for (size_t i = 0; c->paths && i < c->paths->n; i++)
		json_array_append_new(paths, ll_attack_path_json(&c->paths->v[i]));
	json_object_set_new(doc, "schema", json_string("lifeline.correlate/1"));
	json_object_set_new(doc, "baseline_windows", bw);
	json_object_set_new(doc, "intrusion_rule", json_string(intrusion_rule));
	json_object_set_new(doc, "chains", chains);
	json_object_set_new(doc, "endangerment", endanger);
	json_object_set_new(doc, "chain_status", status_counts(c));
	json_object_set_new(doc, "attack_paths", paths);
	json_object_set_new(doc, "statistics", ll_corr_stats_json(&c->stats));
	json_object_set_new(doc, "notes", json_pack("[s,s]",
		"association is not individual causation: the statistics describe the population, each patient's harm rests on the hospital's clinical review (causality)",
		"a chain's confidence is that of its weakest link on the strongest path, and never above what the clinical causality assessment allows"));
	return doc;
}
