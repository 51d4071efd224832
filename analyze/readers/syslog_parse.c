/* SPDX-License-Identifier: Apache-2.0 */
/* Syslog line grammar (RFC 3164 as written to disk, RFC 5424, RFC 3339 prefixes). */
#include "core/compat.h"
#include "analyze/readers/syslog_parse.h"

#include "analyze/readers/textlog.h"
#include "core/error.h"
#include "core/time.h"

/* keeps the message of a time outside the storable range, which names the time */
#define NOT_SYSLOG (o->time_range ? LL_ECORRUPT : ll_error_set(LL_ECORRUPT, "not a syslog line"))

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t token(const char *s, size_t i, size_t len)
{
	while (i < len && s[i] != ' ')
		i++;
	return i;
}

/* "<PRI>" at s[*i]; leaves *i after it. */
static int pri(const char *s, size_t len, size_t *i)
{
	int v = 0;
	size_t k = *i + 1;

	if (*i >= len || s[*i] != '<')
		return -1;
	for (; k < len && k < *i + 4 && digit(s[k]); k++)
		v = v * 10 + (s[k] - '0');
	if (k == *i + 1 || k >= len || s[k] != '>' || v > 191)
		return -2;
	*i = k + 1;
	return v;
}

/* "app[pid]: msg" or "app: msg" → app, pid, msg; false when no tag. */
static bool tag(struct ll_syslog_line *o, const char *s, size_t i, size_t len)
{
	size_t t = i;

	while (t < len && s[t] != ' ' && s[t] != ':' && s[t] != '[')
		t++;
	if (t == i || t >= len)
		return false;
	if (s[t] == '[') {
		size_t p = t + 1, q = p;

		while (q < len && s[q] != ']' && s[q] != ' ')
			q++;
		if (q >= len || s[q] != ']' || q + 1 >= len || s[q + 1] != ':')
			return false;
		o->app = (struct ll_span){ s + i, t - i };
		o->pid = (struct ll_span){ s + p, q - p };
		t = q + 2;
	} else if (s[t] == ':' && (t + 1 == len || s[t + 1] == ' ')) {
		o->app = (struct ll_span){ s + i, t - i };
		t++;
	} else {
		return false;
	}
	while (t < len && s[t] == ' ')
		t++;
	o->msg = (struct ll_span){ s + t, len - t };
	return true;
}

static int parse_3164(struct ll_syslog_line *o, const char *s, size_t len, size_t i)
{
	size_t t0 = i, h;
	int64_t v;

	/* "Mmm dd hh:mm:ss" with a space-padded or one-digit day */
	if (len - i < 14 || !(o->mon = ll_tl_month(s + i)) || s[i + 3] != ' ')
		return NOT_SYSLOG;
	i += 4;
	if (s[i] == ' ')
		i++;
	if (!digit(s[i]))
		return NOT_SYSLOG;
	o->day = (unsigned)(s[i] - '0');
	i++;
	if (i < len && digit(s[i]))
		o->day = o->day * 10 + (unsigned)(s[i++] - '0');
	if (o->day < 1 || o->day > 31 || i + 9 > len || s[i] != ' ')
		return NOT_SYSLOG;
	i++;
	if ((v = ll_tl_digits(s + i, 2)) < 0 || v > 23 || s[i + 2] != ':')
		return NOT_SYSLOG;
	o->hour = (unsigned)v;
	if ((v = ll_tl_digits(s + i + 3, 2)) < 0 || v > 59 || s[i + 5] != ':')
		return NOT_SYSLOG;
	o->min = (unsigned)v;
	if ((v = ll_tl_digits(s + i + 6, 2)) < 0 || v > 60)
		return NOT_SYSLOG;
	o->sec = v == 60 ? 59 : (unsigned)v;
	i += 8;
	if (i < len && s[i] == '.') {
		uint32_t mul = 100000000;

		i++;
		if (i >= len || !digit(s[i]))
			return NOT_SYSLOG;
		for (; i < len && digit(s[i]); i++, mul /= 10)
			o->frac_ns += (uint32_t)(s[i] - '0') * mul;
	}
	o->time = (struct ll_span){ s + t0, i - t0 };
	o->kind = LL_SYSLOG_3164;
	if (i < len && s[i] == ':') {
		/* "Nov 18 01:15:43: --- last message repeated 5 times ---" */
		i++;
		while (i < len && s[i] == ' ')
			i++;
		o->msg = o->body = (struct ll_span){ s + i, len - i };
		return 0;
	}
	if (i >= len || s[i] != ' ')
		return NOT_SYSLOG;
	while (i < len && s[i] == ' ')
		i++;
	if (i >= len)
		return NOT_SYSLOG;
	/* "kernel: …" with no host: the first token is already a tag */
	h = token(s, i, len);
	if (s[h - 1] == ':' && tag(o, s, i, len)) {
		o->body = (struct ll_span){ s + i, len - i };
		return 0;
	}
	memset(&o->app, 0, sizeof(o->app));
	memset(&o->pid, 0, sizeof(o->pid));
	memset(&o->msg, 0, sizeof(o->msg));
	o->host = (struct ll_span){ s + i, h - i };
	while (h < len && s[h] == ' ')
		h++;
	o->body = (struct ll_span){ s + h, len - h };
	if (!tag(o, s, h, len))
		o->msg = o->body; /* "host Job `cron.daily' terminated": no tag */
	return 0;
}

