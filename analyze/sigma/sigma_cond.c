/* SPDX-License-Identifier: Apache-2.0 */
/* The Sigma condition language: and, or, not, parentheses, 1 of / all of. */
#include "core/compat.h"
#include "analyze/sigma/sigma_int.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"

#define MAX_DEPTH 64

struct cparse {
	const char *s;       /* the text */
	size_t pos;
	char tok[128];       /* current token, "" at the end */
	const struct sg_sel *sels;
	size_t nsels;
	char *why;
	size_t whylen;
	int depth;
};

static bool identc(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '*' || c == '-' || c == '.';
}

/* Reads the next token: an identifier, "(", ")", "|" or "" at the end. */
static int next(struct cparse *p)
{
	size_t n = 0;

	while (p->s[p->pos] && isspace((unsigned char)p->s[p->pos]))
		p->pos++;
	if (!p->s[p->pos]) {
		p->tok[0] = '\0';
		return 0;
	}
	if (strchr("()|", p->s[p->pos])) {
		p->tok[0] = p->s[p->pos++];
		p->tok[1] = '\0';
		return 0;
	}
	while (identc(p->s[p->pos])) {
		if (n + 1 >= sizeof(p->tok))
			return ll_sg_fail(p->why, p->whylen, LL_ECORRUPT, "bad condition",
					  "condition: identifier too long");
		p->tok[n++] = p->s[p->pos++];
	}
	if (n == 0)
		return ll_sg_fail(p->why, p->whylen, LL_ECORRUPT, "bad condition",
				  "condition: unexpected character '%c'", p->s[p->pos]);
	p->tok[n] = '\0';
	return 0;
}

static struct sg_cond *node(enum sg_ckind k)
{
	struct sg_cond *c = ll_calloc(1, sizeof(*c));

	if (c)
		c->kind = k;
	return c;
}

void ll_sg_cond_free(struct sg_cond *c)
{
	if (!c)
		return;
	ll_sg_cond_free(c->a);
	ll_sg_cond_free(c->b);
	ll_free(c->sels);
	ll_free(c);
}

static int expr(struct sg_cond **out, struct cparse *p);

/* The selections a name or pattern (`sel*`, `them`) stands for. */
static int resolve(struct sg_cond *c, struct cparse *p, const char *pat, bool plain)
{
	c->sels = ll_calloc(p->nsels ? p->nsels : 1, sizeof(*c->sels));
	if (!c->sels)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < p->nsels; i++) {
		const char *name = p->sels[i].name;
		bool hit;

		if (!strcmp(pat, "them"))
			hit = name[0] != '_';
		else if (plain)
			hit = !strcmp(pat, name);
		else
			hit = fnmatch(pat, name, 0) == 0;
		if (hit)
			c->sels[c->nsels++] = i;
	}
	if (c->nsels == 0)
		return ll_sg_fail(p->why, p->whylen, LL_ECORRUPT, "unknown selection",
				  "condition names '%s', which matches no selection", pat);
	return 0;
}

