/* SPDX-License-Identifier: Apache-2.0 */
/* Web access log grammar; quotes inside requests are tolerated as Apache writes them. */
#include "core/compat.h"
#include "analyze/weblog/weblog_parse.h"

#include "analyze/readers/textlog.h"
#include "core/error.h"
#include "core/time.h"

#define NOT_WEB ll_error_set(LL_ECORRUPT, "not an access log line")
/* keeps the message of a time outside the storable range, which names the time */
#define NOT_WEB_O (o->time_range ? LL_ECORRUPT : NOT_WEB)

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t tok(const char *s, size_t i, size_t len)
{
	while (i < len && s[i] != ' ')
		i++;
	return i;
}

/* [10/Oct/2000:13:55:36 -0700] starting at s[i] == '['; returns index after ']' or 0. */
static size_t clf_time(struct ll_weblog_line *o, const char *s, size_t i, size_t len)
{
	int64_t d, y, h, mi, se, oh, om;
	unsigned mon;
	int sign;

	if (len - i < 28 || s[i] != '[' || s[i + 27] != ']')
		return 0;
	s += i + 1;
	if ((d = ll_tl_digits(s, 2)) < 0 || s[2] != '/' || !(mon = ll_tl_month(s + 3)) ||
	    s[6] != '/' || (y = ll_tl_digits(s + 7, 4)) < 0 || s[11] != ':' ||
	    (h = ll_tl_digits(s + 12, 2)) < 0 || s[14] != ':' ||
	    (mi = ll_tl_digits(s + 15, 2)) < 0 || s[17] != ':' ||
	    (se = ll_tl_digits(s + 18, 2)) < 0 || s[20] != ' ' ||
	    (s[21] != '+' && s[21] != '-') || (oh = ll_tl_digits(s + 22, 2)) < 0 ||
	    (om = ll_tl_digits(s + 24, 2)) < 0)
		return 0;
	if (!ll_tl_valid_date(y, mon, (unsigned)d) || h > 23 || mi > 59 || se > 60 ||
	    oh > 23 || om > 59)
		return 0;
	sign = s[21] == '+' ? 1 : -1;
	o->offset_min = sign * (int)(oh * 60 + om);
	if (ll_time_ns_from_civil(&o->ns, y, mon, (unsigned)d, (unsigned)h, (unsigned)mi,
				  (unsigned)(se == 60 ? 59 : se), 0,
				  (int64_t)o->offset_min * 60) < 0) {
		o->time_range = ll_time_range_error();
		return 0;
	}
	o->time = (struct ll_span){ s, 26 };
	return i + 28;
}

/* A quoted field at s[i] == '"' with \" escapes; returns index after the quote or 0. */
static size_t quoted(struct ll_span *out, const char *s, size_t i, size_t len)
{
	size_t k;

	if (i >= len || s[i] != '"')
		return 0;
	for (k = i + 1; k < len; k++) {
		if (s[k] == '\\' && k + 1 < len) {
			k++;
			continue;
		}
		if (s[k] == '"') {
			*out = (struct ll_span){ s + i + 1, k - i - 1 };
			return k + 1;
		}
	}
	return 0;
}

static struct ll_span dash(struct ll_span v)
{
	return v.n == 1 && v.p[0] == '-' ? (struct ll_span){ NULL, 0 } : v;
}

