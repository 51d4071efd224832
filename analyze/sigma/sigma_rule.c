/* SPDX-License-Identifier: Apache-2.0 */
/* Loads a Sigma rule: metadata, logsource, selections and the condition. */
#include "core/compat.h"
#include "analyze/sigma/sigma_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

int ll_sg_fail(char *why, size_t whylen, int code, const char *reason,
	       const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (why && whylen)
		snprintf(why, whylen, "%s", reason);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ll_error_set(code, "%s", msg);
}

enum { S_ID, S_TITLE, S_STATUS, S_LEVEL, S_DESC, S_TECH, S_CONF, S_ORIGIN, S_NAME, S_TITLE_FR, S_DESC_FR };

static void group_release(struct sg_group *g)
{
	for (size_t i = 0; i < g->n; i++)
		ll_sg_item_release(&g->items[i]);
	ll_free(g->items);
}

void ll_sigma_rule_free(struct ll_sigma_rule *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nsels; i++) {
		for (size_t g = 0; g < r->sels[i].n; g++)
			group_release(&r->sels[i].groups[g]);
		ll_free(r->sels[i].groups);
		ll_free(r->sels[i].name);
	}
	ll_free(r->sels);
	ll_sg_cond_free(r->cond);
	ll_sg_corr_free(r->corr);
	for (size_t i = 0; i < LL_ARRAY_SIZE(r->strs); i++)
		ll_free(r->strs[i]);
	ll_free(r);
}

const struct ll_sigma_meta *ll_sigma_rule_meta(const struct ll_sigma_rule *r)
{
	return &r->meta;
}

const char *ll_sigma_rule_name(const struct ll_sigma_rule *r)
{
	return r->strs[S_NAME];
}

bool ll_sigma_rule_proc_creation(const struct ll_sigma_rule *r)
{
	return r->proc_creation;
}

