/* SPDX-License-Identifier: Apache-2.0 */
/* Shared helpers of the log readers: UTF-8 repair, JSON objects by hand. */
#include "analyze/registry/regf_tzrule.h"
#include "core/compat.h"
#include "analyze/readers/textlog.h"

#include <stdio.h>

#include "analyze/registry/regf_tzparse.h"
#include "analyze/source.h"
#include "core/error.h"
#include "core/time.h"

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && p[1] < 0xa0)
			return 0; /* overlong */
		if (c == 0xed && p[1] >= 0xa0)
			return 0; /* surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[3] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Nonzero when a byte of `w` is zero. */
static uint64_t has_zero(uint64_t w)
{
	return (w - ONES) & ~w & HIGHS;
}

/*
 * Nonzero when a byte of `w` needs more than a copy: >= 0x80, < 0x20, and
 * for JSON '"' or '\\'. Eight bytes a test: log text is mostly plain ASCII.
 */
static uint64_t special8(uint64_t w, bool json)
{
	uint64_t m = (w | ((w - ONES * 0x20) & ~w)) & HIGHS;

	if (json)
		m |= has_zero(w ^ (ONES * '"')) | has_zero(w ^ (ONES * '\\'));
	return m;
}

/*
 * Writes `len` bytes of `s` repaired (and escaped for JSON) at `d`, which
 * has room for 6 bytes per input byte; returns the bytes written.
 */
static size_t put_text_at(char *d, const unsigned char *p, size_t len, bool json)
{
	char *start = d;
	size_t i = 0;

	while (i < len) {
		unsigned c;
		size_t k;

		while (len - i >= 8) {
			uint64_t w;

			memcpy(&w, p + i, 8);
			if (special8(w, json))
				break;
			memcpy(d, p + i, 8);
			d += 8;
			i += 8;
		}
		if (i >= len)
			break;
		c = p[i];
		if (c >= 0x20 && c < 0x80 && (!json || (c != '"' && c != '\\'))) {
			*d++ = (char)c;
			i++;
			continue;
		}
		if (c >= 0x80) {
			k = utf8_len(p + i, len - i);
			if (k) {
				memcpy(d, p + i, k);
				d += k;
				i += k;
			} else {
				memcpy(d, "\xef\xbf\xbd", 3);
				d += 3;
				i++;
			}
			continue;
		}
		i++;
		if (c == 0) {
			memcpy(d, "\xef\xbf\xbd", 3);
			d += 3;
		} else if (!json) {
			*d++ = (char)c;
		} else if (c == '"' || c == '\\') {
			*d++ = '\\';
			*d++ = (char)c;
		} else if (c == '\n' || c == '\t' || c == '\r') {
			*d++ = '\\';
			*d++ = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
		} else {
			static const char hex[] = "0123456789abcdef";

			memcpy(d, "\\u00", 4);
			d[4] = hex[c >> 4];
			d[5] = hex[c & 15];
			d += 6;
		}
	}
	return (size_t)(d - start);
}

int ll_tl_put_text(struct ll_buf *b, const char *s, size_t len, bool json)
{
	int rc;

	/* worst case 6 bytes per input byte ("\u00XX"); grow once */
	if (len > (SIZE_MAX - b->len) / 6 - 1)
		return ll_error_set(LL_ENOMEM, "text too long");
	if ((rc = ll_buf_grow(b, len * 6 + 1)) < 0)
		return rc;
	b->len += put_text_at(b->ptr + b->len, (const unsigned char *)s, len, json);
	b->ptr[b->len] = '\0';
	return 0;
}

void ll_tl_obj_begin(struct ll_tl_obj *o, struct ll_buf *b)
{
	o->b = b;
	o->first = true;
	o->err = ll_buf_putc(b, '{');
}

/*
 * `,"key":` then, with `v`, `"value"`; one grow for both (the hot path of
 * every log reader: several fields per line).
 */
