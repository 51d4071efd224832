/* SPDX-License-Identifier: Apache-2.0 */
/* `analyze correlate`: chains from patient harm back to the attacker, endangerment, storage. */
#include "core/compat.h"
#include "analyze/correlate/correlate.h"

#include <ctype.h>

#include <sqlite3.h>

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

struct finding {
	int64_t id;
	char *rule_id, *title, *severity, *techniques, *host;
	int64_t first_ns, last_ns;
	bool intrusion;
	json_t *events; /* up to MAX_CITED_EVENTS event ids */
};

struct ctx {
	struct ll_store *st;
	struct finding *f;
	size_t nf;
	json_t *systems;     /* array of rows: {hostname, system, site_code, life_critical, locator} */
	json_t *disruptions; /* id -> {…} */
};

static const char *jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int64_t jint(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static char *col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return ll_strdup(t ? (const char *)t : "");
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
	sqlite3_stmt *s = NULL, *ev = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, c->st,
				   "SELECT id, rule_id, title, severity, techniques, host, first_ns,"
				   " last_ns FROM findings ORDER BY first_ns, id")) < 0 ||
	    (rc = ll_store_prepare(&ev, c->st,
				   "SELECT event_id FROM finding_events WHERE finding_id = ?"
				   " ORDER BY event_id LIMIT " "20")) < 0)
		goto out;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct finding *nf = ll_reallocarray(c->f, c->nf + 1, sizeof(*nf)), *f;

		if (!nf) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
		c->f = nf;
		f = &c->f[c->nf++];
		memset(f, 0, sizeof(*f));
		f->id = sqlite3_column_int64(s, 0);
		f->rule_id = col_dup(s, 1);
		f->title = col_dup(s, 2);
		f->severity = col_dup(s, 3);
		f->techniques = col_dup(s, 4);
		f->host = col_dup(s, 5);
		f->first_ns = sqlite3_column_int64(s, 6);
		f->last_ns = sqlite3_column_int64(s, 7);
		f->intrusion = is_intrusion(f->techniques, f->severity);
		f->events = json_array();
		sqlite3_reset(ev);
		sqlite3_bind_int64(ev, 1, f->id);
		while (sqlite3_step(ev) == SQLITE_ROW)
			json_array_append_new(f->events, json_integer(sqlite3_column_int64(ev, 0)));
	}
	rc = rc == SQLITE_DONE ? 0 : ll_store_error(c->st, "reading findings");
out:
	sqlite3_finalize(s);
	sqlite3_finalize(ev);
	return rc;
}

static int load_json_rows(json_t *into, bool keyed, struct ll_store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, st, sql)) < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *o = json_object();
		int n = sqlite3_column_count(s);

		for (int i = 0; i < n; i++) {
			const char *name = sqlite3_column_name(s, i);

			switch (sqlite3_column_type(s, i)) {
			case SQLITE_INTEGER:
				json_object_set_new(o, name, json_integer(sqlite3_column_int64(s, i)));
				break;
			case SQLITE_FLOAT:
				json_object_set_new(o, name, json_real(sqlite3_column_double(s, i)));
				break;
			case SQLITE_NULL:
				break;
			default:
				json_object_set_new(o, name, json_string((const char *)sqlite3_column_text(s, i)));
			}
		}
		if (keyed)
			json_object_set_new(into, jstr(o, "id"), o);
		else
			json_array_append_new(into, o);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : ll_store_error(st, "reading hospital data");
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
		if (c->f[i].intrusion && c->f[i].first_ns <= t)
			return &c->f[i];
	return NULL;
}

