/* SPDX-License-Identifier: Apache-2.0 */
/* Evaluates a compiled Sigma rule against one event's fields. */
#include "core/compat.h"
#include "analyze/sigma/sigma_int.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "core/alloc.h"
#include "core/error.h"

#define NUM_TEXT 32

uint32_t ll_sigma_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

void ll_sigma_event_release(struct ll_sigma_event *ev)
{
	ll_free(ev->f);
	ll_free(ev->slot);
	ll_free(ev->arena);
	if (ev->md)
		pcre2_match_data_free(ev->md);
	memset(ev, 0, sizeof(*ev));
}

static bool scalar(json_t *v)
{
	return json_is_string(v) || json_is_integer(v) || json_is_real(v) ||
	       json_is_boolean(v) || json_is_null(v);
}

/* A hash table at most half full, so field lookups are one probe or two. */
static int index_fields(struct ll_sigma_event *ev)
{
	size_t want = 8;

	if (ev->n > 30000)
		return ll_error_set(LL_EUNSUPPORTED, "event with more than 30000 fields");
	while (want < ev->n * 2)
		want *= 2;
	if (want > ev->nslot) {
		uint16_t *s = ll_reallocarray(ev->slot, want, sizeof(*s));

		if (!s)
			return ll_error_set(LL_ENOMEM, "out of memory");
		ev->slot = s;
		ev->nslot = want;
	}
	memset(ev->slot, 0, ev->nslot * sizeof(*ev->slot));
	for (size_t i = 0; i < ev->n; i++) {
		size_t k = ev->f[i].hash & (ev->nslot - 1);

		while (ev->slot[k])
			k = (k + 1) & (ev->nslot - 1);
		ev->slot[k] = (uint16_t)(i + 1);
	}
	return 0;
}

/*
 * Two passes over the attrs: size the arena once, then fill it with number
 * texts and the folded copies, so pointers into it stay valid.
 */