int ll_weblog_parse_apache(struct ll_weblog_line *o, const char *s, size_t len)
{
	size_t t[5][2], n = 0, i = 0, k, q;

	memset(o, 0, sizeof(*o));
	/*
	 * up to four tokens before "[": [vhost:port] host ident user, where the
	 * host may be an X-Forwarded-For list "a, b, c" (nginx with
	 * $http_x_forwarded_for in place of $remote_addr)
	 */
	while (i < len && s[i] != '[' && n < 5) {
		size_t e = tok(s, i, len);

		if (n == 0 && e > i && s[e - 1] == ',') {
			size_t first = e - 1;

			while (e < len && e > i && s[e - 1] == ',')
				e = tok(s, e + 1, len);
			if (e >= len)
				return NOT_WEB;
			o->xff = (struct ll_span){ s + i, e - i };
			t[n][0] = i;
			t[n][1] = first;
			n++;
			i = e + 1;
			continue;
		}

		if (e == i || e >= len)
			return NOT_WEB;
		t[n][0] = i;
		t[n][1] = e;
		n++;
		i = e + 1;
	}
	if (n < 3 || n > 4 || i >= len || s[i] != '[')
		return NOT_WEB;
	k = n == 4 ? 1 : 0;
	if (n == 4 && o->xff.p)
		return NOT_WEB;
	if (n == 4) {
		o->vhost = (struct ll_span){ s + t[0][0], t[0][1] - t[0][0] };
		o->format = "apache-vhost-combined";
	}
	o->client = (struct ll_span){ s + t[k][0], t[k][1] - t[k][0] };
	o->ident = dash((struct ll_span){ s + t[k + 1][0], t[k + 1][1] - t[k + 1][0] });
	o->user = dash((struct ll_span){ s + t[k + 2][0], t[k + 2][1] - t[k + 2][0] });
	if (!(i = clf_time(o, s, i, len)))
		return NOT_WEB_O;
	if (i + 2 >= len || s[i] != ' ' || s[i + 1] != '"')
		return NOT_WEB;
	i += 2;
	/* the request ends at the quote followed by ' NNN ' (status): Apache does
	 * not always escape quotes inside it */
	for (q = i; q < len; q++) {
		if (s[q] == '"' && q + 5 <= len && s[q + 1] == ' ' && digit(s[q + 2]) &&
		    digit(s[q + 3]) && digit(s[q + 4]) && (q + 5 == len || s[q + 5] == ' '))
			break;
	}
	if (q >= len)
		return NOT_WEB;
	o->request = (struct ll_span){ s + i, q - i };
	{
		size_t a = tok(s, i, q), b;

		o->method = (struct ll_span){ s + i, a - i };
		if (a < q) {
			b = a + 1;
			/* the protocol is the last word when it starts with HTTP/ */
			{
				size_t r = q;

				while (r > b && s[r - 1] != ' ')
					r--;
				if (r > b && q - r > 5 && !memcmp(s + r, "HTTP/", 5)) {
					o->path = (struct ll_span){ s + b, r - 1 - b };
					o->protocol = (struct ll_span){ s + r, q - r };
				} else {
					o->path = (struct ll_span){ s + b, q - b };
				}
			}
		}
	}
	o->status = (struct ll_span){ s + q + 2, 3 };
	i = q + 5;
	if (i >= len)
		return NOT_WEB;
	i++;
	k = tok(s, i, len);
	if (k == i)
		return NOT_WEB;
	for (size_t j = i; j < k; j++)
		if (!digit(s[j]) && !(k - i == 1 && s[j] == '-'))
			return NOT_WEB;
	o->bytes = dash((struct ll_span){ s + i, k - i });
	if (!o->format)
		o->format = "apache-common";
	if (k == len)
		return 0;
	i = k + 1;
	if (!(k = quoted(&o->referer, s, i, len)) || k >= len || s[k] != ' ' ||
	    !(q = quoted(&o->agent, s, k + 1, len)))
		return NOT_WEB;
	o->referer = dash(o->referer);
	o->agent = dash(o->agent);
	if (!o->vhost.p)
		o->format = "apache-combined";
	if (q < len) {
		if (s[q] != ' ')
			return NOT_WEB;
		o->extra = (struct ll_span){ s + q + 1, len - q - 1 };
		/* a request-time suffix: nginx $request_time (seconds), Apache %D or %T */
		{
			bool num = o->extra.n > 0 && o->extra.n < 20;

			for (size_t j = 0; j < o->extra.n && num; j++)
				num = digit(o->extra.p[j]) || (o->extra.p[j] == '.' && j > 0);
			if (num)
				o->reqtime = o->extra;
		}
	}
	return 0;
}

int ll_w3c_fields_parse(struct ll_w3c_fields *f, const char *s, size_t len)
{
	size_t i = 0;

	memset(f, 0, sizeof(*f));
	f->date = f->time = -1;
	while (i < len) {
		size_t e;

		while (i < len && s[i] == ' ')
			i++;
		if (i >= len)
			break;
		e = tok(s, i, len);
		if (f->n >= LL_W3C_MAX_FIELDS || e - i >= sizeof(f->names[0]))
			return ll_error_set(LL_ECORRUPT, "#Fields directive too long");
		memcpy(f->names[f->n], s + i, e - i);
		f->names[f->n][e - i] = '\0';
		if (!strcmp(f->names[f->n], "date"))
			f->date = (int)f->n;
		else if (!strcmp(f->names[f->n], "time"))
			f->time = (int)f->n;
		f->n++;
		i = e;
	}
	if (f->time < 0)
		return ll_error_set(LL_ECORRUPT, "#Fields has no time column");
	return 0;
}

int ll_w3c_parse(struct ll_span *vals, size_t *nvals, int64_t *ns,
		 const struct ll_w3c_fields *f, const char *s, size_t len)
{
	size_t i = 0, n = 0;
	const struct ll_span *d, *t;
	int64_t y, mo, da, h, mi, se, frac = 0;

	while (i <= len && n < LL_W3C_MAX_FIELDS) {
		size_t e = tok(s, i, len);

		vals[n++] = (struct ll_span){ s + i, e - i };
		i = e + 1;
	}
	*nvals = n;
	if (n != f->n || f->date < 0)
		return NOT_WEB;
	d = &vals[f->date];
	t = &vals[f->time];
	if (d->n != 10 || (y = ll_tl_digits(d->p, 4)) < 0 || d->p[4] != '-' ||
	    (mo = ll_tl_digits(d->p + 5, 2)) < 0 || d->p[7] != '-' ||
	    (da = ll_tl_digits(d->p + 8, 2)) < 0 || !ll_tl_valid_date(y, (unsigned)mo, (unsigned)da))
		return NOT_WEB;
	if (t->n < 8 || (h = ll_tl_digits(t->p, 2)) < 0 || t->p[2] != ':' ||
	    (mi = ll_tl_digits(t->p + 3, 2)) < 0 || t->p[5] != ':' ||
	    (se = ll_tl_digits(t->p + 6, 2)) < 0 || h > 23 || mi > 59 || se > 60)
		return NOT_WEB;
	if (t->n > 8) {
		int64_t mul = 100000000;

		if (t->p[8] != '.')
			return NOT_WEB;
		for (size_t k = 9; k < t->n; k++, mul /= 10) {
			if (!digit(t->p[k]))
				return NOT_WEB;
			frac += (t->p[k] - '0') * mul;
		}
	}
	/* the time of a line that is out of range: LL_ECORRUPT, ll_time_range_error() */
	return ll_time_ns_from_civil(ns, y, (unsigned)mo, (unsigned)da, (unsigned)h, (unsigned)mi,
				     (unsigned)(se == 60 ? 59 : se), frac, 0);
}
