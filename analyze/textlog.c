/* SPDX-License-Identifier: Apache-2.0 */
/* Shared helpers of the log readers: UTF-8 repair, JSON objects by hand. */
#include "core/compat.h"
#include "analyze/textlog.h"

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

int ll_tl_put_text(struct ll_buf *b, const char *s, size_t len, bool json)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	int rc;

	/* worst case 6 bytes per input byte ("\u00XX"); grow once */
	if (len > (SIZE_MAX - b->len) / 6 - 1)
		return ll_error_set(LL_ENOMEM, "text too long");
	if ((rc = ll_buf_grow(b, len * 6 + 1)) < 0)
		return rc;
	while (i < len) {
		unsigned c = p[i];
		size_t k;

		if (c >= 0x20 && c < 0x80 && (!json || (c != '"' && c != '\\'))) {
			i++;
			run++;
			continue;
		}
		if (run) {
			memcpy(b->ptr + b->len, p + i - run, run);
			b->len += run;
			run = 0;
		}
		if (c >= 0x80) {
			k = utf8_len(p + i, len - i);
			if (k) {
				memcpy(b->ptr + b->len, p + i, k);
				b->len += k;
				i += k;
			} else {
				memcpy(b->ptr + b->len, "\xef\xbf\xbd", 3);
				b->len += 3;
				i++;
			}
			continue;
		}
		i++;
		if (c == 0) {
			memcpy(b->ptr + b->len, "\xef\xbf\xbd", 3);
			b->len += 3;
		} else if (!json) {
			b->ptr[b->len++] = (char)c;
		} else if (c == '"' || c == '\\') {
			b->ptr[b->len++] = '\\';
			b->ptr[b->len++] = (char)c;
		} else if (c == '\n' || c == '\t' || c == '\r') {
			b->ptr[b->len++] = '\\';
			b->ptr[b->len++] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
		} else {
			static const char hex[] = "0123456789abcdef";

			memcpy(b->ptr + b->len, "\\u00", 4);
			b->ptr[b->len + 4] = hex[c >> 4];
			b->ptr[b->len + 5] = hex[c & 15];
			b->len += 6;
		}
	}
	if (run) {
		memcpy(b->ptr + b->len, p + i - run, run);
		b->len += run;
	}
	b->ptr[b->len] = '\0';
	return 0;
}

void ll_tl_obj_begin(struct ll_tl_obj *o, struct ll_buf *b)
{
	o->b = b;
	o->first = true;
	o->err = ll_buf_putc(b, '{');
}

static void key(struct ll_tl_obj *o, const char *k)
{
	if (o->err)
		return;
	if (!o->first && (o->err = ll_buf_putc(o->b, ',')) < 0)
		return;
	o->first = false;
	if ((o->err = ll_buf_putc(o->b, '"')) < 0 ||
	    (o->err = ll_tl_put_text(o->b, k, strlen(k), true)) < 0 ||
	    (o->err = ll_buf_put(o->b, "\":", 2)) < 0)
		return;
}

void ll_tl_obj_str(struct ll_tl_obj *o, const char *k, const char *v, size_t len)
{
	key(o, k);
	if (o->err)
		return;
	if ((o->err = ll_buf_putc(o->b, '"')) < 0 ||
	    (o->err = ll_tl_put_text(o->b, v, len, true)) < 0)
		return;
	o->err = ll_buf_putc(o->b, '"');
}

void ll_tl_obj_cstr(struct ll_tl_obj *o, const char *k, const char *v)
{
	if (v)
		ll_tl_obj_str(o, k, v, strlen(v));
}

void ll_tl_obj_int(struct ll_tl_obj *o, const char *k, int64_t v)
{
	key(o, k);
	if (!o->err)
		o->err = ll_buf_printf(o->b, "%" PRId64, v);
}

void ll_tl_obj_bool(struct ll_tl_obj *o, const char *k, bool v)
{
	key(o, k);
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
	z->utc = !zone || !strcmp(zone, "UTC") || !strcmp(zone, "Etc/UTC") ||
		 !strcmp(zone, "+00:00") || !strcmp(zone, "Z");
	z->key = -1;
	z->off = 0;
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

int ll_tl_zone_to_utc(int64_t *out_sec, struct ll_tl_zone *z, int64_t y,
		      unsigned mon, unsigned d, unsigned h, unsigned mi, unsigned s)
{
	int64_t key = y * 1000000 + mon * 10000 + d * 100 + h;
	int64_t local = ll_time_from_utc(y, mon, d, h, mi, s);

	if (z->utc) {
		*out_sec = local;
		return 0;
	}
	if (key != z->key) {
		int64_t u;
		int rc = ll_time_local_to_utc(&u, z->zone, y, mon, d, h, 0, 0);

		if (rc < 0)
			return rc;
		z->key = key;
		z->off = u - ll_time_from_utc(y, mon, d, h, 0, 0);
	}
	*out_sec = local + z->off;
	return 0;
}
