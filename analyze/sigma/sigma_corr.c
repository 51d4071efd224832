/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The `correlation:` section of a Sigma rule: its type, referenced rules,
 * group-by fields, aliases, timespan and condition. Anything this engine
 * does not evaluate, or a bound a hostile file exceeds, refuses the rule
 * with the field named: a correlation is never partly applied.
 */
#include "core/compat.h"
#include "analyze/sigma/sigma_corr.h"
#include "analyze/sigma/sigma_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"

#define BAD(reason, ...) ll_sg_fail(why, whylen, LL_ECORRUPT, reason, __VA_ARGS__)
#define UNSUP(reason, ...) ll_sg_fail(why, whylen, LL_EUNSUPPORTED, reason, __VA_ARGS__)

const char *ll_corr_type_name(enum ll_corr_type t)
{
	switch (t) {
	case LL_CORR_EVENT_COUNT: return "event_count";
	case LL_CORR_VALUE_COUNT: return "value_count";
	case LL_CORR_TEMPORAL: return "temporal";
	case LL_CORR_TEMPORAL_ORDERED: return "temporal_ordered";
	}
	return "?";
}

bool ll_corr_condition(const struct ll_sigma_corr *c, int64_t count)
{
	return count >= c->lo && count <= c->hi && !(c->has_neq && count == c->neq);
}

void ll_sg_corr_free(struct ll_sigma_corr *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nrules; i++)
		ll_free(c->rules[i]);
	for (size_t g = 0; g < c->ngroup; g++) {
		ll_free(c->group[g]);
		for (size_t r = 0; r < LL_CORR_MAX_RULES; r++)
			ll_free(c->alias[g][r]);
	}
	ll_free(c->field);
	ll_free(c);
}

/* "30s", "10m", "1h", "7d", "2w", "1M" (30 days), "1y" (365 days). */
static int timespan(struct ll_sigma_corr *c, char *why, size_t whylen, const struct sy_node *v)
{
	static const struct { char unit; int64_t s; } units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 }, { 'w', 7 * 86400 },
		{ 'M', 30 * 86400 }, { 'y', 365 * 86400 },
	};
	const char *s = v && v->kind == SY_SCALAR ? v->s : NULL;
	int64_t n = 0, mul = 0;
	size_t i = 0;

	if (!s)
		return BAD("correlation timespan", "correlation has no timespan");
	for (; isdigit((unsigned char)s[i]); i++)
		/* past every bound: stays there, the multiplication never overflows */
		n = n > LL_CORR_MAX_TIMESPAN_S ? n : n * 10 + (s[i] - '0');
	for (size_t u = 0; i > 0 && s[i] && !s[i + 1] && u < LL_ARRAY_SIZE(units); u++)
		if (units[u].unit == s[i])
			mul = units[u].s;
	if (!mul || n <= 0)
		return BAD("correlation timespan",
			   "line %zu: timespan '%.40s' is not a positive number with a unit (s, m, h, d, w, M, y)",
			   v->line, s);
	if (n > LL_CORR_MAX_TIMESPAN_S / mul)
		return UNSUP("correlation timespan",
			     "line %zu: timespan '%.40s' is longer than ten years", v->line, s);
	c->timespan_ns = n * mul * INT64_C(1000000000);
	return 0;
}

/* A list of scalars (or one scalar) into `out`, at most `max`. */
static int names(char **out, size_t *n, size_t max, char *why, size_t whylen,
		 const struct sy_node *v, const char *what)
{
	size_t k = v && v->kind == SY_SEQ ? v->n : 1;

	if (!v || v->kind == SY_MAP || v->kind == SY_NULL || k == 0)
		return BAD("correlation field", "correlation %s must be a name or a list of names", what);
	if (k > max)
		return UNSUP("correlation field", "line %zu: correlation %s: %zu entries, at most %zu",
			     v->line, what, k, max);
	for (size_t i = 0; i < k; i++) {
		const struct sy_node *s = v->kind == SY_SEQ ? v->kids[i] : v;

		if (s->kind != SY_SCALAR || !s->s[0])
			return BAD("correlation field", "line %zu: correlation %s: entry %zu is not a name",
				   s->line, what, i + 1);
		for (size_t j = 0; j < *n; j++)
			if (!strcmp(out[j], s->s))
				return BAD("correlation field", "line %zu: correlation %s: '%.80s' twice",
					   s->line, what, s->s);
		if (!(out[*n] = ll_strdup(s->s)))
			return ll_error_set(LL_ENOMEM, "out of memory");
		(*n)++;
	}
	return 0;
}