int ll_sigma_event_set(struct ll_sigma_event *ev, json_t *attrs)
{
	const char *key;
	json_t *v;
	size_t need = 0, n = 0, at = 0;

	ev->n = 0;
	ev->channel = NULL;
	ev->event_id = -1;
	ev->sec4688 = false;
	if (!json_is_object(attrs))
		return ll_error_set(LL_EINVAL, "event attrs are not a JSON object");
	json_object_foreach(attrs, key, v) {
		if (!scalar(v))
			continue;
		n++;
		need += (json_is_string(v) ? json_string_length(v) : 0) * 2 + NUM_TEXT * 2 + 2;
	}
	if (n > ev->cap) {
		struct ll_sigma_field *f = ll_reallocarray(ev->f, n, sizeof(*f));

		if (!f)
			return ll_error_set(LL_ENOMEM, "out of memory");
		ev->f = f;
		ev->cap = n;
	}
	if (need > ev->arena_cap) {
		char *a = ll_reallocarray(ev->arena, need, 1);

		if (!a)
			return ll_error_set(LL_ENOMEM, "out of memory");
		ev->arena = a;
		ev->arena_cap = need;
	}
	json_object_foreach(attrs, key, v) {
		struct ll_sigma_field *f;
		const char *val;
		size_t len;
		char *low;

		if (!scalar(v))
			continue;
		f = &ev->f[ev->n++];
		f->name = key;
		f->hash = ll_sigma_hash(key);
		if (json_is_string(v)) {
			val = json_string_value(v);
			len = json_string_length(v);
		} else {
			char *t = ev->arena + at;
			int k;

			if (json_is_integer(v))
				k = snprintf(t, NUM_TEXT, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			else if (json_is_real(v))
				k = snprintf(t, NUM_TEXT, "%.17g", json_real_value(v));
			else
				k = snprintf(t, NUM_TEXT, "%s", json_is_true(v) ? "true"
							: json_is_false(v) ? "false" : "");
			len = k > 0 && k < NUM_TEXT ? (size_t)k : 0;
			t[len] = '\0';
			val = t;
			at += len + 1;
		}
		low = ev->arena + at;
		for (size_t i = 0; i < len; i++) {
			char c = val[i];

			low[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
		}
		low[len] = '\0';
		at += len + 1;
		f->val = val;
		f->low = low;
		f->len = len;
		if (!strcmp(key, "Channel") && json_is_string(v))
			ev->channel = val;
		else if (!strcmp(key, "EventID"))
			ev->event_id = json_is_integer(v) ? json_integer_value(v)
				       : json_is_string(v) ? strtoll(val, NULL, 10) : -1;
	}
	ev->sec4688 = ev->channel && !strcmp(ev->channel, "Security") && ev->event_id == 4688;
	return index_fields(ev);
}

static const struct ll_sigma_field *lookup_h(const struct ll_sigma_event *ev, const char *name,
					    uint32_t h)
{
	for (size_t i = h & (ev->nslot - 1);; i = (i + 1) & (ev->nslot - 1)) {
		const struct ll_sigma_field *f;

		if (!ev->slot[i])
			return NULL;
		f = &ev->f[ev->slot[i] - 1];
		if (f->hash == h && !strcmp(f->name, name))
			return f;
	}
}

static const struct ll_sigma_field *lookup(const struct ll_sigma_event *ev, const char *name)
{
	return lookup_h(ev, name, ll_sigma_hash(name));
}

/*
 * memchr for the needle's first byte, then memcmp: for the short needles and
 * haystacks of event fields this beats glibc memmem's per-call setup.
 */
static bool contains(const char *h, size_t hl, const char *n, size_t nl)
{
	const char *p = h, *end = h + hl;

	if (nl == 0)
		return true;
	while (nl <= (size_t)(end - p) && (p = memchr(p, n[0], (size_t)(end - p) - nl + 1))) {
		if (!memcmp(p + 1, n + 1, nl - 1))
			return true;
		p++;
	}
	return false;
}

static bool glob(const char *t, size_t n, const char *p, const uint8_t *w, size_t m)
{
	size_t i = 0, j = 0, mark = 0, star = SIZE_MAX;

	while (i < n) {
		if (j < m && (w[j] == 2 || (w[j] == 0 && p[j] == t[i]))) {
			i++;
			j++;
		} else if (j < m && w[j] == 1) {
			star = j++;
			mark = i;
		} else if (star != SIZE_MAX) {
			j = star + 1;
			i = ++mark;
		} else {
			return false;
		}
	}
	while (j < m && w[j] == 1)
		j++;
	return j == m;
}

static bool cidr(const struct sg_pat *p, const char *v)
{
	uint8_t a[16];
	const uint8_t *x = a;
	unsigned full, rest;

	if (p->family == 4) {
		if (inet_pton(AF_INET, v, a) != 1) {
			static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

			if (inet_pton(AF_INET6, v, a) != 1 || memcmp(a, mapped, 12))
				return false;
			x = a + 12;
		}
	} else if (inet_pton(AF_INET6, v, a) != 1) {
		return false;
	}
	full = p->bits / 8;
	rest = p->bits % 8;
	if (memcmp(x, p->addr, full))
		return false;
	if (rest) {
		uint8_t mask = (uint8_t)(0xff << (8 - rest));

		return (x[full] & mask) == (p->addr[full] & mask);
	}
	return true;
}

static bool number(const struct sg_pat *p, const char *v)
{
	char *end;
	double d;

	if (!*v)
		return false;
	d = strtod(v, &end);
	if (*end)
		return false;
	switch (p->kind) {
	case SG_LT: return d < p->num;
	case SG_LTE: return d <= p->num;
	case SG_GT: return d > p->num;
	default: return d >= p->num;
	}
}

static bool pat_match(const struct sg_pat *p, const struct ll_sigma_field *f,
		      struct ll_sigma_event *ev)
{
	const char *t = p->cased ? f->val : f->low;

	switch (p->kind) {
	case SG_EQ:
		return f->len == p->len && !memcmp(t, p->s, p->len);
	case SG_CONTAINS:
		return contains(t, f->len, p->s, p->len);
	case SG_PREFIX:
		return f->len >= p->len && !memcmp(t, p->s, p->len);
	case SG_SUFFIX:
		return f->len >= p->len && !memcmp(t + f->len - p->len, p->s, p->len);
	case SG_GLOB:
		return glob(t, f->len, p->s, p->wild, p->len);
	case SG_RE: {
		int rc;

		if (!ev->md && !(ev->md = pcre2_match_data_create(1, NULL))) {
			if (!ev->match_error)
				ev->match_error = PCRE2_ERROR_NOMEMORY;
			return false;
		}
		rc = pcre2_match(p->re, (PCRE2_SPTR)f->val, f->len, 0, 0, ev->md, NULL);
		if (rc >= 0)
			return true;
		/* a limit or bad input is not "no match": the caller must know */
		if (rc != PCRE2_ERROR_NOMATCH && !ev->match_error)
			ev->match_error = rc;
		return false;
	}
	case SG_CIDR:
		return cidr(p, f->val);
	case SG_LT: case SG_LTE: case SG_GT: case SG_GTE:
		return number(p, f->val);
	case SG_FIELDREF: {
		const struct ll_sigma_field *o = lookup(ev, p->s);

		return o && o->len == f->len && !memcmp(o->low, f->low, f->len);
	}
	case SG_EMPTY:
		return f->len == 0;
	}
	return false;
}

static bool keyword(const struct sg_pat *p, struct ll_sigma_event *ev)
{
	for (size_t i = 0; i < ev->n; i++)
		if (pat_match(p, &ev->f[i], ev))
			return true;
	return false;
}

static bool item_match(const struct sg_item *it, struct ll_sigma_event *ev, bool alias)
{
	const struct ll_sigma_field *f = NULL;

	if (it->field) {
		f = alias && it->alias ? lookup_h(ev, it->alias, it->halias)
				       : lookup_h(ev, it->field, it->hfield);
		if (it->exists)
			return (f != NULL) == it->want;
		if (!f) {
			for (size_t i = 0; i < it->npats; i++)
				if (it->pats[i].kind == SG_EMPTY)
					return true;
			return false;
		}
	}
	for (size_t i = 0; i < it->npats; i++) {
		bool m = f ? pat_match(&it->pats[i], f, ev) : keyword(&it->pats[i], ev);

		if (m && !it->all)
			return true;
		if (!m && it->all)
			return false;
	}
	return it->all && it->npats > 0;
}

bool ll_sg_item_match(const struct sg_item *it, struct ll_sigma_event *ev)
{
	return item_match(it, ev, false);
}

static bool sel_match(const struct sg_sel *s, struct ll_sigma_event *ev, bool alias)
{
	for (size_t g = 0; g < s->n; g++) {
		size_t i;

		for (i = 0; i < s->groups[g].n; i++)
			if (!item_match(&s->groups[g].items[i], ev, alias))
				break;
		if (i == s->groups[g].n)
			return true;
	}
	return false;
}

static bool eval(const struct ll_sigma_rule *r, const struct sg_cond *c,
		 struct ll_sigma_event *ev, bool alias)
{
	switch (c->kind) {
	case SC_SEL:
		return sel_match(&r->sels[c->sels[0]], ev, alias);
	case SC_NOT:
		return !eval(r, c->a, ev, alias);
	case SC_AND:
		return eval(r, c->a, ev, alias) && eval(r, c->b, ev, alias);
	case SC_OR:
		return eval(r, c->a, ev, alias) || eval(r, c->b, ev, alias);
	case SC_ONE_OF:
		for (size_t i = 0; i < c->nsels; i++)
			if (sel_match(&r->sels[c->sels[i]], ev, alias))
				return true;
		return false;
	case SC_ALL_OF:
		for (size_t i = 0; i < c->nsels; i++)
			if (!sel_match(&r->sels[c->sels[i]], ev, alias))
				return false;
		return true;
	}
	return false;
}

static const struct sg_source *source_of(const struct ll_sigma_rule *r,
					 const char *channel, int64_t event_id)
{
	for (size_t i = 0; i < r->nsrc; i++) {
		const struct sg_source *s = &r->src[i];
		size_t k;

		if (s->channel && (!channel || strcmp(s->channel, channel)))
			continue;
		for (k = 0; k < s->nids; k++)
			if (s->ids[k] == event_id)
				break;
		if (s->nids && k == s->nids)
			continue;
		return s;
	}
	return NULL;
}

bool ll_sigma_rule_wants(const struct ll_sigma_rule *r, const char *channel,
			 int64_t event_id)
{
	return r->any_source || source_of(r, channel, event_id) != NULL;
}

void ll_sigma_match_error_text(char *buf, size_t len, int code)
{
	if (len == 0)
		return;
	if (pcre2_get_error_message(code, (PCRE2_UCHAR *)buf, len) < 0)
		snprintf(buf, len, "PCRE2 error %d", code);
}

bool ll_sigma_rule_match(const struct ll_sigma_rule *r, struct ll_sigma_event *ev)
{
	const struct sg_source *s = NULL;

	ev->match_error = 0;
	if (!r->any_source) {
		if (!(s = source_of(r, ev->channel, ev->event_id)))
			return false;
		if (s->event_type) {
			const struct ll_sigma_field *f = lookup(ev, "EventType");

			if (!f || strncmp(f->val, s->event_type, strlen(s->event_type)))
				return false;
		}
	}
	return eval(r, r->cond, ev, r->proc_creation && ev->sec4688);
}

int ll_sigma_rule_channels(const struct ll_sigma_rule *r, const char **out, size_t max)
{
	size_t n = 0;

	if (r->any_source)
		return -1;
	for (size_t i = 0; i < r->nsrc; i++) {
		size_t k;

		if (!r->src[i].channel)
			return -1;
		for (k = 0; k < n; k++)
			if (!strcmp(out[k], r->src[i].channel))
				break;
		if (k == n && n < max)
			out[n++] = r->src[i].channel;
	}
	return (int)n;
}

const char *ll_sigma_event_get(const struct ll_sigma_event *ev, const char *name,
			       bool proc_creation)
{
	const char *alias = proc_creation && ev->sec4688 ? ll_sg_alias_4688(name) : NULL;
	const struct ll_sigma_field *f = ev->nslot ? lookup(ev, alias ? alias : name) : NULL;

	return f ? f->val : NULL;
}