static void member(struct ll_tl_obj *o, const char *k, const char *v, size_t vlen)
{
	size_t klen = strlen(k);
	struct ll_buf *b = o->b;
	char *d;

	if (o->err)
		return;
	if (klen > SIZE_MAX / 12 || vlen > SIZE_MAX / 12 - klen ||
	    (klen + vlen) * 6 + 8 > SIZE_MAX - b->len - 1) {
		o->err = ll_error_set(LL_ENOMEM, "text too long");
		return;
	}
	if ((o->err = ll_buf_grow(b, (klen + vlen) * 6 + 8)) < 0)
		return;
	d = b->ptr + b->len;
	if (!o->first)
		*d++ = ',';
	o->first = false;
	*d++ = '"';
	d += put_text_at(d, (const unsigned char *)k, klen, true);
	*d++ = '"';
	*d++ = ':';
	if (v) {
		*d++ = '"';
		d += put_text_at(d, (const unsigned char *)v, vlen, true);
		*d++ = '"';
	}
	b->len = (size_t)(d - b->ptr);
	b->ptr[b->len] = '\0';
}

void ll_tl_obj_str(struct ll_tl_obj *o, const char *k, const char *v, size_t len)
{
	/* a NULL value with no length is the empty string, as before */
	member(o, k, v ? v : "", v ? len : 0);
}

void ll_tl_obj_cstr(struct ll_tl_obj *o, const char *k, const char *v)
{
	if (v)
		ll_tl_obj_str(o, k, v, strlen(v));
}

void ll_tl_obj_int(struct ll_tl_obj *o, const char *k, int64_t v)
{
	member(o, k, NULL, 0);
	if (o->err)
		return;
	if (v < 0 && (o->err = ll_buf_putc(o->b, '-')) < 0)
		return;
	o->err = ll_buf_put_u64(o->b, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
}

void ll_tl_obj_bool(struct ll_tl_obj *o, const char *k, bool v)
{
	member(o, k, NULL, 0);
	if (!o->err)
		o->err = ll_buf_puts(o->b, v ? "true" : "false");
}

int ll_tl_obj_end(struct ll_tl_obj *o)
{
	if (!o->err)
		o->err = ll_buf_putc(o->b, '}');
	return o->err;
}

unsigned ll_tl_month(const char *s)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

	if (!s[0] || !s[1] || !s[2])
		return 0;
	for (unsigned i = 0; i < 12; i++)
		if (s[0] == names[i * 3] && s[1] == names[i * 3 + 1] &&
		    s[2] == names[i * 3 + 2])
			return i + 1;
	return 0;
}