static int count_value(int64_t *out, char *why, size_t whylen, const struct sy_node *v,
		       const char *op)
{
	char *end;
	long long n;

	if (v->kind != SY_SCALAR || !isdigit((unsigned char)v->s[0]))
		return BAD("correlation condition",
			   "line %zu: condition %s: '%.40s' is not a count (an integer 0 or more)",
			   v->line, op, v->s ? v->s : "");
	errno = 0;
	n = strtoll(v->s, &end, 10);
	if (*end || errno || n > LL_CORR_MAX_COUNT)
		return BAD("correlation condition",
			   "line %zu: condition %s: '%.40s' is not a count from 0 to 10^9",
			   v->line, op, v->s);
	*out = n;
	return 0;
}

static int condition(struct ll_sigma_corr *c, char *why, size_t whylen, const struct sy_node *m)
{
	bool any = false;
	int rc;

	c->lo = 0;
	c->hi = INT64_MAX;
	if (c->type == LL_CORR_TEMPORAL || c->type == LL_CORR_TEMPORAL_ORDERED) {
		if (m)
			return UNSUP("correlation condition",
				     "line %zu: a condition on a %s correlation is not supported "
				     "(every referenced rule must match)", m->line,
				     ll_corr_type_name(c->type));
		c->lo = 1;
		return 0;
	}
	if (!m || m->kind != SY_MAP)
		return BAD("correlation condition", "%s correlation has no condition map",
			   ll_corr_type_name(c->type));
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const char *k = m->kids[i]->s ? m->kids[i]->s : "";
		const struct sy_node *v = m->kids[i + 1];
		int64_t n = 0;

		if (!strcmp(k, "field")) {
			if (c->type != LL_CORR_VALUE_COUNT)
				return BAD("correlation condition",
					   "line %zu: condition field: only a value_count has one", v->line);
			if (v->kind != SY_SCALAR || !v->s[0] || c->field)
				return BAD("correlation condition",
					   "line %zu: condition field must be one field name", v->line);
			if (!(c->field = ll_strdup(v->s)))
				return ll_error_set(LL_ENOMEM, "out of memory");
			continue;
		}
		if (strcmp(k, "gt") && strcmp(k, "gte") && strcmp(k, "lt") && strcmp(k, "lte") &&
		    strcmp(k, "eq") && strcmp(k, "neq"))
			return UNSUP("correlation condition",
				     "line %zu: condition '%.40s' (gt, gte, lt, lte, eq, neq are)",
				     m->kids[i]->line, k);
		if ((rc = count_value(&n, why, whylen, v, k)) < 0)
			return rc;
		any = true;
		if (!strcmp(k, "gt"))
			c->lo = n + 1 > c->lo ? n + 1 : c->lo;
		else if (!strcmp(k, "gte"))
			c->lo = n > c->lo ? n : c->lo;
		else if (!strcmp(k, "lt"))
			c->hi = n - 1 < c->hi ? n - 1 : c->hi;
		else if (!strcmp(k, "lte"))
			c->hi = n < c->hi ? n : c->hi;
		else if (!strcmp(k, "eq")) {
			c->lo = n > c->lo ? n : c->lo;
			c->hi = n < c->hi ? n : c->hi;
		} else {
			c->neq = n;
			c->has_neq = true;
		}
	}
	if (!any)
		return BAD("correlation condition", "line %zu: condition has no gt, gte, lt, lte, eq or neq",
			   m->line);
	if (c->lo > c->hi)
		return BAD("correlation condition", "line %zu: condition can never hold (empty range)",
			   m->line);
	/* a window holds at least one event: "0 or more" alone would be every window */
	if (c->hi == INT64_MAX && c->lo < 1 && !c->has_neq)
		return BAD("correlation condition", "line %zu: condition holds for any count", m->line);
	if (c->type == LL_CORR_VALUE_COUNT && !c->field)
		return BAD("correlation condition", "line %zu: value_count condition has no field",
			   m->line);
	return 0;
}

/* aliases: {alias: {rule: field, …}, …}; each alias must be a group-by field. */
static int aliases(struct ll_sigma_corr *c, char *why, size_t whylen, const struct sy_node *m)
{
	if (!m)
		return 0;
	if (m->kind != SY_MAP)
		return BAD("correlation aliases", "line %zu: aliases must be a map", m->line);
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const char *a = m->kids[i]->s ? m->kids[i]->s : "";
		const struct sy_node *per = m->kids[i + 1];
		size_t g;

		for (g = 0; g < c->ngroup; g++)
			if (!strcmp(c->group[g], a))
				break;
		if (g == c->ngroup)
			return BAD("correlation aliases", "line %zu: alias '%.80s' is not a group-by field",
				   m->kids[i]->line, a);
		if (per->kind != SY_MAP)
			return BAD("correlation aliases", "line %zu: alias '%.80s' must map rules to fields",
				   per->line, a);
		for (size_t k = 0; k + 1 < per->n; k += 2) {
			const char *rule = per->kids[k]->s ? per->kids[k]->s : "";
			const struct sy_node *f = per->kids[k + 1];
			size_t r;

			for (r = 0; r < c->nrules; r++)
				if (!strcmp(c->rules[r], rule))
					break;
			if (r == c->nrules)
				return BAD("correlation aliases",
					   "line %zu: alias '%.80s': rule '%.80s' is not referenced",
					   per->kids[k]->line, a, rule);
			if (f->kind != SY_SCALAR || !f->s[0] || c->alias[g][r])
				return BAD("correlation aliases",
					   "line %zu: alias '%.80s' for rule '%.80s' must be one field name",
					   f->line, a, rule);
			if (!(c->alias[g][r] = ll_strdup(f->s)))
				return ll_error_set(LL_ENOMEM, "out of memory");
		}
	}
	return 0;
}

