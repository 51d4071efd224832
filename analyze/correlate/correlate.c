/* SPDX-License-Identifier: Apache-2.0 */
/* `analyze correlate`: chains from patient harm back to the attacker, endangerment, storage. */
#include "core/compat.h"
#include "analyze/correlate/correlate.h"

#include <ctype.h>

#include "analyze/correlate/correlate_int.h"
#include "analyze/detect/findings.h"
#include "analyze/harm/harm.h"
#include "core/alloc.h"
#include "core/case.h"
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

enum conf { C_NONE = 0, C_LOW = 1, C_MEDIUM = 2, C_HIGH = 3 };
static const char *const conf_names[] = { "none", "low", "medium", "high" };

static const char intrusion_rule[] =
	"a finding is an attacker action (intrusion finding) when its ATT&CK techniques include "
	"T1078 (valid accounts), T1133 (external remote services), T1021* (remote services, "
	"lateral movement), T1569* (system services, execution) or T1543* (create or modify "
	"system process), or when its severity is high or critical";

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
};

/* A host behind a disrupted system: from the inventory, or named by the disruption only. */
struct host_cand {
	const char *hostname, *locator;
	bool not_in_inventory;
};

/* Empty for absent text (a finding without a host), as the output has always shown it. */
static const char *or_empty(const char *s)
{
	return s ? s : "";
}

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

static json_t *link_new(const char *kind, json_t *from, json_t *to, const char *basis,
			enum conf cf, const char *why)
{
	json_t *l = json_object();

	json_object_set_new(l, "kind", json_string(kind));
	json_object_set_new(l, "from", from);
	json_object_set_new(l, "to", to);
	json_object_set_new(l, "basis", json_string(basis));
	json_object_set_new(l, "confidence", json_string(conf_names[cf]));
	json_object_set_new(l, "reason", json_string(why));
	json_object_set_new(l, "cites", json_pack("{s:[], s:[], s:[]}", "events", "findings", "rows"));
	return l;
}

static void cite(json_t *link, const char *what, json_t *v)
{
	json_t *a = json_object_get(json_object_get(link, "cites"), what);
	size_t i;
	json_t *x;

	json_array_foreach(a, i, x)
		if (json_equal(x, v)) {
			json_decref(v);
			return;
		}
	json_array_append_new(a, v);
}