/* Do events on `host` between two times name `other` (an RDP logon from it, …)? */
static int events_name_host(bool *out, struct ll_store *st, const char *host,
			    const char *other, int64_t from, int64_t to)
{
	sqlite3_stmt *s = NULL;
	char pat[300];
	int rc;

	*out = false;
	snprintf(pat, sizeof(pat), "%%%s%%", other);
	if ((rc = ll_store_prepare(&s, st,
				   "SELECT 1 FROM events WHERE time_ns BETWEEN ? AND ?"
				   " AND (host = ? COLLATE NOCASE OR host LIKE ? || '.%')"
				   " AND (message LIKE ? OR attrs LIKE ?) LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, to);
	sqlite3_bind_text(s, 3, host, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, host, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, pat, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, pat, -1, SQLITE_STATIC);
	*out = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return 0;
}

struct walk {
	json_t *links, *systems, *hosts, *findings, *events;
	const struct finding *intrusion; /* earliest reached */
};

/* From one host behind a disrupted system to the findings on it and the earliest intrusion. */
static int walk_host(enum conf *best, struct ctx *c, const json_t *d, const json_t *sr,
		     const char *sys, int64_t start, struct walk *w)
{
	const char *h = jstr(sr, "hostname"), *asset = jstr(d, "linked_asset");
	bool named = host_eq(h, asset), outside = json_object_get(sr, "not_in_inventory") != NULL;
	const struct finding *first = NULL;
	enum conf c_host;
	json_t *l;
	int rc;

	if (outside) {
		c_host = C_MEDIUM;
		l = link_new("system->host", json_string(sys), json_string(h), "documented reference",
			     c_host, "the disruption record names the host; the inventory does not list it");
		cite(l, "rows", json_string(jstr(d, "locator")));
	} else {
		c_host = named ? C_HIGH : C_MEDIUM;
		l = link_new("system->host", json_string(sys), json_string(h), "inventory join",
			     c_host, named ? "the inventory lists the host for this system and the disruption names it"
					   : "the inventory lists the host for this system");
		cite(l, "rows", json_string(jstr(sr, "locator")));
		if (named)
			cite(l, "rows", json_string(jstr(d, "locator")));
	}
	json_array_append_new(w->links, l);
	add_unique(w->hosts, json_string(h));
	for (size_t k = 0; k < c->nf; k++) {
		const struct finding *f = &c->f[k];
		enum conf cf, p;
		char why[256];
		size_t e;
		json_t *ev;

		if (!host_eq(f->host, h) || f->first_ns > start)
			continue;
		if (f->intrusion && start - f->first_ns <= 72 * HOUR)
			cf = C_HIGH;
		else if (f->intrusion || ieq(f->severity, "medium"))
			cf = C_MEDIUM;
		else
			cf = C_LOW;
		snprintf(why, sizeof(why), "finding on %s before the disruption began%s%s", h,
			 f->first_ns <= jint(d, "start_ns") ? "" : " (within the time precision)",
			 f->intrusion ? "; an intrusion finding" : "");
		l = link_new("host->finding", json_string(h), json_integer(f->id), "time overlap", cf, why);
		cite(l, "findings", json_integer(f->id));
		json_array_foreach(f->events, e, ev) {
			cite(l, "events", json_incref(ev));
			add_unique(w->events, json_incref(ev));
		}
		json_array_append_new(w->links, l);
		add_unique(w->findings, json_integer(f->id));
		if (!first)
			first = f;
		p = c_host < cf ? c_host : cf;
		if (p > *best)
			*best = p;
	}
	if (first) {
		const struct finding *in = earliest_intrusion(c, first->first_ns);

		if (in && in != first) {
			bool same = host_eq(in->host, h), named_in = false;
			enum conf ci;

			if (!same && (rc = events_name_host(&named_in, c->st, h, in->host,
							    in->first_ns, start)) < 0)
				return rc;
			ci = same ? C_HIGH : named_in ? C_MEDIUM : C_LOW;
			l = link_new("finding->intrusion", json_integer(first->id), json_integer(in->id),
				     "time overlap", ci,
				     same ? "earliest intrusion finding, on the same host"
				     : named_in ? "earliest intrusion finding, on a host that events on this host name"
						: "earliest intrusion finding of the case, on another host; no event shows the path");
			cite(l, "findings", json_integer(first->id));
			cite(l, "findings", json_integer(in->id));
			json_array_append_new(w->links, l);
			add_unique(w->findings, json_integer(in->id));
		}
		if (in && (!w->intrusion || in->first_ns < w->intrusion->first_ns))
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
static int walk_disruption(enum conf *best_out, struct ctx *c, const json_t *d,
			   struct walk *w)
{
	const char *did = jstr(d, "id"), *sys = jstr(d, "affected_system");
	const char *asset = jstr(d, "linked_asset"), *site = jstr(d, "site_code");
	int64_t start = jint(d, "start_ns") + slack(jstr(d, "time_precision"));
	enum conf best = C_NONE;
	size_t i;
	json_t *sr;
	int rc;

	if (!sys && asset) {
		json_array_foreach(c->systems, i, sr)
			if (host_eq(jstr(sr, "hostname"), asset))
				sys = jstr(sr, "system");
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
		bool documented = jstr(d, "affected_system") != NULL;
		json_t *l = link_new("disruption->system", json_string(did), json_string(sys),
				     documented ? "documented reference" : "inventory join",
				     C_HIGH, documented ? "the disruption record names the system"
							: "the disruption names a host the inventory assigns to this system");

		cite(l, "rows", json_string(jstr(d, "locator")));
		cite(l, "events", json_integer(jint(d, "event_id")));
		json_array_append_new(w->links, l);
		add_unique(w->systems, json_string(sys));
	}
	/* hosts: the inventory's hosts of that system, and the asset the hospital named */
	{
		json_t *cands = json_array();
		bool asset_seen = false;

		json_array_foreach(c->systems, i, sr) {
			const char *hs = jstr(sr, "site_code");

			if (!ieq(jstr(sr, "system"), sys) || (site && hs && strcmp(site, hs) != 0))
				continue;
			json_array_append(cands, sr);
			asset_seen = asset_seen || host_eq(jstr(sr, "hostname"), asset);
		}
		if (asset && !asset_seen)
			json_array_append_new(cands, json_pack("{s:s, s:b}", "hostname", asset,
							       "not_in_inventory", 1));
		json_array_foreach(cands, i, sr) {
			if ((rc = walk_host(&best, c, d, sr, sys, start, w)) < 0) {
				json_decref(cands);
				return rc;
			}
		}
		json_decref(cands);
	}
	*best_out = best;
	return 0;
}

static json_t *intrusion_json(const struct finding *f)
{
	if (!f)
		return json_null();
	return json_pack("{s:I, s:o, s:s, s:s}", "finding", (json_int_t)f->id, "time",
			 ll_correlate_time(f->first_ns), "title", f->title, "host", f->host);
}

static enum conf causality_cap(const char *causality)
{
	if (!strcmp(causality, "Certain") || !strcmp(causality, "Probably-Likely"))
		return C_HIGH;
	if (!strcmp(causality, "Possible"))
		return C_MEDIUM;
	return C_LOW;
}

static int build_chain(json_t *chains, struct ctx *c, const json_t *h)
{
	const json_t *row = json_object_get(h, "row_json");
	const char *hid = jstr(h, "id"), *causality = jstr(h, "causality");
	const json_t *ids = json_object_get(row, "disruption_ids");
	struct walk w = { json_array(), json_array(), json_array(), json_array(), json_array(), NULL };
	json_t *ch = json_object(), *dlist = json_array(), *notes = json_array();
	enum conf best = C_NONE;
	const char *status;
	const char *k;
	json_t *d;
	int rc = 0;

	if (json_array_size(ids)) {
		size_t i;
		json_t *x;

		json_array_foreach(ids, i, x) {
			const json_t *dd = json_object_get(c->disruptions, json_string_value(x));
			json_t *l;

			if (!dd) {
				char n[160];

				snprintf(n, sizeof(n), "%s names disruption %s, which is not in the case",
					 hid, json_string_value(x));
				json_array_append_new(notes, json_string(n));
				continue;
			}
			l = link_new("harm->disruption", json_string(hid), json_copy(x),
				     "documented reference", C_HIGH,
				     "the harm record names the disruption (disruption_ids)");
			cite(l, "rows", json_string(jstr(h, "locator")));
			cite(l, "rows", json_string(jstr(dd, "locator")));
			cite(l, "events", json_integer(jint(h, "event_id")));
			cite(l, "events", json_integer(jint(dd, "event_id")));
			json_array_append_new(w.links, l);
			json_array_append_new(dlist, json_copy(x));
		}
	} else {
		int64_t t = jint(h, "start_ns"), sl = slack(jstr(h, "time_precision"));

		json_object_foreach(c->disruptions, k, d) {
			int64_t s2 = slack(jstr(d, "time_precision")), s = sl > s2 ? sl : s2;
			bool overlap = t >= jint(d, "start_ns") - s && t <= jint(d, "end_ns") + s;
			bool same_site = !strcmp(jstr(d, "site_code"), jstr(h, "site_code"));
			bool same_unit = !strcmp(jstr(d, "unit"), jstr(h, "unit"));
			bool uses = care_uses(jstr(h, "care_process"), jstr(d, "affected_system"));
			json_t *l;

			if (!overlap || !same_site || (!same_unit && !uses))
				continue;
			l = link_new("harm->disruption", json_string(hid), json_string(k), "time overlap",
				     same_unit ? C_MEDIUM : C_LOW,
				     same_unit ? "same unit; the harm event began while the disruption lasted"
					       : "the care process depends on the disrupted system; the harm event began while the disruption lasted (another unit)");
			cite(l, "rows", json_string(jstr(h, "locator")));
			cite(l, "rows", json_string(jstr(d, "locator")));
			cite(l, "events", json_integer(jint(h, "event_id")));
			cite(l, "events", json_integer(jint(d, "event_id")));
			json_array_append_new(w.links, l);
			json_array_append_new(dlist, json_string(k));
		}
	}
	{
		size_t i, nlinks = json_array_size(w.links);
		json_t *x;

		json_array_foreach(dlist, i, x) {
			const json_t *dd = json_object_get(c->disruptions, json_string_value(x));
			enum conf cd = C_HIGH, pb;
			json_t *l;

			/* the harm->disruption link of this disruption */
			for (size_t j = 0; j < nlinks; j++) {
				l = json_array_get(w.links, j);
				if (json_equal(json_object_get(l, "to"), x)) {
					const char *cn = jstr(l, "confidence");

					cd = !strcmp(cn, "high") ? C_HIGH : !strcmp(cn, "medium") ? C_MEDIUM : C_LOW;
				}
			}
			if ((rc = walk_disruption(&pb, c, dd, &w)) < 0)
				goto out;
			if (pb > cd)
				pb = cd;
			if (pb > best)
				best = pb;
		}
	}
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
	json_object_set_new(ch, "harm_event_id", json_string(hid));
	json_object_set_new(ch, "patient", json_string(jstr(h, "patient")));
	json_object_set(ch, "age_band", json_object_get(row, "age_band") ? json_object_get(row, "age_band") : json_null());
	json_object_set_new(ch, "unit", json_string(jstr(h, "unit")));
	json_object_set_new(ch, "site_code", json_string(jstr(h, "site_code")));
	json_object_set_new(ch, "event_start", ll_correlate_time(jint(h, "start_ns")));
	json_object_set_new(ch, "time_precision", json_string(jstr(h, "time_precision")));
	json_object_set_new(ch, "care_process", json_string(jstr(h, "care_process")));
	json_object_set_new(ch, "harm_level", json_string(jstr(h, "harm_level")));
	json_object_set(ch, "harm_scale", json_object_get(row, "harm_scale"));
	json_object_set(ch, "delay_minutes", json_object_get(row, "delay_minutes") ? json_object_get(row, "delay_minutes") : json_null());
	json_object_set_new(ch, "causality", json_string(causality));
	json_object_set(ch, "causality_method", json_object_get(row, "causality_method") ? json_object_get(row, "causality_method") : json_null());
	json_object_set_new(ch, "status", json_string(status));
	json_object_set_new(ch, "confidence", best ? json_string(conf_names[best]) : json_null());
	json_object_set_new(ch, "reaches_attack", json_boolean(best != C_NONE));
	json_object_set_new(ch, "row", json_string(jstr(h, "locator")));
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

static int build_endangerment(json_t *out, struct ctx *c, const json_t *harm)
{
	const char *k;
	json_t *d;
	int rc;

	json_object_foreach(c->disruptions, k, d) {
		struct walk w = { json_array(), json_array(), json_array(), json_array(), json_array(), NULL };
		const json_t *row = json_object_get(d, "row_json");
		bool critical = ll_harm_life_critical_type(jstr(d, "type"));
		enum conf best;
		json_t *e, *counts = json_object(), *harms = json_array(), *hh, *evs = json_array();
		size_t i;

		json_array_foreach(c->systems, i, hh) {
			bool match = host_eq(jstr(hh, "hostname"), jstr(d, "linked_asset")) ||
				     ieq(jstr(hh, "system"), jstr(d, "affected_system"));

			if (match && jint(hh, "life_critical"))
				critical = true;
		}
		if (!critical) {
			json_decref(counts);
			json_decref(harms);
			json_decref(evs);
			goto next;
		}
		if ((rc = walk_disruption(&best, c, d, &w)) < 0) {
			json_decref(counts);
			json_decref(harms);
			json_decref(evs);
			goto fail;
		}
		if (json_object_get(row, "count_affected"))
			json_object_set(counts, jstr(row, "count_unit") ? jstr(row, "count_unit") : "affected",
					json_object_get(row, "count_affected"));
		json_array_foreach(harm, i, hh) {
			const json_t *ids = json_object_get(json_object_get(hh, "row_json"), "disruption_ids");
			size_t j;
			json_t *x;

			json_array_foreach(ids, j, x)
				if (!strcmp(json_string_value(x), k))
					json_array_append_new(harms, json_string(jstr(hh, "id")));
		}
		json_array_append_new(evs, json_integer(jint(d, "event_id")));
		json_array_append_new(evs, json_integer(jint(d, "end_event_id")));
		json_array_extend(evs, w.events);
		e = json_object();
		json_object_set_new(e, "disruption_id", json_string(k));
		json_object_set_new(e, "type", json_string(jstr(d, "type")));
		json_object_set_new(e, "system", jstr(d, "affected_system") ? json_string(jstr(d, "affected_system")) : json_null());
		json_object_set_new(e, "service", json_string(jstr(d, "unit")));
		json_object_set_new(e, "site_code", json_string(jstr(d, "site_code")));
		json_object_set_new(e, "severity", json_string(jstr(d, "severity")));
		json_object_set_new(e, "life_critical", json_true());
		json_object_set_new(e, "start", ll_correlate_time(jint(d, "start_ns")));
		json_object_set_new(e, "end", ll_correlate_time(jint(d, "end_ns")));
		json_object_set_new(e, "duration_minutes",
				    json_integer((jint(d, "end_ns") - jint(d, "start_ns")) / (60 * SEC)));
		json_object_set_new(e, "counts", counts);
		json_object_set_new(e, "linked_to_attack", json_boolean(best != C_NONE));
		json_object_set_new(e, "confidence", best ? json_string(conf_names[best]) : json_null());
		json_object_set_new(e, "hosts", w.hosts);
		json_object_set_new(e, "findings", w.findings);
		json_object_set_new(e, "events", evs);
		json_object_set_new(e, "earliest_intrusion", intrusion_json(w.intrusion));
		json_object_set_new(e, "harm_events", harms);
		json_object_set_new(e, "links", w.links);
		json_object_set_new(e, "row", json_string(jstr(d, "locator")));
		json_array_append_new(out, e);
		json_decref(w.systems);
		json_decref(w.events);
		continue;
next:
		json_decref(w.links);
		json_decref(w.systems);
		json_decref(w.hosts);
		json_decref(w.findings);
		json_decref(w.events);
		continue;
fail:
		json_decref(w.links);
		json_decref(w.systems);
		json_decref(w.hosts);
		json_decref(w.findings);
		json_decref(w.events);
		return rc;
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

static void parse_row_json(json_t *rows)
{
	size_t i;
	json_t *r;
	const char *k;

	if (json_is_array(rows)) {
		json_array_foreach(rows, i, r)
			json_object_set_new(r, "row_json", json_loads(jstr(r, "row"), 0, NULL));
	} else {
		json_object_foreach(rows, k, r)
			json_object_set_new(r, "row_json", json_loads(jstr(r, "row"), 0, NULL));
	}
}

int ll_correlate_run(json_t **doc_out, struct ll_case *cs, const struct ll_signer *signer,
		     const struct ll_correlate_opts *opts)
{
	struct ctx c = { .st = cs->store };
	json_t *doc = json_object(), *harm = json_array(), *chains = json_array();
	json_t *endanger = json_array(), *stats = json_array(), *bw = json_array();
	struct ll_window attack = { 0, 0 }, base[2];
	const struct ll_window *bl = opts->baselines;
	size_t nbl = opts->nbaselines, i;
	struct ll_custody_request req = { 0 };
	char sha[LL_SHA256_HEX], *text = NULL, *details = NULL;
	bool have_attack = opts->attack_set;
	sqlite3_stmt *s = NULL;
	json_t *h, *det;
	int rc;

	c.systems = json_array();
	c.disruptions = json_object();
	if ((rc = load_findings(&c)) < 0 ||
	    (rc = load_json_rows(c.systems, false, c.st,
				 "SELECT hostname, system, site_code, unit, life_critical, locator"
				 " FROM systems ORDER BY hostname")) < 0 ||
	    (rc = load_json_rows(c.disruptions, true, c.st,
				 "SELECT id, site_code, unit, type, affected_system, linked_asset,"
				 " severity, start_ns, end_ns, time_precision, event_id,"
				 " end_event_id, locator, row FROM disruptions ORDER BY id")) < 0 ||
	    (rc = load_json_rows(harm, false, c.st,
				 "SELECT id, patient, site_code, unit, start_ns, time_precision,"
				 " care_process, harm_level, causality, event_id, locator, row"
				 " FROM harm_events ORDER BY id")) < 0)
		goto out;
	parse_row_json(c.disruptions);
	parse_row_json(harm);
	json_array_foreach(harm, i, h)
		if ((rc = build_chain(chains, &c, h)) < 0)
			goto out;
	if ((rc = build_endangerment(endanger, &c, harm)) < 0)
		goto out;

	/* windows */
	if (opts->attack_set) {
		attack = opts->attack;
	} else {
		const char *k;
		json_t *d;
		bool first = true;

		json_object_foreach(c.disruptions, k, d) {
			if (first || jint(d, "start_ns") < attack.from)
				attack.from = jint(d, "start_ns");
			if (first || jint(d, "end_ns") > attack.to)
				attack.to = jint(d, "end_ns");
			first = false;
		}
		have_attack = !first;
	}
	if (have_attack) {
		json_object_set_new(doc, "attack_window",
				    json_pack("{s:o, s:o, s:s}", "from", ll_correlate_time(attack.from),
					      "to", ll_correlate_time(attack.to), "rule",
					      opts->attack_set ? "given with --attack"
							       : "first disruption to last restoration"));
		if (!nbl) {
			/* harm-schemas.md: the same length just before, and one year earlier */
			base[0].from = attack.from - (attack.to - attack.from);
			base[0].to = attack.from;
			base[1].from = year_earlier(attack.from);
			base[1].to = year_earlier(attack.to);
			bl = base;
			nbl = 2;
			json_array_append_new(bw, json_pack("{s:o, s:o, s:s}", "from", ll_correlate_time(base[0].from),
							    "to", ll_correlate_time(base[0].to), "label",
							    "same length immediately before the attack"));
			json_array_append_new(bw, json_pack("{s:o, s:o, s:s}", "from", ll_correlate_time(base[1].from),
							    "to", ll_correlate_time(base[1].to), "label",
							    "same calendar window one year earlier"));
		} else {
			for (i = 0; i < nbl; i++)
				json_array_append_new(bw, json_pack("{s:o, s:o, s:s}", "from", ll_correlate_time(bl[i].from),
								    "to", ll_correlate_time(bl[i].to), "label",
								    "given with --baseline"));
		}
		if ((rc = ll_correlate_statistics(stats, bw, cs, &attack, bl, nbl)) < 0)
			goto out;
	} else {
		json_object_set_new(doc, "attack_window", json_null());
	}
	json_object_set_new(doc, "schema", json_string("lifeline.correlate/1"));
	json_object_set_new(doc, "baseline_windows", bw);
	bw = NULL;
	json_object_set_new(doc, "intrusion_rule", json_string(intrusion_rule));
	json_object_set_new(doc, "chains", chains);
	json_object_set_new(doc, "endangerment", endanger);
	json_object_set_new(doc, "statistics", stats);
	json_object_set_new(doc, "notes", json_pack("[s,s]",
		"association is not individual causation: the statistics describe the population, each patient's harm rests on the hospital's clinical review (causality)",
		"a chain's confidence is that of its weakest link on the strongest path, and never above what the clinical causality assessment allows"));
	chains = endanger = stats = NULL;

	/* store, then record in the custody ledger, together */
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
	details = ll_json_dump(det);
	json_decref(det);
	if ((rc = ll_store_begin(cs->store)) < 0)
		goto out;
	if ((rc = ll_store_prepare(&s, cs->store,
				   "INSERT OR REPLACE INTO correlation(id, time_ns, options, doc)"
				   " VALUES (1, ?, ?, ?)")) < 0) {
		ll_store_rollback(cs->store);
		goto out;
	}
	sqlite3_bind_int64(s, 1, ll_time_now_ns());
	sqlite3_bind_text(s, 2, details, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, text, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = ll_store_error(cs->store, "storing the correlation");
		ll_store_rollback(cs->store);
		goto out;
	}
	req.action = "correlate";
	req.note = "analyze correlate";
	req.details = details;
	if ((rc = ll_custody_append(NULL, cs->store, signer, &req)) < 0) {
		ll_store_rollback(cs->store);
		goto out;
	}
	if ((rc = ll_store_commit(cs->store)) < 0)
		goto out;
	json_object_set_new(doc, "sha256", json_string(sha));
	*doc_out = doc;
	doc = NULL;
out:
	sqlite3_finalize(s);
	ll_free(text);
	ll_free(details);
	for (i = 0; i < c.nf; i++) {
		ll_free(c.f[i].rule_id);
		ll_free(c.f[i].title);
		ll_free(c.f[i].severity);
		ll_free(c.f[i].techniques);
		ll_free(c.f[i].host);
		json_decref(c.f[i].events);
	}
	ll_free(c.f);
	json_decref(c.systems);
	json_decref(c.disruptions);
	json_decref(harm);
	json_decref(chains);
	json_decref(endanger);
	json_decref(stats);
	json_decref(bw);
	json_decref(doc);
	return rc;
}
