/* SPDX-License-Identifier: Apache-2.0 */
/* Sigma value modifiers: turns `field|mods: values` into compiled patterns. */
#include "core/compat.h"
#include "analyze/sigma/sigma_int.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

#define MAX_MODS 8
#define MAX_WINDASH 4   /* dash positions expanded (5^4 variants at most) */

enum mtype { MT_EQ, MT_CONTAINS, MT_PREFIX, MT_SUFFIX, MT_RE, MT_CIDR, MT_LT,
	     MT_LTE, MT_GT, MT_GTE, MT_FIELDREF, MT_EXISTS };

struct mods {
	enum mtype mt;
	bool all, cased, windash, b64, b64off, re_i, re_m, re_s;
	int utf16;          /* 0 none, 1 LE, 2 BE, 3 LE with BOM */
};

static int parse_mods(struct mods *m, char *why, size_t whylen, char **names, size_t n)
{
	static const struct { const char *name; enum mtype mt; } types[] = {
		{ "contains", MT_CONTAINS }, { "startswith", MT_PREFIX },
		{ "endswith", MT_SUFFIX }, { "re", MT_RE }, { "cidr", MT_CIDR },
		{ "lt", MT_LT }, { "lte", MT_LTE }, { "gt", MT_GT }, { "gte", MT_GTE },
		{ "fieldref", MT_FIELDREF }, { "exists", MT_EXISTS },
	};
	bool have_type = false;

	memset(m, 0, sizeof(*m));
	for (size_t i = 0; i < n; i++) {
		const char *s = names[i];
		bool found = false;

		for (size_t t = 0; t < LL_ARRAY_SIZE(types); t++) {
			if (strcmp(s, types[t].name))
				continue;
			if (have_type)
				return ll_sg_fail(why, whylen, LL_EUNSUPPORTED,
						  "two match modifiers",
						  "modifiers '%s' and another match type together", s);
			m->mt = types[t].mt;
			have_type = found = true;
		}
		if (found)
			continue;
		if (!strcmp(s, "all")) m->all = true;
		else if (!strcmp(s, "cased")) m->cased = true;
		else if (!strcmp(s, "windash")) m->windash = true;
		else if (!strcmp(s, "base64")) m->b64 = true;
		else if (!strcmp(s, "base64offset")) m->b64off = true;
		else if (!strcmp(s, "wide") || !strcmp(s, "utf16le")) m->utf16 = 1;
		else if (!strcmp(s, "utf16be")) m->utf16 = 2;
		else if (!strcmp(s, "utf16")) m->utf16 = 3;
		else if (!strcmp(s, "i") || !strcmp(s, "ignorecase")) m->re_i = true;
		else if (!strcmp(s, "m") || !strcmp(s, "multiline")) m->re_m = true;
		else if (!strcmp(s, "s") || !strcmp(s, "dotall")) m->re_s = true;
		else {
			char reason[64];

			snprintf(reason, sizeof(reason), "modifier '%.40s'", s);
			return ll_sg_fail(why, whylen, LL_EUNSUPPORTED, reason,
					  "unsupported modifier '%s'", s);
		}
	}
	if ((m->b64 || m->b64off || m->utf16) &&
	    !(m->mt == MT_EQ || m->mt == MT_CONTAINS || m->mt == MT_PREFIX ||
	      m->mt == MT_SUFFIX))
		return ll_sg_fail(why, whylen, LL_EUNSUPPORTED, "encoding with non-string match",
				  "base64/utf16 modifiers combined with a non-string match");
	if (m->utf16 && !m->b64 && !m->b64off)
		return ll_sg_fail(why, whylen, LL_EUNSUPPORTED, "utf16 without base64",
				  "utf16/wide without base64 cannot be matched on text fields");
	if ((m->re_i || m->re_m || m->re_s) && m->mt != MT_RE)
		return ll_sg_fail(why, whylen, LL_EUNSUPPORTED, "regex flag without re",
				  "regular-expression flags without |re");
	return 0;
}

static int push_pat(struct sg_item *it, const struct sg_pat *p)
{
	struct sg_pat *np = ll_reallocarray(it->pats, it->npats + 1, sizeof(*np));

	if (!np)
		return ll_error_set(LL_ENOMEM, "out of memory");
	it->pats = np;
	it->pats[it->npats++] = *p;
	return 0;
}

