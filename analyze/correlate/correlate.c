/* SPDX-License-Identifier: Apache-2.0 */
/* `analyze correlate`: chains from patient harm back to the attacker, endangerment, storage. */
#include "core/compat.h"
#include "analyze/correlate/correlate.h"

#include <ctype.h>

#include "analyze/correlate/attack_graph.h"
#include "analyze/correlate/correlate_int.h"
#include "analyze/harm/harm.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/event/event.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/store.h"
#include "core/time.h"

#define SEC LL_NS_PER_SEC
#define HOUR (3600 * SEC)
#define DAY (86400 * SEC)
#define MAX_CITED_EVENTS 20

/* A stored finding (up to MAX_CITED_EVENTS cited events) and what correlation makes of it. */
struct finding {
	const struct ll_finding_row *r;
	bool intrusion;
};

struct ctx {
	struct ll_store *st;
	struct ll_finding_list fl;
	struct finding *f;
	size_t nf;
	struct ll_harm_data hd; /* systems by host name, disruptions and harm events by id */
	struct ll_attack_graph *g;
	struct ll_attack_paths *paths; /* computed once per (system, host, disruption start) */
};

/* A host behind a disrupted system: from the inventory, or named by the disruption only. */
struct host_cand {
	const char *hostname, *locator;
	bool not_in_inventory;
};

