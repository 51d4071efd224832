/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The attack paths in the correlation document and back (docs/formats/
 * correlation.md, "attack_paths"): written by `analyze correlate`, read by
 * the case file's report through ll_attack_paths_from_doc, so the report
 * sees typed steps, not JSON.
 */
#include "core/compat.h"
#include "analyze/correlate/attack_path.h"
#include "analyze/correlate/correlate_int.h" /* ll_correlate_time: one time form in the document */

#include "core/alloc.h"
#include "core/error.h"
#include "core/time.h"

static void step_release(struct ll_attack_step *s)
{
	ll_free(s->edge_kind);
	ll_free(s->from);
	ll_free(s->to);
	ll_free(s->basis);
	ll_free(s->basis_fr);
	ll_free(s->title);
	for (size_t i = 0; i < s->ncites; i++) {
		ll_free(s->cites[i].evidence_id);
		ll_free(s->cites[i].locator);
	}
	ll_free(s->cites);
}

void ll_attack_path_release(struct ll_attack_path *p)
{
	for (size_t i = 0; i < p->nsteps; i++)
		step_release(&p->steps[i]);
	for (size_t i = 0; i < p->nhyps; i++)
		step_release(&p->hyps[i]);
	ll_free(p->steps);
	ll_free(p->hyps);
	ll_free(p->system);
	ll_free(p->host);
	ll_free(p->actor);
	memset(p, 0, sizeof(*p));
}

void ll_attack_paths_release(struct ll_attack_paths *l)
{
	for (size_t i = 0; i < l->n; i++)
		ll_attack_path_release(&l->v[i]);
	ll_free(l->v);
	l->v = NULL;
	l->n = 0;
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *step_json(const struct ll_attack_step *s)
{
	json_t *o = json_object(), *ev = json_array(), *cites = json_array();

	for (size_t i = 0; i < s->ncites; i++) {
		const struct ll_attack_cite *c = &s->cites[i];

		json_array_append_new(ev, json_integer(c->event_id));
		json_array_append_new(cites, json_pack("{s:I, s:s, s:s}", "event", (json_int_t)c->event_id,
						       "evidence", c->evidence_id, "locator", c->locator));
	}
	json_object_set_new(o, "kind", json_string(s->kind == LL_STEP_EDGE ? "edge" : "finding"));
	json_object_set_new(o, "edge_kind", str_or_null(s->edge_kind));
	json_object_set_new(o, "from", json_string(s->from));
	json_object_set_new(o, "to", json_string(s->to));
	json_object_set_new(o, "time", ll_correlate_time(s->time_ns));
	json_object_set_new(o, "confidence", json_string(ll_corr_conf_name(s->conf)));
	json_object_set_new(o, "basis", json_string(s->basis));
	if (s->basis_fr)
		json_object_set_new(o, "basis_fr", json_string(s->basis_fr));
	json_object_set_new(o, "finding", id_or_null(s->finding_id));
	json_object_set_new(o, "edge", id_or_null(s->edge_id));
	json_object_set_new(o, "title", str_or_null(s->title));
	json_object_set_new(o, "events", ev);
	json_object_set_new(o, "cites", cites);
	return o;
}

static json_t *steps_json(const struct ll_attack_step *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, step_json(&v[i]));
	return a;
}

json_t *ll_attack_path_json(const struct ll_attack_path *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "system", json_string(p->system));
	json_object_set_new(o, "host", json_string(p->host));
	json_object_set_new(o, "until", ll_correlate_time(p->until_ns));
	json_object_set_new(o, "complete", json_boolean(p->complete));
	json_object_set_new(o, "impact_on_host", json_boolean(p->impact));
	json_object_set_new(o, "actor", str_or_null(p->actor));
	json_object_set_new(o, "start_finding", id_or_null(p->start_finding));
	json_object_set_new(o, "confidence",
			    p->conf ? json_string(ll_corr_conf_name(p->conf)) : json_null());
	json_object_set_new(o, "steps", steps_json(p->steps, p->nsteps));
	json_object_set_new(o, "hypotheses", steps_json(p->hyps, p->nhyps));
	return o;
}

/* --- the read API ------------------------------------------------------ */

static enum ll_corr_conf conf_of(const char *s)
{
	if (!s)
		return LL_CONF_NONE;
	if (!strcmp(s, "high"))
		return LL_CONF_HIGH;
	if (!strcmp(s, "medium"))
		return LL_CONF_MEDIUM;
	if (!strcmp(s, "low"))
		return LL_CONF_LOW;
	return LL_CONF_NONE;
}