static int factor(struct sg_cond **out, struct cparse *p)
{
	struct sg_cond *c = NULL;
	int rc;

	*out = NULL;
	if (++p->depth > MAX_DEPTH)
		return ll_sg_fail(p->why, p->whylen, LL_EUNSUPPORTED, "condition too deep",
				  "condition nested deeper than %d", MAX_DEPTH);
	if (!p->tok[0])
		return ll_sg_fail(p->why, p->whylen, LL_ECORRUPT, "bad condition",
				  "condition ends too early");
	if (!strcmp(p->tok, "|"))
		return ll_sg_fail(p->why, p->whylen, LL_EUNSUPPORTED, "aggregation",
				  "aggregation conditions (count, near) are not supported");
	if (!strcmp(p->tok, "not")) {
		if ((rc = next(p)) < 0)
			return rc;
		if (!(c = node(SC_NOT)))
			return ll_error_set(LL_ENOMEM, "out of memory");
		if ((rc = factor(&c->a, p)) < 0)
			goto fail;
		*out = c;
		p->depth--;
		return 0;
	}
	if (!strcmp(p->tok, "(")) {
		if ((rc = next(p)) < 0 || (rc = expr(out, p)) < 0)
			return rc;
		if (strcmp(p->tok, ")")) {
			ll_sg_cond_free(*out);
			*out = NULL;
			return ll_sg_fail(p->why, p->whylen, LL_ECORRUPT, "bad condition",
					  "condition: missing ')'");
		}
		p->depth--;
		if ((rc = next(p)) < 0) {
			ll_sg_cond_free(*out);
			*out = NULL;
		}
		return rc;
	}
	if (!strcmp(p->tok, ")") || !strcmp(p->tok, "and") || !strcmp(p->tok, "or"))
		return ll_sg_fail(p->why, p->whylen, LL_ECORRUPT, "bad condition",
				  "condition: unexpected '%s'", p->tok);
	if (!strcmp(p->tok, "1") || !strcmp(p->tok, "all") || !strcmp(p->tok, "any")) {
		bool all = !strcmp(p->tok, "all");

		if ((rc = next(p)) < 0)
			return rc;
		if (strcmp(p->tok, "of"))
			return ll_sg_fail(p->why, p->whylen, LL_ECORRUPT, "bad condition",
					  "condition: '%s' where 'of' was expected", p->tok);
		if ((rc = next(p)) < 0)
			return rc;
		if (!p->tok[0] || strchr("()|", p->tok[0]))
			return ll_sg_fail(p->why, p->whylen, LL_ECORRUPT, "bad condition",
					  "condition: 'of' without a selection");
		if (!(c = node(all ? SC_ALL_OF : SC_ONE_OF)))
			return ll_error_set(LL_ENOMEM, "out of memory");
		if ((rc = resolve(c, p, p->tok, false)) < 0)
			goto fail;
	} else if (isdigit((unsigned char)p->tok[0])) {
		return ll_sg_fail(p->why, p->whylen, LL_EUNSUPPORTED, "N of with N > 1",
				  "condition '%s of': only '1 of' and 'all of' are supported", p->tok);
	} else {
		if (!(c = node(SC_SEL)))
			return ll_error_set(LL_ENOMEM, "out of memory");
		if (strchr(p->tok, '*')) {
			rc = ll_sg_fail(p->why, p->whylen, LL_ECORRUPT, "bad condition",
					"condition: wildcard '%s' outside '1 of'/'all of'", p->tok);
			goto fail;
		}
		if ((rc = resolve(c, p, p->tok, true)) < 0)
			goto fail;
	}
	if ((rc = next(p)) < 0)
		goto fail;
	if (!strcmp(p->tok, "near") || !strcmp(p->tok, "|")) {
		rc = ll_sg_fail(p->why, p->whylen, LL_EUNSUPPORTED, "aggregation",
				"aggregation conditions (count, near) are not supported");
		goto fail;
	}
	*out = c;
	p->depth--;
	return 0;
fail:
	ll_sg_cond_free(c);
	return rc;
}

static int binary(struct sg_cond **out, struct cparse *p, const char *op,
		  enum sg_ckind kind, int (*sub)(struct sg_cond **, struct cparse *))
{
	struct sg_cond *left = NULL, *right = NULL, *c;
	int rc;

	if ((rc = sub(&left, p)) < 0)
		return rc;
	while (!strcmp(p->tok, op)) {
		if ((rc = next(p)) < 0 || (rc = sub(&right, p)) < 0) {
			ll_sg_cond_free(left);
			return rc;
		}
		if (!(c = node(kind))) {
			ll_sg_cond_free(left);
			ll_sg_cond_free(right);
			return ll_error_set(LL_ENOMEM, "out of memory");
		}
		c->a = left;
		c->b = right;
		left = c;
	}
	*out = left;
	return 0;
}

static int term(struct sg_cond **out, struct cparse *p)
{
	return binary(out, p, "and", SC_AND, factor);
}

static int expr(struct sg_cond **out, struct cparse *p)
{
	return binary(out, p, "or", SC_OR, term);
}

int ll_sg_cond_compile(struct sg_cond **out, char *why, size_t whylen,
		       const char *text, const struct sg_sel *sels, size_t nsels)
{
	struct cparse p = { .s = text, .sels = sels, .nsels = nsels, .why = why,
			    .whylen = whylen };
	int rc;

	*out = NULL;
	if ((rc = next(&p)) < 0 || (rc = expr(out, &p)) < 0)
		return rc;
	if (p.tok[0]) {
		ll_sg_cond_free(*out);
		*out = NULL;
		if (!strcmp(p.tok, "|"))
			return ll_sg_fail(why, whylen, LL_EUNSUPPORTED, "aggregation",
					  "aggregation conditions (count, near) are not supported");
		return ll_sg_fail(why, whylen, LL_ECORRUPT, "bad condition",
				  "condition: unexpected '%s'", p.tok);
	}
	return 0;
}