static void fold(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] + 32);
}

/*
 * A plain string with Sigma wildcards: `*` any run, `?` one byte, and a
 * backslash escapes `*`, `?` or itself (any other backslash is literal).
 * The match type adds the stars of contains/startswith/endswith; a pattern
 * whose only stars are at its ends becomes a fast equals/prefix/suffix/contains.
 */
static int compile_glob(struct sg_item *it, const char *v, enum mtype mt, bool cased)
{
	size_t vl = strlen(v), n = 0, lo, hi;
	struct sg_pat p = { 0 };
	bool inner = false, lead, trail;
	char *s = ll_malloc(vl + 3);
	uint8_t *w = ll_malloc(vl + 3);
	int rc;

	if (!s || !w) {
		ll_free(s);
		ll_free(w);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	if (mt == MT_CONTAINS || mt == MT_SUFFIX) {
		s[n] = '*';
		w[n++] = 1;
	}
	for (size_t i = 0; i < vl; i++) {
		if (v[i] == '\\' && i + 1 < vl &&
		    (v[i + 1] == '*' || v[i + 1] == '?' || v[i + 1] == '\\')) {
			s[n] = v[++i];
			w[n++] = 0;
		} else if (v[i] == '*' || v[i] == '?') {
			s[n] = v[i];
			w[n++] = v[i] == '*' ? 1 : 2;
		} else {
			s[n] = v[i];
			w[n++] = 0;
		}
	}
	if (mt == MT_CONTAINS || mt == MT_PREFIX) {
		s[n] = '*';
		w[n++] = 1;
	}
	s[n] = '\0';
	/* collapse runs of stars at the ends */
	lo = 0;
	while (lo < n && w[lo] == 1)
		lo++;
	hi = n;
	while (hi > lo && w[hi - 1] == 1)
		hi--;
	lead = lo > 0;
	trail = hi < n;
	for (size_t i = lo; i < hi; i++)
		if (w[i])
			inner = true;
	p.cased = cased;
	if (!cased)
		fold(s, n);
	if (!inner) {
		p.kind = lead && trail ? SG_CONTAINS : lead ? SG_SUFFIX : trail ? SG_PREFIX : SG_EQ;
		p.len = hi - lo;
		p.s = ll_strndup(s + lo, p.len);
		ll_free(s);
		ll_free(w);
		if (!p.s)
			return ll_error_set(LL_ENOMEM, "out of memory");
	} else {
		p.kind = SG_GLOB;
		p.s = s;
		p.wild = w;
		p.len = n;
	}
	if ((rc = push_pat(it, &p)) < 0) {
		ll_free(p.s);
		ll_free(p.wild);
	}
	return rc;
}

static void b64(struct ll_buf *out, const uint8_t *in, size_t n)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;
		size_t k = n - i;

		if (k > 1)
			v |= (uint32_t)in[i + 1] << 8;
		if (k > 2)
			v |= in[i + 2];
		ll_buf_putc(out, tab[(v >> 18) & 63]);
		ll_buf_putc(out, tab[(v >> 12) & 63]);
		ll_buf_putc(out, k > 1 ? tab[(v >> 6) & 63] : '=');
		ll_buf_putc(out, k > 2 ? tab[v & 63] : '=');
	}
}