/* RFC 3339 at s[i..]: sets o->ns and the time span; returns the end index or 0. */
static size_t iso_time(struct ll_syslog_line *o, const char *s, size_t i, size_t len)
{
	char buf[64];
	size_t e = token(s, i, len);

	if (e - i < 20 || e - i >= sizeof(buf))
		return 0;
	memcpy(buf, s + i, e - i);
	buf[e - i] = '\0';
	if (ll_time_parse_rfc3339(&o->ns, NULL, buf, false) < 0) {
		o->time_range = ll_time_range_error();
		return 0;
	}
	o->time = (struct ll_span){ s + i, e - i };
	return e;
}

static struct ll_span nil_or(const char *s, size_t a, size_t b)
{
	if (b - a == 1 && s[a] == '-')
		return (struct ll_span){ NULL, 0 };
	return (struct ll_span){ s + a, b - a };
}

static int parse_5424(struct ll_syslog_line *o, const char *s, size_t len, size_t i)
{
	size_t e, f[4][2];

	if (i + 2 > len || s[i] != '1' || s[i + 1] != ' ')
		return NOT_SYSLOG;
	i += 2;
	if (!(e = iso_time(o, s, i, len)))
		return NOT_SYSLOG;
	i = e;
	for (int k = 0; k < 4; k++) {
		if (i >= len || s[i] != ' ')
			return NOT_SYSLOG;
		i++;
		e = token(s, i, len);
		if (e == i)
			return NOT_SYSLOG;
		f[k][0] = i;
		f[k][1] = e;
		i = e;
	}
	o->host = nil_or(s, f[0][0], f[0][1]);
	o->app = nil_or(s, f[1][0], f[1][1]);
	o->pid = nil_or(s, f[2][0], f[2][1]);
	o->msgid = nil_or(s, f[3][0], f[3][1]);
	if (i >= len || s[i] != ' ')
		return NOT_SYSLOG;
	i++;
	/* STRUCTURED-DATA: "-" or one or more [id k="v"…] with \" \\ \] escapes */
	if (i < len && s[i] == '-') {
		i++;
	} else if (i < len && s[i] == '[') {
		size_t sd0 = i;

		while (i < len && s[i] == '[') {
			bool q = false;

			for (i++; i < len; i++) {
				if (q && s[i] == '\\' && i + 1 < len) {
					i++;
					continue;
				}
				if (s[i] == '"')
					q = !q;
				else if (!q && s[i] == ']')
					break;
			}
			if (i >= len)
				return NOT_SYSLOG;
			i++;
		}
		o->sd = (struct ll_span){ s + sd0, i - sd0 };
	} else {
		return NOT_SYSLOG;
	}
	if (i < len && s[i] == ' ')
		i++;
	if (len - i >= 3 && !memcmp(s + i, "\xef\xbb\xbf", 3))
		i += 3; /* the BOM that marks a UTF-8 MSG */
	o->msg = (struct ll_span){ s + i, len - i };
	o->body = o->msg;
	o->kind = LL_SYSLOG_5424;
	return 0;
}

static int parse_iso(struct ll_syslog_line *o, const char *s, size_t len, size_t i)
{
	size_t e = iso_time(o, s, i, len), h;

	if (!e || e >= len || s[e] != ' ')
		return NOT_SYSLOG;
	i = e + 1;
	h = token(s, i, len);
	if (h == i)
		return NOT_SYSLOG;
	o->host = (struct ll_span){ s + i, h - i };
	while (h < len && s[h] == ' ')
		h++;
	o->body = (struct ll_span){ s + h, len - h };
	if (!tag(o, s, h, len))
		o->msg = o->body;
	o->kind = LL_SYSLOG_ISO;
	return 0;
}

int ll_syslog_parse(struct ll_syslog_line *o, const char *s, size_t len)
{
	size_t i = 0;

	memset(o, 0, sizeof(*o));
	o->pri = pri(s, len, &i);
	if (o->pri == -2)
		return NOT_SYSLOG;
	if (o->pri >= 0 && i < len && s[i] == '1' && i + 1 < len && s[i + 1] == ' ')
		return parse_5424(o, s, len, i);
	if (i < len && digit(s[i]))
		return parse_iso(o, s, len, i);
	return parse_3164(o, s, len, i);
}

const char *ll_syslog_kind_name(enum ll_syslog_kind k)
{
	return k == LL_SYSLOG_5424 ? "rfc5424" : k == LL_SYSLOG_ISO ? "rsyslog-iso" : "rfc3164";
}