/* A string member into *out (NULL when absent or null); `need` makes absence an error. */
static int get_str(char **out, const json_t *o, const char *key, bool need, const char *where)
{
	const json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (need)
			return ll_error_set(LL_ECORRUPT, "correlation document: %s: no \"%s\"", where, key);
		return 0;
	}
	if (!json_is_string(v))
		return ll_error_set(LL_ECORRUPT, "correlation document: %s: \"%s\" is not a string", where, key);
	if (!(*out = ll_strdup(json_string_value(v))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

static int get_time(int64_t *out, const json_t *o, const char *key, const char *where)
{
	const char *s = json_string_value(json_object_get(o, key));
	bool zone;

	if (!s || ll_time_parse_rfc3339(out, &zone, s, false) < 0)
		return ll_error_set(LL_ECORRUPT, "correlation document: %s: \"%s\" is not a time", where, key);
	return 0;
}

static int step_from(struct ll_attack_step *s, const json_t *o, const char *where)
{
	const json_t *cites = json_object_get(o, "cites");
	char *kind = NULL, *conf = NULL;
	size_t i;
	json_t *c;
	int rc;

	if (!json_is_object(o) || !json_is_array(cites))
		return ll_error_set(LL_ECORRUPT, "correlation document: %s: not a step", where);
	if ((rc = get_str(&kind, o, "kind", true, where)) < 0)
		return rc;
	s->kind = strcmp(kind, "edge") ? LL_STEP_FINDING : LL_STEP_EDGE;
	ll_free(kind);
	if ((rc = get_str(&conf, o, "confidence", true, where)) < 0)
		return rc;
	s->conf = conf_of(conf);
	ll_free(conf);
	if ((rc = get_str(&s->edge_kind, o, "edge_kind", false, where)) < 0 ||
	    (rc = get_str(&s->from, o, "from", true, where)) < 0 ||
	    (rc = get_str(&s->to, o, "to", true, where)) < 0 ||
	    (rc = get_str(&s->basis, o, "basis", true, where)) < 0 ||
	    (rc = get_str(&s->basis_fr, o, "basis_fr", false, where)) < 0 ||
	    (rc = get_str(&s->title, o, "title", false, where)) < 0 ||
	    (rc = get_time(&s->time_ns, o, "time", where)) < 0)
		return rc;
	s->finding_id = json_integer_value(json_object_get(o, "finding"));
	s->edge_id = json_integer_value(json_object_get(o, "edge"));
	if (!(s->cites = ll_calloc(json_array_size(cites) + 1, sizeof(*s->cites))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	json_array_foreach(cites, i, c) {
		struct ll_attack_cite *ct = &s->cites[s->ncites++];

		ct->event_id = json_integer_value(json_object_get(c, "event"));
		if ((rc = get_str(&ct->evidence_id, c, "evidence", true, where)) < 0 ||
		    (rc = get_str(&ct->locator, c, "locator", true, where)) < 0)
			return rc;
	}
	return 0;
}

static int steps_from(struct ll_attack_step **v, size_t *n, const json_t *a, const char *what,
		      size_t pi)
{
	size_t i;
	json_t *x;
	int rc;

	if (!json_is_array(a))
		return ll_error_set(LL_ECORRUPT, "correlation document: attack_paths[%zu]: no \"%s\" array",
				    pi, what);
	if (!(*v = ll_calloc(json_array_size(a) + 1, sizeof(**v))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	json_array_foreach(a, i, x) {
		char where[96];

		snprintf(where, sizeof(where), "attack_paths[%zu].%s[%zu]", pi, what, i);
		(*n)++;
		if ((rc = step_from(&(*v)[i], x, where)) < 0)
			return rc;
	}
	return 0;
}

static int path_from(struct ll_attack_path *p, const json_t *o, size_t pi)
{
	char where[48], *conf = NULL;
	int rc;

	snprintf(where, sizeof(where), "attack_paths[%zu]", pi);
	if (!json_is_object(o))
		return ll_error_set(LL_ECORRUPT, "correlation document: %s: not an object", where);
	if ((rc = get_str(&p->system, o, "system", true, where)) < 0 ||
	    (rc = get_str(&p->host, o, "host", true, where)) < 0 ||
	    (rc = get_str(&p->actor, o, "actor", false, where)) < 0 ||
	    (rc = get_str(&conf, o, "confidence", false, where)) < 0 ||
	    (rc = get_time(&p->until_ns, o, "until", where)) < 0)
		return rc;
	p->conf = conf_of(conf);
	ll_free(conf);
	p->complete = json_is_true(json_object_get(o, "complete"));
	p->impact = json_is_true(json_object_get(o, "impact_on_host"));
	p->start_finding = json_integer_value(json_object_get(o, "start_finding"));
	if ((rc = steps_from(&p->steps, &p->nsteps, json_object_get(o, "steps"), "steps", pi)) < 0)
		return rc;
	return steps_from(&p->hyps, &p->nhyps, json_object_get(o, "hypotheses"), "hypotheses", pi);
}

int ll_attack_paths_from_doc(struct ll_attack_paths *out, const json_t *doc)
{
	const json_t *a = json_object_get(doc, "attack_paths");
	size_t i;
	json_t *x;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!a)
		return 0;
	if (!json_is_array(a))
		return ll_error_set(LL_ECORRUPT, "correlation document: \"attack_paths\" is not an array");
	if (!(out->v = ll_calloc(json_array_size(a) + 1, sizeof(*out->v))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	json_array_foreach(a, i, x) {
		out->n++;
		if ((rc = path_from(&out->v[i], x, i)) < 0) {
			ll_attack_paths_release(out);
			return rc;
		}
	}
	return 0;
}