static int boolean(bool *out, char *why, size_t whylen, const struct sy_node *v)
{
	if (!v)
		return 0;
	if (v->kind == SY_SCALAR && (!strcmp(v->s, "true") || !strcmp(v->s, "false"))) {
		*out = !strcmp(v->s, "true");
		return 0;
	}
	return BAD("correlation generate", "line %zu: generate must be true or false", v->line);
}

static int parse(struct ll_sigma_corr *c, char *why, size_t whylen, const struct sy_node *root,
		 const struct sy_node *m)
{
	static const char *const known[] = {
		"type", "rules", "group-by", "timespan", "timeframe", "condition", "aliases",
		"generate",
	};
	const char *type = ll_sy_str(m, "type");
	int rc;

	if (m->kind != SY_MAP)
		return BAD("correlation", "line %zu: correlation must be a map", m->line);
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const char *k = m->kids[i]->s ? m->kids[i]->s : "";
		size_t j;

		for (j = 0; j < LL_ARRAY_SIZE(known); j++)
			if (!strcmp(known[j], k))
				break;
		if (j == LL_ARRAY_SIZE(known))
			return UNSUP("correlation field", "line %zu: correlation field '%.40s'",
				     m->kids[i]->line, k);
	}
	if (!type)
		return BAD("correlation type", "correlation has no type");
	if (!strcmp(type, "event_count"))
		c->type = LL_CORR_EVENT_COUNT;
	else if (!strcmp(type, "value_count"))
		c->type = LL_CORR_VALUE_COUNT;
	else if (!strcmp(type, "temporal"))
		c->type = LL_CORR_TEMPORAL;
	else if (!strcmp(type, "temporal_ordered"))
		c->type = LL_CORR_TEMPORAL_ORDERED;
	else
		return UNSUP("correlation type", "correlation type '%.40s' (event_count, value_count, "
			     "temporal, temporal_ordered are)", type);
	if ((rc = names(c->rules, &c->nrules, LL_CORR_MAX_RULES, why, whylen,
			ll_sy_get(m, "rules"), "rules")) < 0)
		return rc;
	if ((c->type == LL_CORR_TEMPORAL || c->type == LL_CORR_TEMPORAL_ORDERED) && c->nrules < 2)
		return BAD("correlation rules", "a %s correlation needs two rules or more",
			   ll_corr_type_name(c->type));
	if (ll_sy_get(m, "group-by") &&
	    (rc = names(c->group, &c->ngroup, LL_CORR_MAX_GROUP, why, whylen,
			ll_sy_get(m, "group-by"), "group-by")) < 0)
		return rc;
	/* timeframe: the name of the first drafts of the specification */
	if ((rc = timespan(c, why, whylen, ll_sy_get(m, "timespan") ? ll_sy_get(m, "timespan")
				 : ll_sy_get(m, "timeframe"))) < 0 ||
	    (rc = condition(c, why, whylen, ll_sy_get(m, "condition"))) < 0 ||
	    (rc = aliases(c, why, whylen, ll_sy_get(m, "aliases"))) < 0 ||
	    (rc = boolean(&c->generate, why, whylen, ll_sy_get(root, "generate"))) < 0 ||
	    (rc = boolean(&c->generate, why, whylen, ll_sy_get(m, "generate"))) < 0)
		return rc;
	return 0;
}

int ll_sg_corr_build(struct ll_sigma_rule *r, char *why, size_t whylen,
		     const struct sy_node *root)
{
	struct ll_sigma_corr *c = ll_calloc(1, sizeof(*c));
	int rc;

	if (!c)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if (ll_sy_get(root, "detection") || ll_sy_get(root, "logsource")) {
		ll_sg_corr_free(c);
		return BAD("correlation with detection",
			   "a correlation rule has no logsource or detection of its own");
	}
	if ((rc = parse(c, why, whylen, root, ll_sy_get(root, "correlation"))) < 0) {
		ll_sg_corr_free(c);
		return rc;
	}
	r->corr = c;
	return 0;
}

const struct ll_sigma_corr *ll_sigma_rule_corr(const struct ll_sigma_rule *r)
{
	return r->corr;
}