int64_t ll_tl_digits(const char *s, size_t n)
{
	int64_t v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

size_t ll_tl_strnlen(const char *s, size_t max)
{
	const char *z = memchr(s, '\0', max);

	return z ? (size_t)(z - s) : max;
}

void ll_tl_zone_init(struct ll_tl_zone *z, const char *zone)
{
	z->zone = zone;
	z->win = NULL;
	z->utc = !zone || !strcmp(zone, "UTC") || !strcmp(zone, "Etc/UTC") ||
		 !strcmp(zone, "+00:00") || !strcmp(zone, "Z");
	z->key = -1;
	z->off = 0;
}

void ll_tl_zone_init_rule(struct ll_tl_zone *z, const struct ll_regf_tz *rule)
{
	ll_tl_zone_init(z, NULL);
	z->win = rule;
	z->utc = false;
}

void ll_tl_zone_init_host(struct ll_tl_zone *z, struct ll_regf_tz *rule, char *words, size_t n,
			  struct ll_source_ctx *ctx)
{
	const char *tz = ctx->opts->tz;

	ll_tl_zone_init(z, tz);
	/* the driver hands the host's zone over only without --tz (host_zone.c) */
	if (!tz && ctx->opts->host_zone) {
		if (ll_regf_tz_parse(rule, ctx->opts->host_zone, NULL) == 0) {
			ll_tl_zone_init_rule(z, rule);
			snprintf(words, n, "zone %s (the host's own; --tz not given)",
				 ctx->opts->host_zone);
			return;
		}
		ll_source_warn(ctx, "'%s': the host's zone is not used (%s); its local times "
			       "are read in UTC", ctx->rel_path, ll_error_message());
	}
	snprintf(words, n, "zone %s (%s)", tz ? tz : "UTC",
		 tz ? "--tz" : "default; --tz not given");
}

bool ll_tl_zone_defaulted(const struct ll_tl_zone *z)
{
	return !z->zone && !z->win;
}

unsigned ll_tl_probe_lines(const uint8_t *head, size_t len, uint64_t file_size, unsigned max,
			   int (*ok)(const char *s, size_t n, void *arg), void *arg,
			   unsigned *n_ok)
{
	const char *s = (const char *)head, *end = s + len;
	unsigned tried = 0;

	*n_ok = 0;
	/* the head may end inside a line: ignore that fragment */
	if (len < file_size) {
		while (end > s && end[-1] != '\n')
			end--;
	}
	while (s < end && tried < max) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		if (n && s[n - 1] == '\r')
			n--;
		if (n) {
			int r = ok(s, n, arg);

			if (r >= 0) {
				tried++;
				*n_ok += r > 0;
			}
		}
		s = nl ? nl + 1 : end;
	}
	return tried;
}

int ll_tl_probe_score(unsigned tried, unsigned ok)
{
	if (!tried || ok * 2 < tried)
		return 0;
	return (int)(20 + ok * 70 / tried);
}

bool ll_tl_valid_date(int64_t y, unsigned mon, unsigned d)
{
	static const unsigned char mdays[] = { 31, 29, 31, 30, 31, 30,
					       31, 31, 30, 31, 30, 31 };

	if (mon < 1 || mon > 12 || d < 1 || d > mdays[mon - 1])
		return false;
	if (mon == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return false;
	return true;
}

int ll_tl_zone_to_ns(int64_t *out_ns, struct ll_tl_zone *z, int64_t y,
		     unsigned mon, unsigned d, unsigned h, unsigned mi, unsigned s,
		     int64_t frac_ns)
{
	int64_t key = y * 1000000 + mon * 10000 + d * 100 + h;

	if (z->utc || y < -1000000 || y > 1000000)
		return ll_time_ns_from_civil(out_ns, y, mon, d, h, mi, s, frac_ns, 0);
	if (key != z->key) {
		int64_t u;
		int rc = 0;

		if (z->win) /* the rule in force at the start of the hour, as for an IANA zone */
			u = ll_regf_tz_local_to_utc(z->win, y, mon, d, h, 0, 0);
		else
			rc = ll_time_local_to_utc(&u, z->zone, y, mon, d, h, 0, 0);
		if (rc < 0)
			return rc;
		z->key = key;
		z->off = u - ll_time_from_utc(y, mon, d, h, 0, 0);
	}
	/* local = UTC - off: the zone is -off seconds east of UTC */
	return ll_time_ns_from_civil(out_ns, y, mon, d, h, mi, s, frac_ns, -z->off);
}

void ll_tl_row_init(struct ll_tl_row *r)
{
	ll_buf_init(&r->msg);
	ll_buf_init(&r->attrs);
	ll_buf_init(&r->loc);
	ll_buf_init(&r->raw);
	ll_buf_init(&r->host);
	ll_buf_init(&r->user);
}

void ll_tl_row_release(struct ll_tl_row *r)
{
	ll_buf_release(&r->msg);
	ll_buf_release(&r->attrs);
	ll_buf_release(&r->loc);
	ll_buf_release(&r->raw);
	ll_buf_release(&r->host);
	ll_buf_release(&r->user);
}