static int set_str(struct ll_sigma_rule *r, int slot, const char *s)
{
	if (!s)
		return 0;
	if (!(r->strs[slot] = ll_strdup(s)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

/* tags attack.t1490 / attack.t1059.001 → ["T1490","T1059.001"] */
static int techniques(struct ll_sigma_rule *r, const struct sy_node *tags)
{
	struct ll_buf b;
	size_t n = 0;
	int rc = 0;

	ll_buf_init(&b);
	ll_buf_putc(&b, '[');
	for (size_t i = 0; tags && tags->kind == SY_SEQ && i < tags->n; i++) {
		const char *t = tags->kids[i]->s;

		if (!t || strncmp(t, "attack.t", 8) || !isdigit((unsigned char)t[8]))
			continue;
		ll_buf_printf(&b, "%s\"T", n++ ? "," : "");
		for (const char *c = t + 8; *c; c++)
			if (isdigit((unsigned char)*c) || *c == '.')
				ll_buf_putc(&b, *c);
		ll_buf_putc(&b, '"');
	}
	if ((rc = ll_buf_putc(&b, ']')) == 0 && !(r->strs[S_TECH] = ll_buf_detach(&b)))
		rc = ll_error_set(LL_ENOMEM, "out of memory");
	ll_buf_release(&b);
	return rc;
}

/*
 * How far a match can be trusted: an explicit `confidence:` wins; else the
 * rule's maturity (stable → high, test → medium, anything else → low).
 */
static const char *confidence(const struct sy_node *root)
{
	const char *c = ll_sy_str(root, "confidence");
	const char *st = ll_sy_str(root, "status");

	if (c && (!strcmp(c, "high") || !strcmp(c, "medium") || !strcmp(c, "low")))
		return c;
	if (st && !strcmp(st, "stable"))
		return "high";
	if (st && !strcmp(st, "test"))
		return "medium";
	return "low";
}

static int add_group(struct sg_sel *s, struct sg_group **out)
{
	struct sg_group *g = ll_reallocarray(s->groups, s->n + 1, sizeof(*g));

	if (!g)
		return ll_error_set(LL_ENOMEM, "out of memory");
	s->groups = g;
	*out = &g[s->n++];
	memset(*out, 0, sizeof(**out));
	return 0;
}

static int add_item(struct sg_group *g, char *why, size_t whylen, const char *key,
		    const struct sy_node *val)
{
	struct sg_item *it = ll_reallocarray(g->items, g->n + 1, sizeof(*it));
	int rc;

	if (!it)
		return ll_error_set(LL_ENOMEM, "out of memory");
	g->items = it;
	if ((rc = ll_sg_item_compile(&it[g->n], why, whylen, key, val)) < 0)
		return rc;
	g->n++;
	return 0;
}

/* Cheap tests first: an AND stops at the first item that fails. */
static int item_cost(const struct sg_item *it)
{
	int c = 0;

	for (size_t i = 0; i < it->npats; i++) {
		int k = it->pats[i].kind == SG_RE ? 3 : it->pats[i].kind == SG_GLOB ? 2
			: it->pats[i].kind == SG_CONTAINS ? 1 : 0;

		c = k > c ? k : c;
	}
	return it->field ? c : 4;
}

static int cmp_item(const void *a, const void *b)
{
	return item_cost(a) - item_cost(b);
}

/* A map: one group, the AND of its fields. */
static int sel_map(struct sg_sel *s, char *why, size_t whylen, const struct sy_node *m)
{
	struct sg_group *g;
	int rc;

	if (m->n == 0)
		return ll_sg_fail(why, whylen, LL_ECORRUPT, "empty selection",
				  "line %zu: empty selection", m->line);
	if ((rc = add_group(s, &g)) < 0)
		return rc;
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const struct sy_node *k = m->kids[i];

		if (k->kind != SY_SCALAR && k->kind != SY_NULL)
			return ll_sg_fail(why, whylen, LL_ECORRUPT, "bad field name",
					  "line %zu: field name is not a scalar", k->line);
		if ((rc = add_item(g, why, whylen, k->s, m->kids[i + 1])) < 0)
			return rc;
	}
	/* stable enough: items of equal cost keep no meaningful order under AND */
	if (g->n > 1) /* qsort(NULL, 0) is undefined */
		qsort(g->items, g->n, sizeof(*g->items), cmp_item);
	return 0;
}

static int selection(struct sg_sel *s, char *why, size_t whylen, const struct sy_node *v)
{
	struct sg_group *g;
	int rc;

	switch (v->kind) {
	case SY_MAP:
		return sel_map(s, why, whylen, v);
	case SY_SCALAR:
		if ((rc = add_group(s, &g)) < 0)
			return rc;
		return add_item(g, why, whylen, NULL, v);
	case SY_SEQ:
		if (v->n == 0)
			return ll_sg_fail(why, whylen, LL_ECORRUPT, "empty selection",
					  "line %zu: empty selection", v->line);
		for (size_t i = 0; i < v->n; i++) {
			const struct sy_node *k = v->kids[i];

			if (k->kind == SY_MAP) {
				rc = sel_map(s, why, whylen, k);
			} else if (k->kind == SY_SCALAR) {
				if ((rc = add_group(s, &g)) == 0)
					rc = add_item(g, why, whylen, NULL, k);
			} else {
				rc = ll_sg_fail(why, whylen, LL_ECORRUPT, "bad selection",
						"line %zu: a list item must be a map or a keyword",
						k->line);
			}
			if (rc < 0)
				return rc;
		}
		return 0;
	default:
		return ll_sg_fail(why, whylen, LL_ECORRUPT, "bad selection",
				  "line %zu: empty selection", v->line);
	}
}

static int detection(struct ll_sigma_rule *r, char *why, size_t whylen,
		     const struct sy_node *det)
{
	const struct sy_node *cond = ll_sy_get(det, "condition");
	int rc;

	if (!det || det->kind != SY_MAP)
		return ll_sg_fail(why, whylen, LL_ECORRUPT, "no detection", "rule has no detection map");
	if (!cond)
		return ll_sg_fail(why, whylen, LL_ECORRUPT, "no condition", "detection has no condition");
	r->sels = ll_calloc(det->n / 2 + 1, sizeof(*r->sels));
	if (!r->sels)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i + 1 < det->n; i += 2) {
		const char *name = det->kids[i]->s;
		struct sg_sel *s;

		if (!name)
			return ll_sg_fail(why, whylen, LL_ECORRUPT, "bad selection",
					  "line %zu: selection name is not a scalar",
					  det->kids[i]->line);
		if (!strcmp(name, "condition") || !strcmp(name, "timeframe"))
			continue;
		s = &r->sels[r->nsels++];
		if (!(s->name = ll_strdup(name)))
			return ll_error_set(LL_ENOMEM, "out of memory");
		if ((rc = selection(s, why, whylen, det->kids[i + 1])) < 0)
			return ll_error_context("selection '%s'", name);
	}
	if (cond->kind == SY_SCALAR)
		return ll_sg_cond_compile(&r->cond, why, whylen, cond->s, r->sels, r->nsels);
	if (cond->kind != SY_SEQ || cond->n == 0)
		return ll_sg_fail(why, whylen, LL_ECORRUPT, "bad condition",
				  "line %zu: condition must be text or a list", cond->line);
	/* A list of conditions means any of them. */
	for (size_t i = 0; i < cond->n; i++) {
		struct sg_cond *c = NULL, *o;

		if (cond->kids[i]->kind != SY_SCALAR)
			return ll_sg_fail(why, whylen, LL_ECORRUPT, "bad condition",
					  "line %zu: condition must be text", cond->kids[i]->line);
		if ((rc = ll_sg_cond_compile(&c, why, whylen, cond->kids[i]->s, r->sels,
					     r->nsels)) < 0)
			return rc;
		if (!r->cond) {
			r->cond = c;
			continue;
		}
		if (!(o = ll_calloc(1, sizeof(*o)))) {
			ll_sg_cond_free(c);
			return ll_error_set(LL_ENOMEM, "out of memory");
		}
		o->kind = SC_OR;
		o->a = r->cond;
		o->b = c;
		r->cond = o;
	}
	return 0;
}

/* A rule from its YAML tree: everything of ll_sigma_rule_parse after the YAML parse. */
static int build(struct ll_sigma_rule **out, char *why, size_t whylen,
		 const struct sy_node *root, const char *origin)
{
	struct ll_sigma_rule *r = NULL;
	const char *title, *level;
	int rc;

	if (root->kind != SY_MAP) {
		rc = ll_sg_fail(why, whylen, LL_ECORRUPT, "not a rule", "the document is not a map");
		goto out;
	}
	if (ll_sy_get(root, "filter")) {
		rc = ll_sg_fail(why, whylen, LL_EUNSUPPORTED, "filter rule",
				"Sigma filter rules are not supported");
		goto out;
	}
	title = ll_sy_str(root, "title");
	if (!title) {
		rc = ll_sg_fail(why, whylen, LL_ECORRUPT, "no title", "rule has no title");
		goto out;
	}
	level = ll_sy_str(root, "level");
	if (level && strcmp(level, "informational") && strcmp(level, "low") &&
	    strcmp(level, "medium") && strcmp(level, "high") && strcmp(level, "critical")) {
		rc = ll_sg_fail(why, whylen, LL_ECORRUPT, "bad level", "unknown level '%s'", level);
		goto out;
	}
	if (!(r = ll_calloc(1, sizeof(*r)))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = set_str(r, S_ID, ll_sy_str(root, "id") ? ll_sy_str(root, "id")
				   : origin ? origin : title)) < 0 ||
	    (rc = set_str(r, S_TITLE, title)) < 0 ||
	    (rc = set_str(r, S_STATUS, ll_sy_str(root, "status"))) < 0 ||
	    (rc = set_str(r, S_LEVEL, level ? level : "medium")) < 0 ||
	    (rc = set_str(r, S_DESC, ll_sy_str(root, "description"))) < 0 ||
	    (rc = set_str(r, S_CONF, confidence(root))) < 0 ||
	    (rc = set_str(r, S_ORIGIN, origin)) < 0 ||
	    (rc = set_str(r, S_NAME, ll_sy_str(root, "name"))) < 0 ||
	    /* lifeline's own rules say it in French too (a French report); others stay as written */
	    (rc = set_str(r, S_TITLE_FR, ll_sy_str(root, "title_fr"))) < 0 ||
	    (rc = set_str(r, S_DESC_FR, ll_sy_str(root, "description_fr"))) < 0 ||
	    (rc = techniques(r, ll_sy_get(root, "tags"))) < 0)
		goto out;
	if (ll_sy_get(root, "correlation")) {
		if ((rc = ll_sg_corr_build(r, why, whylen, root)) < 0)
			goto out;
	} else if ((rc = ll_sg_logsource(r, why, whylen, ll_sy_get(root, "logsource"))) < 0 ||
		   (rc = detection(r, why, whylen, ll_sy_get(root, "detection"))) < 0) {
		goto out;
	}
	r->meta.id = r->strs[S_ID];
	r->meta.title = r->strs[S_TITLE];
	r->meta.status = r->strs[S_STATUS];
	r->meta.level = r->strs[S_LEVEL];
	r->meta.description = r->strs[S_DESC];
	r->meta.techniques = r->strs[S_TECH];
	r->meta.confidence = r->strs[S_CONF];
	r->meta.origin = r->strs[S_ORIGIN];
	r->meta.title_fr = r->strs[S_TITLE_FR];
	r->meta.description_fr = r->strs[S_DESC_FR];
	*out = r;
	r = NULL;
out:
	ll_sigma_rule_free(r);
	return rc;
}