/* UTF-8 to UTF-16 (LE or BE); invalid bytes become U+FFFD. */
static int to_utf16(struct ll_buf *out, const char *s, int mode)
{
	const uint8_t *p = (const uint8_t *)s;
	int rc = 0;

	if (mode == 3)
		rc = ll_buf_put(out, "\xff\xfe", 2);
	while (*p && rc == 0) {
		uint32_t c = 0xfffd;
		size_t k = 1;

		if (*p < 0x80) c = *p;
		else if ((*p & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) { c = ((uint32_t)(*p & 0x1f) << 6) | (p[1] & 0x3f); k = 2; }
		else if ((*p & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) { c = ((uint32_t)(*p & 0x0f) << 12) | ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f); k = 3; }
		else if ((*p & 0xf8) == 0xf0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80) { c = ((uint32_t)(*p & 0x07) << 18) | ((uint32_t)(p[1] & 0x3f) << 12) | ((uint32_t)(p[2] & 0x3f) << 6) | (p[3] & 0x3f); k = 4; }
		p += k;
		uint16_t u[2];
		size_t nu = 1;

		if (c >= 0x10000) {
			c -= 0x10000;
			u[0] = (uint16_t)(0xd800 | (c >> 10));
			u[1] = (uint16_t)(0xdc00 | (c & 0x3ff));
			nu = 2;
		} else {
			u[0] = (uint16_t)c;
		}
		for (size_t i = 0; i < nu && rc == 0; i++) {
			uint8_t b[2];

			b[0] = (uint8_t)(mode == 2 ? u[i] >> 8 : u[i] & 0xff);
			b[1] = (uint8_t)(mode == 2 ? u[i] & 0xff : u[i] >> 8);
			rc = ll_buf_put(out, b, 2);
		}
	}
	return rc;
}

/* base64 / base64offset of one value (pySigma's algorithm): literal, cased patterns. */
static int compile_encoded(struct sg_item *it, const char *v, const struct mods *m)
{
	struct ll_buf raw, enc;
	int rc = 0;

	ll_buf_init(&raw);
	ll_buf_init(&enc);
	if (m->utf16)
		rc = to_utf16(&raw, v, m->utf16);
	else
		rc = ll_buf_puts(&raw, v);
	for (int i = 0; rc == 0 && i < (m->b64off ? 3 : 1); i++) {
		static const size_t start[3] = { 0, 2, 3 };
		static const size_t endcut[3] = { 0, 3, 2 };
		struct ll_buf pre;
		struct sg_pat p = { 0 };
		size_t lo, hi;

		ll_buf_init(&pre);
		for (int k = 0; k < i; k++)
			ll_buf_putc(&pre, ' ');
		ll_buf_put(&pre, raw.ptr, raw.len);
		ll_buf_reset(&enc);
		b64(&enc, (const uint8_t *)pre.ptr, pre.len);
		lo = m->b64off ? start[i] : 0;
		hi = enc.len;
		if (m->b64off) {
			size_t cut = endcut[(raw.len + (size_t)i) % 3];

			hi = enc.len > cut ? enc.len - cut : 0;
		}
		ll_buf_release(&pre);
		if (hi <= lo)
			continue;
		p.kind = m->mt == MT_CONTAINS ? SG_CONTAINS : m->mt == MT_PREFIX ? SG_PREFIX
			 : m->mt == MT_SUFFIX ? SG_SUFFIX : SG_EQ;
		if (m->b64off && p.kind == SG_EQ)
			p.kind = SG_CONTAINS;
		p.cased = true;
		p.len = hi - lo;
		if (!(p.s = ll_strndup(enc.ptr + lo, p.len)))
			rc = ll_error_set(LL_ENOMEM, "out of memory");
		else if ((rc = push_pat(it, &p)) < 0)
			ll_free(p.s);
	}
	ll_buf_release(&raw);
	ll_buf_release(&enc);
	return rc;
}

static bool wordc(unsigned char c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

/* Calls compile_glob for every windash variant of `v` (pySigma: `\B[-/]\b`). */
static int compile_windash(struct sg_item *it, char *why, size_t whylen,
			   const char *v, const struct mods *m)
{
	static const char *const dashes[] = { "-", "/", "\xe2\x80\x93", "\xe2\x80\x94",
					      "\xe2\x80\x95" };
	size_t pos[MAX_WINDASH], np = 0, vl = strlen(v), total = 1;
	int rc = 0;

	for (size_t i = 0; i < vl; i++) {
		if ((v[i] != '-' && v[i] != '/') ||
		    (i > 0 && wordc((unsigned char)v[i - 1])) ||
		    i + 1 >= vl || !wordc((unsigned char)v[i + 1]))
			continue;
		if (np == MAX_WINDASH)
			return ll_sg_fail(why, whylen, LL_EUNSUPPORTED, "windash with many dashes",
					  "windash value with more than %d dashes", MAX_WINDASH);
		pos[np++] = i;
	}
	for (size_t i = 0; i < np; i++)
		total *= LL_ARRAY_SIZE(dashes);
	for (size_t k = 0; k < total && rc == 0; k++) {
		struct ll_buf b;
		size_t code = k, j = 0;

		ll_buf_init(&b);
		for (size_t i = 0; i < vl; i++) {
			if (j < np && pos[j] == i) {
				ll_buf_puts(&b, dashes[code % LL_ARRAY_SIZE(dashes)]);
				code /= LL_ARRAY_SIZE(dashes);
				j++;
			} else {
				ll_buf_putc(&b, v[i]);
			}
		}
		if (rc == 0)
			rc = compile_glob(it, b.ptr, m->mt, m->cased);
		ll_buf_release(&b);
	}
	return rc;
}

static int compile_re(struct sg_item *it, char *why, size_t whylen, const char *v,
		      const struct mods *m)
{
	uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
	struct sg_pat p = { 0 };
	int err = 0;
	PCRE2_SIZE off = 0;
	int rc;

	if (m->re_i) opts |= PCRE2_CASELESS;
	if (m->re_m) opts |= PCRE2_MULTILINE;
	if (m->re_s) opts |= PCRE2_DOTALL;
	p.kind = SG_RE;
	p.re = pcre2_compile((PCRE2_SPTR)v, PCRE2_ZERO_TERMINATED, opts, &err, &off, NULL);
	if (!p.re) {
		PCRE2_UCHAR msg[128];

		pcre2_get_error_message(err, msg, sizeof(msg));
		return ll_sg_fail(why, whylen, LL_EUNSUPPORTED, "regex does not compile",
				  "regex '%s' at offset %zu: %s", v, (size_t)off, (char *)msg);
	}
	pcre2_jit_compile(p.re, PCRE2_JIT_COMPLETE);
	if ((rc = push_pat(it, &p)) < 0)
		pcre2_code_free(p.re);
	return rc;
}

static int compile_cidr(struct sg_item *it, char *why, size_t whylen, const char *v)
{
	struct sg_pat p = { 0 };
	char host[64];
	const char *slash = strchr(v, '/');
	size_t hl = slash ? (size_t)(slash - v) : strlen(v);
	char *end = NULL;
	unsigned long bits;
	int rc;

	if (hl >= sizeof(host))
		goto bad;
	memcpy(host, v, hl);
	host[hl] = '\0';
	p.kind = SG_CIDR;
	if (inet_pton(AF_INET, host, p.addr) == 1)
		p.family = 4;
	else if (inet_pton(AF_INET6, host, p.addr) == 1)
		p.family = 6;
	else
		goto bad;
	bits = p.family == 4 ? 32 : 128;
	if (slash) {
		errno = 0;
		bits = strtoul(slash + 1, &end, 10);
		if (errno || end == slash + 1 || *end || bits > (p.family == 4 ? 32u : 128u))
			goto bad;
	}
	p.bits = (unsigned)bits;
	if ((rc = push_pat(it, &p)) < 0)
		return rc;
	return 0;
bad:
	return ll_sg_fail(why, whylen, LL_ECORRUPT, "bad cidr value", "bad CIDR value '%s'", v);
}

static int compile_value(struct sg_item *it, char *why, size_t whylen,
			 const struct sy_node *val, const struct mods *m)
{
	struct sg_pat p = { 0 };
	const char *v;
	char *end;

	if (val->kind == SY_NULL) {
		if (m->mt != MT_EQ || m->b64 || m->b64off || m->windash)
			return ll_sg_fail(why, whylen, LL_EUNSUPPORTED, "null with modifiers",
					  "line %zu: null value with modifiers", val->line);
		p.kind = SG_EMPTY;
		return push_pat(it, &p);
	}
	if (val->kind != SY_SCALAR)
		return ll_sg_fail(why, whylen, LL_ECORRUPT, "nested value",
				  "line %zu: a field value must be a scalar or a list of scalars",
				  val->line);
	v = val->s;
	switch (m->mt) {
	case MT_RE:
		return compile_re(it, why, whylen, v, m);
	case MT_CIDR:
		return compile_cidr(it, why, whylen, v);
	case MT_LT: case MT_LTE: case MT_GT: case MT_GTE:
		p.kind = m->mt == MT_LT ? SG_LT : m->mt == MT_LTE ? SG_LTE
			 : m->mt == MT_GT ? SG_GT : SG_GTE;
		p.num = strtod(v, &end);
		if (end == v || *end)
			return ll_sg_fail(why, whylen, LL_ECORRUPT, "bad number",
					  "line %zu: '%s' is not a number", val->line, v);
		return push_pat(it, &p);
	case MT_FIELDREF:
		p.kind = SG_FIELDREF;
		if (!(p.s = ll_strdup(v)))
			return ll_error_set(LL_ENOMEM, "out of memory");
		return push_pat(it, &p);
	case MT_EXISTS:
		if (!strcmp(v, "true") || !strcmp(v, "True") || !strcmp(v, "yes"))
			it->want = true;
		else if (!strcmp(v, "false") || !strcmp(v, "False") || !strcmp(v, "no"))
			it->want = false;
		else
			return ll_sg_fail(why, whylen, LL_ECORRUPT, "bad exists value",
					  "line %zu: |exists needs true or false", val->line);
		it->exists = true;
		return 0;
	default:
		break;
	}
	if (m->b64 || m->b64off)
		return compile_encoded(it, v, m);
	if (m->windash)
		return compile_windash(it, why, whylen, v, m);
	return compile_glob(it, v, m->mt, m->cased);
}

int ll_sg_item_compile(struct sg_item *it, char *why, size_t whylen,
		       const char *key, const struct sy_node *values)
{
	char *copy = ll_strdup(key ? key : "");
	char *names[MAX_MODS];
	size_t nm = 0;
	struct mods m = { 0 };
	char *bar;
	int rc = 0;

	memset(it, 0, sizeof(*it));
	if (!copy)
		return ll_error_set(LL_ENOMEM, "out of memory");
	bar = strchr(copy, '|');
	if (bar)
		*bar++ = '\0';
	while (bar && rc == 0) {
		char *next = strchr(bar, '|');

		if (next)
			*next++ = '\0';
		if (nm == MAX_MODS)
			rc = ll_sg_fail(why, whylen, LL_EUNSUPPORTED, "too many modifiers",
					"field '%s': more than %d modifiers", key, MAX_MODS);
		else
			names[nm++] = bar;
		bar = next;
	}
	if (rc == 0)
		rc = parse_mods(&m, why, whylen, names, nm);
	if (rc == 0 && *copy && !(it->field = ll_strdup(copy)))
		rc = ll_error_set(LL_ENOMEM, "out of memory");
	if (rc == 0 && it->field) {
		const char *a = ll_sg_alias_4688(it->field);

		it->hfield = ll_sigma_hash(it->field);
		it->halias = a ? ll_sigma_hash(a) : 0;

		if (a && !(it->alias = ll_strdup(a)))
			rc = ll_error_set(LL_ENOMEM, "out of memory");
	}
	if (rc == 0 && !it->field && (m.mt == MT_EXISTS || m.mt == MT_FIELDREF))
		rc = ll_sg_fail(why, whylen, LL_EUNSUPPORTED, "keyword with field modifier",
				"keyword search with |exists or |fieldref");
	/* keywords are a full-text search: a plain keyword matches inside any field */
	if (rc == 0 && !it->field && m.mt == MT_EQ)
		m.mt = MT_CONTAINS;
	it->all = m.all;
	if (rc == 0 && values->kind == SY_SEQ) {
		if (values->n == 0)
			rc = ll_sg_fail(why, whylen, LL_ECORRUPT, "empty value list",
					"line %zu: empty value list", values->line);
		for (size_t i = 0; i < values->n && rc == 0; i++)
			rc = compile_value(it, why, whylen, values->kids[i], &m);
	} else if (rc == 0) {
		if (values->kind == SY_NULL && !it->field)
			rc = ll_sg_fail(why, whylen, LL_ECORRUPT, "null keyword",
					"line %zu: null keyword", values->line);
		else
			rc = compile_value(it, why, whylen, values, &m);
	}
	if (rc == 0 && it->field && values->kind == SY_NULL && m.mt == MT_EQ)
		it->is_null = true;
	ll_free(copy);
	if (rc < 0)
		ll_sg_item_release(it);
	return rc;
}

void ll_sg_item_release(struct sg_item *it)
{
	for (size_t i = 0; i < it->npats; i++) {
		ll_free(it->pats[i].s);
		ll_free(it->pats[i].wild);
		if (it->pats[i].re)
			pcre2_code_free(it->pats[i].re);
	}
	ll_free(it->pats);
	ll_free(it->field);
	ll_free(it->alias);
	memset(it, 0, sizeof(*it));
}