static void add_unique(json_t *arr, json_t *v)
{
	size_t i;
	json_t *x;

	json_array_foreach(arr, i, x)
		if (json_equal(x, v)) {
			json_decref(v);
			return;
		}
	json_array_append_new(arr, v);
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

/* The earliest intrusion finding at or before `t`. */
static const struct finding *earliest_intrusion(const struct ctx *c, int64_t t)
{
	for (size_t i = 0; i < c->nf; i++)
		if (c->f[i].intrusion && c->f[i].r->first_ns <= t)
			return &c->f[i];
	return NULL;
}

struct walk {
	json_t *links, *systems, *hosts, *findings, *events;
	const struct finding *intrusion; /* earliest reached */
};

/* From one host behind a disrupted system to the findings on it and the earliest intrusion. */
static int walk_host(enum conf *best, struct ctx *c, const struct ll_harm_disruption *d,
		     const struct host_cand *sr, const char *sys, int64_t start, struct walk *w)
{
	const char *h = sr->hostname, *asset = d->linked_asset;
	bool named = host_eq(h, asset), outside = sr->not_in_inventory;
	const struct finding *first = NULL;
	enum conf c_host;
	json_t *l;
	int rc;

	if (outside) {
		c_host = C_MEDIUM;
		l = link_new("system->host", json_string(sys), json_string(h), "documented reference",
			     c_host, "the disruption record names the host; the inventory does not list it");
		cite(l, "rows", json_string(d->locator));
	} else {
		c_host = named ? C_HIGH : C_MEDIUM;
		l = link_new("system->host", json_string(sys), json_string(h), "inventory join",
			     c_host, named ? "the inventory lists the host for this system and the disruption names it"
					   : "the inventory lists the host for this system");
		cite(l, "rows", json_string(sr->locator));
		if (named)
			cite(l, "rows", json_string(d->locator));
	}
	json_array_append_new(w->links, l);
	add_unique(w->hosts, json_string(h));
	for (size_t k = 0; k < c->nf; k++) {
		const struct finding *f = &c->f[k];
		const struct ll_finding_row *r = f->r;
		enum conf cf, p;
		char why[256];

		if (!host_eq(r->host, h) || r->first_ns > start)
			continue;
		if (f->intrusion && start - r->first_ns <= 72 * HOUR)
			cf = C_HIGH;
		else if (f->intrusion || ieq(r->severity, "medium"))
			cf = C_MEDIUM;
		else
			cf = C_LOW;
		snprintf(why, sizeof(why), "finding on %s before the disruption began%s%s", h,
			 r->first_ns <= d->start_ns ? "" : " (within the time precision)",
			 f->intrusion ? "; an intrusion finding" : "");
		l = link_new("host->finding", json_string(h), json_integer(r->id), "time overlap", cf, why);
		cite(l, "findings", json_integer(r->id));
		for (size_t e = 0; e < r->nevents; e++) {
			cite(l, "events", json_integer(r->events[e]));
			add_unique(w->events, json_integer(r->events[e]));
		}
		json_array_append_new(w->links, l);
		add_unique(w->findings, json_integer(r->id));
		if (!first)
			first = f;
		p = c_host < cf ? c_host : cf;
		if (p > *best)
			*best = p;
	}
	if (first) {
		const struct finding *in = earliest_intrusion(c, first->r->first_ns);

		if (in && in != first) {
			bool same = host_eq(in->r->host, h), named_in = false;
			enum conf ci;

			if (!same && (rc = ll_correlate_events_name_host(&named_in, c->st, h,
									 or_empty(in->r->host),
									 in->r->first_ns, start)) < 0)
				return rc;
			ci = same ? C_HIGH : named_in ? C_MEDIUM : C_LOW;
			l = link_new("finding->intrusion", json_integer(first->r->id), json_integer(in->r->id),
				     "time overlap", ci,
				     same ? "earliest intrusion finding, on the same host"
				     : named_in ? "earliest intrusion finding, on a host that events on this host name"
						: "earliest intrusion finding of the case, on another host; no event shows the path");
			cite(l, "findings", json_integer(first->r->id));
			cite(l, "findings", json_integer(in->r->id));
			json_array_append_new(w->links, l);
			add_unique(w->findings, json_integer(in->r->id));
		}
		if (in && (!w->intrusion || in->r->first_ns < w->intrusion->r->first_ns))
			w->intrusion = in;
	}
	return 0;
}

/*
 * From one disruption back to the attacker: its system, the hosts behind
 * it, the findings on those hosts before it began, and the earliest
 * intrusion finding. Returns the confidence of the strongest complete path
 * (C_NONE if no finding is reached).
 */
static int walk_disruption(enum conf *best_out, struct ctx *c,
			   const struct ll_harm_disruption *d, struct walk *w)
{
	const char *did = d->id, *sys = d->affected_system;
	const char *asset = d->linked_asset, *site = d->site_code;
	int64_t start = d->start_ns + slack(d->time_precision);
	enum conf best = C_NONE;
	int rc;

	if (!sys && asset) {
		for (size_t i = 0; i < c->hd.nsystems; i++)
			if (host_eq(c->hd.systems[i].hostname, asset))
				sys = c->hd.systems[i].system;
		if (!sys) {
			*best_out = C_NONE;
			return 0;
		}
	}
	if (!sys) {
		*best_out = C_NONE;
		return 0;
	}
	{
		bool documented = d->affected_system != NULL;
		json_t *l = link_new("disruption->system", json_string(did), json_string(sys),
				     documented ? "documented reference" : "inventory join",
				     C_HIGH, documented ? "the disruption record names the system"
							: "the disruption names a host the inventory assigns to this system");

		cite(l, "rows", json_string(d->locator));
		cite(l, "events", json_integer(d->event_id));
		json_array_append_new(w->links, l);
		add_unique(w->systems, json_string(sys));
	}
	/* hosts: the inventory's hosts of that system, and the asset the hospital named */
	{
		struct host_cand *cands = ll_calloc(c->hd.nsystems + 1, sizeof(*cands));
		bool asset_seen = false;
		size_t n = 0;

		if (!cands)
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
		for (size_t i = 0; i < n; i++) {
			if ((rc = walk_host(&best, c, d, &cands[i], sys, start, w)) < 0) {
				ll_free(cands);
				return rc;
			}
		}
		ll_free(cands);
	}
	*best_out = best;
	return 0;
}

static json_t *intrusion_json(const struct finding *f)
{
	if (!f)
		return json_null();
	return json_pack("{s:I, s:o, s:s, s:s}", "finding", (json_int_t)f->r->id, "time",
			 ll_correlate_time(f->r->first_ns), "title", or_empty(f->r->title), "host",
			 or_empty(f->r->host));
}

static enum conf causality_cap(const char *causality)
{
	if (!strcmp(causality, "Certain") || !strcmp(causality, "Probably-Likely"))
		return C_HIGH;
	if (!strcmp(causality, "Possible"))
		return C_MEDIUM;
	return C_LOW;
}

/* harm->disruption links: the disruptions the harm record names, else those it overlaps. */
static void chain_disruptions(struct walk *w, json_t *dlist, json_t *notes, const struct ctx *c,
			      const struct ll_harm_event *h)
{
	const json_t *ids = json_object_get(h->row, "disruption_ids");

	if (json_array_size(ids)) {
		size_t i;
		json_t *x;

		json_array_foreach(ids, i, x) {
			const struct ll_harm_disruption *dd = find_disruption(c, json_string_value(x));
			json_t *l;

			if (!dd) {
				char n[160];

				snprintf(n, sizeof(n), "%s names disruption %s, which is not in the case",
					 h->id, json_string_value(x));
				json_array_append_new(notes, json_string(n));
				continue;
			}
			l = link_new("harm->disruption", json_string(h->id), json_copy(x),
				     "documented reference", C_HIGH,
				     "the harm record names the disruption (disruption_ids)");
			cite(l, "rows", json_string(h->locator));
			cite(l, "rows", json_string(dd->locator));
			cite(l, "events", json_integer(h->event_id));
			cite(l, "events", json_integer(dd->event_id));
			json_array_append_new(w->links, l);
			json_array_append_new(dlist, json_copy(x));
		}
		return;
	}
	for (size_t i = 0; i < c->hd.ndisruptions; i++) {
		const struct ll_harm_disruption *d = &c->hd.disruptions[i];
		int64_t t = h->start_ns, sl = slack(h->time_precision);
		int64_t s2 = slack(d->time_precision), s = sl > s2 ? sl : s2;
		bool overlap = t >= d->start_ns - s && t <= d->end_ns + s;
		bool same_site = !strcmp(d->site_code, h->site_code);
		bool same_unit = !strcmp(d->unit, h->unit);
		bool uses = care_uses(h->care_process, d->affected_system);
		json_t *l;

		if (!overlap || !same_site || (!same_unit && !uses))
			continue;
		l = link_new("harm->disruption", json_string(h->id), json_string(d->id), "time overlap",
			     same_unit ? C_MEDIUM : C_LOW,
			     same_unit ? "same unit; the harm event began while the disruption lasted"
				       : "the care process depends on the disrupted system; the harm event began while the disruption lasted (another unit)");
		cite(l, "rows", json_string(h->locator));
		cite(l, "rows", json_string(d->locator));
		cite(l, "events", json_integer(h->event_id));
		cite(l, "events", json_integer(d->event_id));
		json_array_append_new(w->links, l);
		json_array_append_new(dlist, json_string(d->id));
	}
}

/* From each linked disruption back to the attacker; the best path, capped by its harm link. */
static int chain_walk(enum conf *best_out, struct walk *w, struct ctx *c, const json_t *dlist)
{
	size_t i, nlinks = json_array_size(w->links);
	enum conf best = C_NONE;
	json_t *x;
	int rc;

	json_array_foreach(dlist, i, x) {
		const struct ll_harm_disruption *dd = find_disruption(c, json_string_value(x));
		enum conf cd = C_HIGH, pb;
		json_t *l;

		/* the harm->disruption link of this disruption */
		for (size_t j = 0; j < nlinks; j++) {
			l = json_array_get(w->links, j);
			if (json_equal(json_object_get(l, "to"), x)) {
				const char *cn = json_string_value(json_object_get(l, "confidence"));

				cd = !strcmp(cn, "high") ? C_HIGH : !strcmp(cn, "medium") ? C_MEDIUM : C_LOW;
			}
		}
		if ((rc = walk_disruption(&pb, c, dd, w)) < 0)
			return rc;
		if (pb > cd)
			pb = cd;
		if (pb > best)
			best = pb;
	}
	*best_out = best;
	return 0;
}

/* A value of the hospital's row, or null. */
static json_t *row_value(const json_t *row, const char *key)
{
	json_t *v = json_object_get(row, key);

	return v ? json_incref(v) : json_null();
}

static int build_chain(json_t *chains, struct ctx *c, const struct ll_harm_event *h)
{
	const char *causality = h->causality;
	struct walk w = { json_array(), json_array(), json_array(), json_array(), json_array(), NULL };
	json_t *ch = json_object(), *dlist = json_array(), *notes = json_array();
	enum conf best = C_NONE;
	const char *status;
	int rc;

	chain_disruptions(&w, dlist, notes, c, h);
	if ((rc = chain_walk(&best, &w, c, dlist)) < 0)
		goto out;
	if (!strcmp(causality, "Unlikely"))
		status = "causality-unlikely";
	else if (!strcmp(causality, "not-assessed") || !strcmp(causality, "Unassessable-Unclassifiable"))
		status = "causality-not-assessed";
	else if (!json_array_size(dlist))
		status = "unlinked";
	else
		status = "linked";
	if (!json_array_size(dlist))
		best = C_NONE;
	else if (best == C_NONE)
		json_array_append_new(notes, json_string("no finding on the hosts behind the disrupted systems before the disruption began: the chain does not reach the attacker's actions"));
	if (best > causality_cap(causality))
		best = causality_cap(causality);
	json_object_set_new(ch, "harm_event_id", json_string(h->id));
	json_object_set_new(ch, "patient", json_string(h->patient));
	json_object_set_new(ch, "age_band", row_value(h->row, "age_band"));
	json_object_set_new(ch, "unit", json_string(h->unit));
	json_object_set_new(ch, "site_code", json_string(h->site_code));
	json_object_set_new(ch, "event_start", ll_correlate_time(h->start_ns));
	json_object_set_new(ch, "time_precision", json_string(h->time_precision));
	json_object_set_new(ch, "care_process", json_string(h->care_process));
	json_object_set_new(ch, "harm_level", json_string(h->harm_level));
	json_object_set(ch, "harm_scale", json_object_get(h->row, "harm_scale"));
	json_object_set_new(ch, "delay_minutes", row_value(h->row, "delay_minutes"));
	json_object_set_new(ch, "causality", json_string(causality));
	json_object_set_new(ch, "causality_method", row_value(h->row, "causality_method"));
	json_object_set_new(ch, "status", json_string(status));
	json_object_set_new(ch, "confidence", best ? json_string(conf_names[best]) : json_null());
	json_object_set_new(ch, "reaches_attack", json_boolean(best != C_NONE));
	json_object_set_new(ch, "row", json_string(h->locator));
	json_object_set_new(ch, "links", w.links);
	json_object_set_new(ch, "disruptions", dlist);
	json_object_set_new(ch, "systems", w.systems);
	json_object_set_new(ch, "hosts", w.hosts);
	json_object_set_new(ch, "findings", w.findings);
	json_object_set_new(ch, "events", w.events);
	json_object_set_new(ch, "earliest_intrusion", intrusion_json(w.intrusion));
	json_object_set_new(ch, "notes", notes);
	json_array_append_new(chains, ch);
	return 0;
out:
	json_decref(w.links);
	json_decref(w.systems);
	json_decref(w.hosts);
	json_decref(w.findings);
	json_decref(w.events);
	json_decref(ch);
	json_decref(dlist);
	json_decref(notes);
	return rc;
}

static void walk_release(struct walk *w)
{
	json_decref(w->links);
	json_decref(w->systems);
	json_decref(w->hosts);
	json_decref(w->findings);
	json_decref(w->events);
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

static json_t *endangerment_json(const struct ctx *c, const struct ll_harm_disruption *d,
				 struct walk *w, enum conf best)
{
	json_t *e = json_object(), *counts = json_object(), *harms = json_array();
	json_t *evs = json_array();
	const json_t *row = d->row;

	if (json_object_get(row, "count_affected"))
		json_object_set(counts, json_string_value(json_object_get(row, "count_unit"))
					? json_string_value(json_object_get(row, "count_unit")) : "affected",
				json_object_get(row, "count_affected"));
	for (size_t i = 0; i < c->hd.nevents; i++) {
		const json_t *ids = json_object_get(c->hd.events[i].row, "disruption_ids");
		size_t j;
		json_t *x;

		json_array_foreach(ids, j, x)
			if (!strcmp(json_string_value(x), d->id))
				json_array_append_new(harms, json_string(c->hd.events[i].id));
	}
	json_array_append_new(evs, json_integer(d->event_id));
	json_array_append_new(evs, json_integer(d->end_event_id));
	json_array_extend(evs, w->events);
	json_object_set_new(e, "disruption_id", json_string(d->id));
	json_object_set_new(e, "type", json_string(d->type));
	json_object_set_new(e, "system", d->affected_system ? json_string(d->affected_system) : json_null());
	json_object_set_new(e, "service", json_string(d->unit));
	json_object_set_new(e, "site_code", json_string(d->site_code));
	json_object_set_new(e, "severity", json_string(d->severity));
	json_object_set_new(e, "life_critical", json_true());
	json_object_set_new(e, "start", ll_correlate_time(d->start_ns));
	json_object_set_new(e, "end", ll_correlate_time(d->end_ns));
	json_object_set_new(e, "duration_minutes",
			    json_integer((d->end_ns - d->start_ns) / (60 * SEC)));
	json_object_set_new(e, "counts", counts);
	json_object_set_new(e, "linked_to_attack", json_boolean(best != C_NONE));
	json_object_set_new(e, "confidence", best ? json_string(conf_names[best]) : json_null());
	json_object_set_new(e, "hosts", w->hosts);
	json_object_set_new(e, "findings", w->findings);
	json_object_set_new(e, "events", evs);
	json_object_set_new(e, "earliest_intrusion", intrusion_json(w->intrusion));
	json_object_set_new(e, "harm_events", harms);
	json_object_set_new(e, "links", w->links);
	json_object_set_new(e, "row", json_string(d->locator));
	w->hosts = w->findings = w->links = NULL; /* transferred */
	return e;
}

static int build_endangerment(json_t *out, struct ctx *c)
{
	for (size_t i = 0; i < c->hd.ndisruptions; i++) {
		const struct ll_harm_disruption *d = &c->hd.disruptions[i];
		struct walk w;
		enum conf best = C_NONE;
		int rc;

		if (!life_critical(c, d))
			continue;
		w = (struct walk){ json_array(), json_array(), json_array(), json_array(), json_array(), NULL };
		if ((rc = walk_disruption(&best, c, d, &w)) < 0) {
			walk_release(&w);
			return rc;
		}
		json_array_append_new(out, endangerment_json(c, d, &w, best));
		walk_release(&w);
	}
	return 0;
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

static json_t *window_json(const struct ll_window *w, const char *key, const char *text)
{
	return json_pack("{s:o, s:o, s:s}", "from", ll_correlate_time(w->from), "to",
			 ll_correlate_time(w->to), key, text);
}

/*
 * The attack window (given, else first disruption to last restoration),
 * the baseline windows (given, else harm-schemas.md's: the same length just
 * before, and one year earlier) and the statistics over them.
 */
static int windows(json_t *doc, struct ll_corr_stats *stats, struct ll_case *cs,
		   const struct ctx *c, const struct ll_correlate_opts *opts)
{
	static const char *const default_labels[] = {
		"same length immediately before the attack",
		"same calendar window one year earlier",
	};
	struct ll_window attack = { 0, 0 }, base[2];
	const struct ll_window *bl = opts->baselines;
	size_t nbl = opts->nbaselines;
	bool have_attack = opts->attack_set;
	const char **labels = NULL;
	json_t *bw = json_array();
	int rc = 0;

	if (opts->attack_set) {
		attack = opts->attack;
	} else {
		for (size_t i = 0; i < c->hd.ndisruptions; i++) {
			const struct ll_harm_disruption *d = &c->hd.disruptions[i];

			if (i == 0 || d->start_ns < attack.from)
				attack.from = d->start_ns;
			if (i == 0 || d->end_ns > attack.to)
				attack.to = d->end_ns;
		}
		have_attack = c->hd.ndisruptions > 0;
	}
	if (!have_attack) {
		json_object_set_new(doc, "attack_window", json_null());
		goto out;
	}
	json_object_set_new(doc, "attack_window",
			    window_json(&attack, "rule", opts->attack_set ? "given with --attack"
									  : "first disruption to last restoration"));
	if (!nbl) {
		base[0].from = attack.from - (attack.to - attack.from);
		base[0].to = attack.from;
		base[1].from = year_earlier(attack.from);
		base[1].to = year_earlier(attack.to);
		bl = base;
		nbl = 2;
	}
	if (!(labels = ll_calloc(nbl, sizeof(*labels)))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nbl; i++) {
		labels[i] = opts->nbaselines ? "given with --baseline" : default_labels[i];
		json_array_append_new(bw, window_json(&bl[i], "label", labels[i]));
	}
	rc = ll_correlate_statistics(stats, cs->store, &attack, bl, labels, nbl);
out:
	ll_free(labels);
	json_object_set_new(doc, "schema", json_string("lifeline.correlate/1"));
	json_object_set_new(doc, "baseline_windows", bw);
	return rc;
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
	ll_finding_list_release(&c->fl);
	ll_free(c->f);
	ll_harm_data_release(&c->hd);
}

int ll_correlate_run(json_t **doc_out, struct ll_case *cs, const struct ll_signer *signer,
		     const struct ll_correlate_opts *opts)
{
	struct ctx c = { .st = cs->store };
	struct ll_corr_stats st = { 0 };
	json_t *doc = json_object(), *chains = json_array();
	json_t *endanger = json_array(), *stats = NULL;
	int rc;

	if ((rc = load_findings(&c)) < 0 || (rc = ll_harm_load(&c.hd, c.st)) < 0)
		goto out;
	for (size_t i = 0; i < c.hd.nevents; i++)
		if ((rc = build_chain(chains, &c, &c.hd.events[i])) < 0)
			goto out;
	if ((rc = build_endangerment(endanger, &c)) < 0 ||
	    (rc = windows(doc, &st, cs, &c, opts)) < 0)
		goto out;
	if (!(stats = ll_corr_stats_json(&st))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	json_object_set_new(doc, "intrusion_rule", json_string(intrusion_rule));
	json_object_set_new(doc, "chains", chains);
	json_object_set_new(doc, "endangerment", endanger);
	json_object_set_new(doc, "statistics", stats);
	json_object_set_new(doc, "notes", json_pack("[s,s]",
		"association is not individual causation: the statistics describe the population, each patient's harm rests on the hospital's clinical review (causality)",
		"a chain's confidence is that of its weakest link on the strongest path, and never above what the clinical causality assessment allows"));
	chains = endanger = stats = NULL;
	if ((rc = store(doc, cs, signer)) < 0)
		goto out;
	*doc_out = doc;
	doc = NULL;
out:
	ctx_release(&c);
	ll_corr_stats_release(&st);
	json_decref(chains);
	json_decref(endanger);
	json_decref(stats);
	json_decref(doc);
	return rc;
}