int ll_sigma_rule_from_tree(struct ll_sigma_rule **out, char *why, size_t whylen,
			    const struct sy_node *root, int yaml_rc, const char *yaml_msg,
			    const char *origin)
{
	int rc;

	*out = NULL;
	if (why && whylen)
		why[0] = '\0';
	if (yaml_rc < 0) {
		if (why && whylen)
			snprintf(why, whylen, "%s", yaml_rc == LL_EUNSUPPORTED
				 ? "YAML feature (alias or several documents)" : "YAML syntax");
		char msg[2048]; /* core/error.c's message size */

		/* yaml_msg may be the thread's message itself, which ll_error_set overwrites */
		snprintf(msg, sizeof(msg), "%s", yaml_msg);
		rc = ll_error_set(yaml_rc, "%s", msg);
	} else if (!root) {
		rc = ll_error_set(LL_EINVAL, "no YAML tree");
	} else {
		rc = build(out, why, whylen, root, origin);
	}
	if (rc < 0 && origin)
		ll_error_context("rule '%s'", origin);
	return rc;
}

int ll_sigma_rule_parse(struct ll_sigma_rule **out, char *why, size_t whylen,
			const char *text, size_t len, const char *origin)
{
	struct sy_node *root = NULL;
	int rc = ll_sy_parse(&root, text, len);

	/* the message of a failed parse is the thread's: passed on as it is */
	rc = ll_sigma_rule_from_tree(out, why, whylen, root, rc, ll_error_message(), origin);
	ll_sy_free(root);
	return rc;
}