/* Host names compare without case and without their domain. */
static bool host_eq(const char *a, const char *b)
{
	if (!a || !b || !*a || !*b)
		return false;
	for (; *a && *a != '.' && *b && *b != '.'; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return (!*a || *a == '.') && (!*b || *b == '.');
}

static bool ieq(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

static bool is_intrusion(const char *techniques, const char *severity)
{
	static const char *const t[] = { "T1078", "T1133", "T1021", "T1569", "T1543" };

	if (ieq(severity, "high") || ieq(severity, "critical"))
		return true;
	for (size_t i = 0; techniques && i < LL_ARRAY_SIZE(t); i++)
		if (strstr(techniques, t[i]))
			return true;
	return false;
}

static int64_t slack(const char *precision)
{
	if (!precision || !strcmp(precision, "second"))
		return 0;
	if (!strcmp(precision, "minute"))
		return 60 * SEC;
	if (!strcmp(precision, "hour"))
		return HOUR;
	return DAY; /* day, approx */
}

static int load_findings(struct ctx *c)
{
	int rc;

	if ((rc = ll_findings_load(&c->fl, c->st, NULL, MAX_CITED_EVENTS)) < 0)
		return rc;
	if (!(c->f = ll_calloc(c->fl.n, sizeof(*c->f))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < c->fl.n; i++) {
		c->f[i].r = &c->fl.v[i];
		c->f[i].intrusion = is_intrusion(c->fl.v[i].techniques, c->fl.v[i].severity);
	}
	c->nf = c->fl.n;
	return 0;
}

static const struct ll_harm_disruption *find_disruption(const struct ctx *c, const char *id)
{
	for (size_t i = 0; id && i < c->hd.ndisruptions; i++)
		if (!strcmp(c->hd.disruptions[i].id, id))
			return &c->hd.disruptions[i];
	return NULL;
}

/* Systems a care process depends on, for disruptions of another unit. */
static bool care_uses(const char *process, const char *sys)
{
	static const struct { const char *p, *s; } uses[] = {
		{ "diagnosis_lab", "LIS" }, { "imaging", "RIS" }, { "imaging", "PACS" },
		{ "medication", "pharmacy" }, { "medication", "CPOE" },
		{ "monitoring", "monitoring_central" }, { "transfusion", "blood_bank" },
		{ "radiotherapy", "TPS" }, { "ed_triage", "EHR" }, { "ed_triage", "PAS" },
	};

	for (size_t i = 0; sys && i < LL_ARRAY_SIZE(uses); i++)
		if (!strcmp(uses[i].p, process) && ieq(uses[i].s, sys))
			return true;
	return false;
}

static struct ll_corr_val vstr(const char *s)
{
	return (struct ll_corr_val){ s, 0 };
}

static struct ll_corr_val vint(int64_t i)
{
	return (struct ll_corr_val){ NULL, i };
}

static bool val_eq(struct ll_corr_val a, struct ll_corr_val b)
{
	if (a.s || b.s)
		return a.s && b.s && !strcmp(a.s, b.s);
	return a.i == b.i;
}

/* Appends `v` (once only, when `unique`); a failure is kept in *err, so a walk checks once. */
static void vals_add(struct ll_corr_vals *l, struct ll_corr_val v, bool unique, int *err)
{
	struct ll_corr_val *nv;

	for (size_t i = 0; unique && i < l->n; i++)
		if (val_eq(l->v[i], v))
			return;
	if (!(nv = ll_reallocarray(l->v, l->n + 1, sizeof(*nv)))) {
		*err = ll_error_set(LL_ENOMEM, "out of memory");
		return;
	}
	l->v = nv;
	nv[l->n++] = v;
}

static void vals_release(struct ll_corr_vals *l)
{
	ll_free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* A path being walked, and the first allocation failure on the way. */
struct walk {
	struct ll_corr_path *p;
	int err;
};

/* A new link at the end of the path's; valid until the next one. NULL on allocation failure. */
static struct ll_corr_link *add_link(struct walk *w, struct ll_corr_link **v, size_t *n,
				     const char *kind, struct ll_corr_val from,
				     struct ll_corr_val to, const char *basis, enum ll_corr_conf cf,
				     const char *why)
{
	struct ll_corr_link *nl = ll_reallocarray(*v, *n + 1, sizeof(*nl)), *l;

	if (!nl) {
		w->err = ll_error_set(LL_ENOMEM, "out of memory");
		return NULL;
	}
	*v = nl;
	l = &nl[*n];
	memset(l, 0, sizeof(*l));
	if (!(l->reason = ll_strdup(why))) {
		w->err = ll_error_set(LL_ENOMEM, "out of memory");
		return NULL;
	}
	(*n)++;
	l->kind = kind;
	l->from = from;
	l->to = to;
	l->basis = basis;
	l->conf = cf;
	return l;
}

static struct ll_corr_link *link_new(struct walk *w, const char *kind, struct ll_corr_val from,
				     struct ll_corr_val to, const char *basis, enum ll_corr_conf cf,
				     const char *why)
{
	return add_link(w, &w->p->links, &w->p->nlinks, kind, from, to, basis, cf, why);
}

/* A hypothesis: a link resting on time alone, kept apart from the chain's links. */
static struct ll_corr_link *hyp_new(struct walk *w, const char *kind, struct ll_corr_val from,
				    struct ll_corr_val to, const char *why)
{
	return add_link(w, &w->p->hyps, &w->p->nhyps, kind, from, to, "time only", LL_CONF_LOW, why);
}

static void cite(struct walk *w, struct ll_corr_vals *what, struct ll_corr_val v)
{
	vals_add(what, v, true, &w->err);
}

static void links_release(struct ll_corr_link *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ll_free(v[i].reason);
		vals_release(&v[i].events);
		vals_release(&v[i].findings);
		vals_release(&v[i].rows);
	}
	ll_free(v);
}

void ll_corr_path_release(struct ll_corr_path *p)
{
	links_release(p->links, p->nlinks);
	links_release(p->hyps, p->nhyps);
	vals_release(&p->systems);
	vals_release(&p->hosts);
	vals_release(&p->findings);
	vals_release(&p->events);
	memset(p, 0, sizeof(*p));
}

/* The attack path to a host before `until`, computed once and kept for the document. */
static int host_path(const struct ll_attack_path **out, const struct ctx *c, const char *sys,
		     const char *h, int64_t until)
{
	struct ll_attack_paths *l = c->paths;
	struct ll_attack_path *nv;
	int rc;

	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].system, sys) && !strcmp(l->v[i].host, h) && l->v[i].until_ns == until) {
			*out = &l->v[i];
			return 0;
		}
	if (!(nv = ll_reallocarray(l->v, l->n + 1, sizeof(*nv))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	l->v = nv;
	if ((rc = ll_attack_graph_path(&nv[l->n], c->g, sys, h, until)) < 0) {
		ll_attack_path_release(&nv[l->n]);
		return rc;
	}
	*out = &nv[l->n++];
	return 0;
}

static const struct ll_finding_row *finding_by_id(const struct ctx *c, int64_t id)
{
	for (size_t i = 0; i < c->nf; i++)
		if (c->f[i].r->id == id)
			return c->f[i].r;
	return NULL;
}

/*
 * The host->attack link: the attack path reaches the host (its confidence
 * is the path's weakest step); else the time-only links, as hypotheses.
 */
static int host_attack(enum ll_corr_conf *best, struct walk *w, const struct ctx *c,
		       const char *sys, const char *h, enum ll_corr_conf c_host, int64_t start)
{
	const struct ll_attack_path *pa = NULL;
	struct ll_corr_link *l;
	char why[512];
	int rc;

	if ((rc = host_path(&pa, c, sys, h, start)) < 0)
		return rc;
	if (pa->complete) {
		const struct ll_finding_row *in = finding_by_id(c, pa->start_finding);
		enum ll_corr_conf p = c_host < pa->conf ? c_host : pa->conf;

		snprintf(why, sizeof(why),
			 "the attack path from %s reaches %s in %zu steps, each resting on evidence (attack_paths: system %s, host %s); its weakest step is %s",
			 pa->actor, h, pa->nsteps, sys, h, ll_corr_conf_name(pa->conf));
		if (!(l = link_new(w, "host->attack", vstr(h), vstr(pa->actor), "attack path", pa->conf, why)))
			return w->err;
		for (size_t i = 0; i < pa->nsteps; i++) {
			const struct ll_attack_step *s = &pa->steps[i];

			if (s->finding_id) {
				cite(w, &l->findings, vint(s->finding_id));
				vals_add(&w->p->findings, vint(s->finding_id), true, &w->err);
			}
			for (size_t k = 0; k < s->ncites; k++) {
				cite(w, &l->events, vint(s->cites[k].event_id));
				vals_add(&w->p->events, vint(s->cites[k].event_id), true, &w->err);
			}
		}
		if (in && (!w->p->intrusion || in->first_ns < w->p->intrusion->first_ns))
			w->p->intrusion = in;
		if (p > *best)
			*best = p;
		return w->err;
	}
	for (size_t i = 0; i < pa->nhyps; i++) {
		const struct ll_attack_step *s = &pa->hyps[i];

		if (!(l = hyp_new(w, s->kind == LL_STEP_EDGE ? "command->host" : "host->finding", vstr(h),
				  vint(s->finding_id), s->basis)))
			return w->err;
		if (s->finding_id)
			cite(w, &l->findings, vint(s->finding_id));
		for (size_t k = 0; k < s->ncites; k++)
			cite(w, &l->events, vint(s->cites[k].event_id));
	}
	return w->err;
}

/* From one host behind a disrupted system to the findings on it and the earliest intrusion. */
static int walk_host(enum ll_corr_conf *best, struct walk *w, const struct ctx *c,
		     const struct ll_harm_disruption *d, const struct host_cand *sr,
		     const char *sys, int64_t start)
{
	const char *h = sr->hostname, *asset = d->linked_asset;
	bool named = host_eq(h, asset), outside = sr->not_in_inventory;
	struct ll_corr_link *l;
	enum ll_corr_conf c_host;

	if (outside) {
		c_host = LL_CONF_MEDIUM;
		if (!(l = link_new(w, "system->host", vstr(sys), vstr(h), "documented reference", c_host,
				   "the disruption record names the host; the inventory does not list it")))
			return w->err;
		cite(w, &l->rows, vstr(d->locator));
	} else {
		c_host = named ? LL_CONF_HIGH : LL_CONF_MEDIUM;
		if (!(l = link_new(w, "system->host", vstr(sys), vstr(h), "inventory join", c_host,
				   named ? "the inventory lists the host for this system and the disruption names it"
					 : "the inventory lists the host for this system")))
			return w->err;
		cite(w, &l->rows, vstr(sr->locator));
		if (named)
			cite(w, &l->rows, vstr(d->locator));
	}
	vals_add(&w->p->hosts, vstr(h), true, &w->err);
	if (w->err)
		return w->err;
	return host_attack(best, w, c, sys, h, c_host, start);
}

/*
 * From one disruption back to the attacker: its system, the hosts behind
 * it, the findings on those hosts before it began, and the earliest
 * intrusion finding. Returns the confidence of the strongest complete path
 * (LL_CONF_NONE if no finding is reached).
 */
static int walk_disruption(enum ll_corr_conf *best_out, struct walk *w, const struct ctx *c,
			   const struct ll_harm_disruption *d)
{
	const char *sys = d->affected_system;
	const char *asset = d->linked_asset, *site = d->site_code;
	int64_t start = d->start_ns + slack(d->time_precision);
	bool documented = d->affected_system != NULL, asset_seen = false;
	struct host_cand *cands;
	struct ll_corr_link *l;
	enum ll_corr_conf best = LL_CONF_NONE;
	size_t n = 0;
	int rc = 0;

	*best_out = LL_CONF_NONE;
	if (!sys && asset)
		for (size_t i = 0; i < c->hd.nsystems; i++)
			if (host_eq(c->hd.systems[i].hostname, asset))
				sys = c->hd.systems[i].system;
	if (!sys)
		return 0;
	if (!(l = link_new(w, "disruption->system", vstr(d->id), vstr(sys),
			   documented ? "documented reference" : "inventory join", LL_CONF_HIGH,
			   documented ? "the disruption record names the system"
				      : "the disruption names a host the inventory assigns to this system")))
		return w->err;
	cite(w, &l->rows, vstr(d->locator));
	cite(w, &l->events, vint(d->event_id));
	vals_add(&w->p->systems, vstr(sys), true, &w->err);
	/* hosts: the inventory's hosts of that system, and the asset the hospital named */
	if (!(cands = ll_calloc(c->hd.nsystems + 1, sizeof(*cands))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < c->hd.nsystems; i++) {
		const struct ll_harm_system *sr = &c->hd.systems[i];
		const char *hs = sr->site_code;

		if (!ieq(sr->system, sys) || (site && hs && strcmp(site, hs) != 0))
			continue;
		cands[n++] = (struct host_cand){ sr->hostname, sr->locator, false };
		asset_seen = asset_seen || host_eq(sr->hostname, asset);
	}
	if (asset && !asset_seen)
		cands[n++] = (struct host_cand){ asset, NULL, true };
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = walk_host(&best, w, c, d, &cands[i], sys, start);
	ll_free(cands);
	if (rc == 0)
		*best_out = best;
	return rc < 0 ? rc : w->err;
}

static enum ll_corr_conf causality_cap(const char *causality)
{
	if (!strcmp(causality, "Certain") || !strcmp(causality, "Probably-Likely"))
		return LL_CONF_HIGH;
	if (!strcmp(causality, "Possible"))
		return LL_CONF_MEDIUM;
	return LL_CONF_LOW;
}

static int add_note(struct ll_corr_chain *ch, const char *text)
{
	char **nv = ll_reallocarray(ch->notes, ch->nnotes + 1, sizeof(*nv));

	if (!nv)
		return ll_error_set(LL_ENOMEM, "out of memory");
	ch->notes = nv;
	if (!(nv[ch->nnotes] = ll_strdup(text)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	ch->nnotes++;
	return 0;
}

/* harm->disruption links: the disruptions the harm record names, else those it overlaps. */
static int chain_disruptions(struct walk *w, struct ll_corr_chain *ch, const struct ctx *c)
{
	const struct ll_harm_event *h = ch->h;
	const json_t *ids = json_object_get(h->row, "disruption_ids");
	struct ll_corr_link *l;
	int rc;

	if (json_array_size(ids)) {
		size_t i;
		json_t *x;

		json_array_foreach(ids, i, x) {
			const char *id = json_string_value(x);
			const struct ll_harm_disruption *dd = find_disruption(c, id);

			if (!dd) {
				char n[160];

				snprintf(n, sizeof(n), "%s names disruption %s, which is not in the case",
					 h->id, id);
				if ((rc = add_note(ch, n)) < 0)
					return rc;
				continue;
			}
			if (!(l = link_new(w, "harm->disruption", vstr(h->id), vstr(id),
					   "documented reference", LL_CONF_HIGH,
					   "the harm record names the disruption (disruption_ids)")))
				return w->err;
			cite(w, &l->rows, vstr(h->locator));
			cite(w, &l->rows, vstr(dd->locator));
			cite(w, &l->events, vint(h->event_id));
			cite(w, &l->events, vint(dd->event_id));
			vals_add(&ch->disruptions, vstr(id), false, &w->err);
		}
		return w->err;
	}
	for (size_t i = 0; i < c->hd.ndisruptions; i++) {
		const struct ll_harm_disruption *d = &c->hd.disruptions[i];
		int64_t t = h->start_ns, sl = slack(h->time_precision);
		int64_t s2 = slack(d->time_precision), s = sl > s2 ? sl : s2;
		bool overlap = t >= d->start_ns - s && t <= d->end_ns + s;
		bool same_site = !strcmp(d->site_code, h->site_code);
		bool same_unit = !strcmp(d->unit, h->unit);
		bool uses = care_uses(h->care_process, d->affected_system);

		if (!overlap || !same_site || (!same_unit && !uses))
			continue;
		if (!(l = link_new(w, "harm->disruption", vstr(h->id), vstr(d->id), "time overlap",
				   same_unit ? LL_CONF_MEDIUM : LL_CONF_LOW,
				   same_unit ? "same unit; the harm event began while the disruption lasted"
					     : "the care process depends on the disrupted system; the harm event began while the disruption lasted (another unit)")))
			return w->err;
		cite(w, &l->rows, vstr(h->locator));
		cite(w, &l->rows, vstr(d->locator));
		cite(w, &l->events, vint(h->event_id));
		cite(w, &l->events, vint(d->event_id));
		vals_add(&ch->disruptions, vstr(d->id), false, &w->err);
	}
	return w->err;
}

/* From each linked disruption back to the attacker; the best path, capped by its harm link. */
static int chain_walk(enum ll_corr_conf *best_out, struct walk *w, const struct ctx *c,
		      const struct ll_corr_vals *dlist)
{
	size_t nlinks = w->p->nlinks;
	enum ll_corr_conf best = LL_CONF_NONE;
	int rc;

	for (size_t i = 0; i < dlist->n; i++) {
		const struct ll_harm_disruption *dd = find_disruption(c, dlist->v[i].s);
		enum ll_corr_conf cd = LL_CONF_HIGH, pb;

		/* the harm->disruption link of this disruption */
		for (size_t j = 0; j < nlinks; j++)
			if (val_eq(w->p->links[j].to, dlist->v[i]))
				cd = w->p->links[j].conf;
		if ((rc = walk_disruption(&pb, w, c, dd)) < 0)
			return rc;
		if (pb > cd)
			pb = cd;
		if (pb > best)
			best = pb;
	}
	*best_out = best;
	return 0;
}

static int build_chain(struct ll_corr_chain *ch, const struct ctx *c)
{
	const char *causality = ch->h->causality;
	struct walk w = { &ch->p, 0 };
	enum ll_corr_conf best = LL_CONF_NONE;
	int rc;

	if ((rc = chain_disruptions(&w, ch, c)) < 0 || (rc = chain_walk(&best, &w, c, &ch->disruptions)) < 0)
		return rc;
	/* the status by what the chain really rests on: an attack path, or time alone */
	if (!strcmp(causality, "Unlikely"))
		ch->status = "causality-unlikely";
	else if (!strcmp(causality, "not-assessed") || !strcmp(causality, "Unassessable-Unclassifiable"))
		ch->status = "causality-not-assessed";
	else if (!ch->disruptions.n)
		ch->status = "unlinked";
	else if (best != LL_CONF_NONE)
		ch->status = "linked";
	else if (ch->p.nhyps)
		ch->status = "hypothesis";
	else
		ch->status = "not-linked-to-attack";
	if (!ch->disruptions.n) {
		best = LL_CONF_NONE;
	} else if (best == LL_CONF_NONE && ch->p.nhyps) {
		/* time alone: at most low, and said so */
		best = LL_CONF_LOW;
		if ((rc = add_note(ch, "no attack path reaches the hosts behind the disrupted systems: the link to the attack rests on time alone (hypotheses), at most low")) < 0)
			return rc;
	} else if (best == LL_CONF_NONE &&
		   (rc = add_note(ch, "no finding on the hosts behind the disrupted systems before the disruption began: the chain does not reach the attacker's actions")) < 0) {
		return rc;
	}
	if (best > causality_cap(causality))
		best = causality_cap(causality);
	ch->conf = best;
	return 0;
}

/* A disruption of a life-critical kind, or of a system the inventory marks life-critical. */
static bool life_critical(const struct ctx *c, const struct ll_harm_disruption *d)
{
	bool critical = ll_harm_life_critical_type(d->type);

	for (size_t i = 0; i < c->hd.nsystems; i++) {
		const struct ll_harm_system *hh = &c->hd.systems[i];
		bool match = host_eq(hh->hostname, d->linked_asset) ||
			     ieq(hh->system, d->affected_system);

		if (match && hh->life_critical)
			critical = true;
	}
	return critical;
}

static int build_endangerment(struct ll_corr_endangerment *e, const struct ctx *c)
{
	const struct ll_harm_disruption *d = e->d;
	struct walk w = { &e->p, 0 };
	int rc;

	if ((rc = walk_disruption(&e->conf, &w, c, d)) < 0)
		return rc;
	for (size_t i = 0; i < c->hd.nevents; i++) {
		const json_t *ids = json_object_get(c->hd.events[i].row, "disruption_ids");
		size_t j;
		json_t *x;

		json_array_foreach(ids, j, x)
			if (!strcmp(json_string_value(x), d->id))
				vals_add(&e->harm_events, vstr(c->hd.events[i].id), false, &w.err);
	}
	vals_add(&e->events, vint(d->event_id), false, &w.err);
	vals_add(&e->events, vint(d->end_event_id), false, &w.err);
	for (size_t i = 0; i < e->p.events.n; i++)
		vals_add(&e->events, e->p.events.v[i], false, &w.err);
	return w.err;
}

/* The same instant one calendar year earlier (29 February becomes the 28th). */
static int64_t year_earlier(int64_t ns)
{
	int64_t days = ns / DAY, rem = ns % DAY, y;
	unsigned m, d;

	if (rem < 0) {
		rem += DAY;
		days--;
	}
	ll_civil_from_days(days, &y, &m, &d);
	if (m == 2 && d == 29)
		d = 28;
	/* a year before 1678 does not fit: the earliest instant instead */
	if (ll_time_ns_from_civil(&ns, y - 1, m, d, 0, 0, 0, 0, 0) < 0 ||
	    __builtin_add_overflow(ns, rem, &ns))
		return INT64_MIN;
	return ns;
}

/*
 * The attack window (given, else first disruption to last restoration),
 * the baseline windows (given, else harm-schemas.md's: the same length just
 * before, and one year earlier) and the statistics over them.
 */
static int windows(struct ll_correlation *r, struct ll_window base[2], struct ll_case *cs,
		   const struct ctx *c, const struct ll_correlate_opts *opts)
{
	static const char *const default_labels[] = {
		"same length immediately before the attack",
		"same calendar window one year earlier",
	};
	static const char *const given[] = { "given with --baseline" };
	const char **labels;

	r->attack_given = opts->attack_set;
	if (opts->attack_set) {
		r->attack = opts->attack;
		r->have_attack = true;
	} else {
		for (size_t i = 0; i < c->hd.ndisruptions; i++) {
			const struct ll_harm_disruption *d = &c->hd.disruptions[i];

			if (i == 0 || d->start_ns < r->attack.from)
				r->attack.from = d->start_ns;
			if (i == 0 || d->end_ns > r->attack.to)
				r->attack.to = d->end_ns;
		}
		r->have_attack = c->hd.ndisruptions > 0;
	}
	if (!r->have_attack)
		return 0;
	if (!opts->nbaselines) {
		base[0].from = r->attack.from - (r->attack.to - r->attack.from);
		base[0].to = r->attack.from;
		base[1].from = year_earlier(r->attack.from);
		base[1].to = year_earlier(r->attack.to);
		r->baselines = base;
		r->nbaselines = 2;
		r->labels = default_labels;
	} else {
		if (!(labels = ll_calloc(opts->nbaselines, sizeof(*labels))))
			return ll_error_set(LL_ENOMEM, "out of memory");
		for (size_t i = 0; i < opts->nbaselines; i++)
			labels[i] = given[0];
		r->baselines = opts->baselines;
		r->nbaselines = opts->nbaselines;
		r->labels = labels;
	}
	return ll_correlate_statistics(&r->stats, cs->store, &r->attack, r->baselines, r->labels,
				       r->nbaselines);
}

/* Stores the document, then records it in the custody ledger, together; adds its "sha256". */
static int store(json_t *doc, struct ll_case *cs, const struct ll_signer *signer)
{
	struct ll_custody_request req = { 0 };
	char sha[LL_SHA256_HEX], *text = NULL, *details = NULL;
	json_t *det;
	int rc;

	if (!(text = ll_json_dump(doc))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = ll_sha256_hex(sha, text, strlen(text))) < 0)
		goto out;
	det = json_pack("{s:s, s:O, s:O, s:I, s:I, s:I, s:s}", "analysis", "correlate",
			"attack_window", json_object_get(doc, "attack_window"), "baseline_windows",
			json_object_get(doc, "baseline_windows"), "chains",
			(json_int_t)json_array_size(json_object_get(doc, "chains")), "endangerment",
			(json_int_t)json_array_size(json_object_get(doc, "endangerment")), "statistics",
			(json_int_t)json_array_size(json_object_get(doc, "statistics")), "sha256", sha);
	details = det ? ll_json_dump(det) : NULL;
	json_decref(det);
	if (!details) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = ll_store_begin(cs->store)) < 0)
		goto out;
	req.action = "correlate";
	req.note = "analyze correlate";
	req.details = details;
	if ((rc = ll_correlate_store(cs->store, ll_time_now_ns(), details, text)) < 0 ||
	    (rc = ll_custody_append(NULL, cs->store, signer, &req)) < 0) {
		ll_store_rollback(cs->store);
		goto out;
	}
	if ((rc = ll_store_commit(cs->store)) < 0)
		goto out;
	json_object_set_new(doc, "sha256", json_string(sha));
out:
	ll_free(text);
	ll_free(details);
	return rc;
}

static void ctx_release(struct ctx *c)
{
	ll_attack_graph_free(c->g);
	if (c->paths)
		ll_attack_paths_release(c->paths);
	ll_finding_list_release(&c->fl);
	ll_free(c->f);
	ll_harm_data_release(&c->hd);
}

static void correlation_release(struct ll_correlation *r, const struct ll_correlate_opts *opts)
{
	for (size_t i = 0; i < r->nchains; i++) {
		struct ll_corr_chain *ch = &r->chains[i];

		ll_corr_path_release(&ch->p);
		vals_release(&ch->disruptions);
		for (size_t k = 0; k < ch->nnotes; k++)
			ll_free(ch->notes[k]);
		ll_free(ch->notes);
	}
	ll_free(r->chains);
	for (size_t i = 0; i < r->nendangerment; i++) {
		ll_corr_path_release(&r->endangerment[i].p);
		vals_release(&r->endangerment[i].events);
		vals_release(&r->endangerment[i].harm_events);
	}
	ll_free(r->endangerment);
	if (opts->nbaselines)
		ll_free((void *)r->labels);
	ll_corr_stats_release(&r->stats);
}

/* The chains, one per harm event, and the endangerment, one per life-critical disruption. */
static int build(struct ll_correlation *r, const struct ctx *c)
{
	int rc;

	if (!(r->chains = ll_calloc(c->hd.nevents, sizeof(*r->chains))) ||
	    !(r->endangerment = ll_calloc(c->hd.ndisruptions, sizeof(*r->endangerment))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < c->hd.nevents; i++) {
		r->chains[r->nchains].h = &c->hd.events[i];
		if ((rc = build_chain(&r->chains[r->nchains++], c)) < 0)
			return rc;
	}
	for (size_t i = 0; i < c->hd.ndisruptions; i++) {
		if (!life_critical(c, &c->hd.disruptions[i]))
			continue;
		r->endangerment[r->nendangerment].d = &c->hd.disruptions[i];
		if ((rc = build_endangerment(&r->endangerment[r->nendangerment++], c)) < 0)
			return rc;
	}
	return 0;
}

/* The attack graph over the findings, the movement edges and the inventory's host names. */
static int graph(struct ctx *c)
{
	const char **hosts = ll_calloc(c->hd.nsystems + 1, sizeof(*hosts));
	int rc;

	if (!hosts)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < c->hd.nsystems; i++)
		hosts[i] = c->hd.systems[i].hostname;
	rc = ll_attack_graph_build(&c->g, c->st, hosts, c->hd.nsystems);
	ll_free(hosts);
	return rc;
}

int ll_correlate_run(json_t **doc_out, struct ll_case *cs, const struct ll_signer *signer,
		     const struct ll_correlate_opts *opts)
{
	struct ll_attack_paths paths = { 0 };
	struct ctx c = { .st = cs->store, .paths = &paths };
	struct ll_correlation r = { .paths = &paths };
	struct ll_window base[2];
	json_t *doc = NULL;
	int rc;

#define STEP(name, n) \
	do { if (opts->progress) opts->progress(opts->progress_payload, name, n, 5); } while (0)
	if ((rc = load_findings(&c)) < 0)
		goto out;
	STEP("findings", 1);
	if ((rc = ll_harm_load(&c.hd, c.st)) < 0)
		goto out;
	STEP("harm", 2);
	if ((rc = graph(&c)) < 0 || (rc = build(&r, &c)) < 0)
		goto out;
	STEP("attack paths and chains", 3);
	if ((rc = windows(&r, base, cs, &c, opts)) < 0)
		goto out;
	STEP("statistics", 4);
	if (!(doc = ll_correlation_json(&r))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = store(doc, cs, signer)) < 0)
		goto out;
	STEP("store", 5);
#undef STEP
	*doc_out = doc;
	doc = NULL;
out:
	correlation_release(&r, opts);
	ctx_release(&c);
	json_decref(doc);
	return rc;
}
