/* SPDX-License-Identifier: Apache-2.0 */
/* Mapping files, CSV records and the time formats a mapping may name. */
#include "core/compat.h"
#include "analyze/readers/csvmap_parse.h"

#include "analyze/readers/textlog.h"
#include <errno.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/time.h"

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
		(*n)--;
}

static int set(char *dst, size_t cap, const char *v, size_t n, const char *name,
	       size_t line, const char *key)
{
	if (n >= cap)
		return ll_error_set(LL_EINVAL, "mapping '%s' line %zu: value of '%s' too long",
				    name, line, key);
	memcpy(dst, v, n);
	dst[n] = '\0';
	return 0;
}

int ll_csvmap_parse(struct ll_csvmap *m, const char *text, size_t len, const char *name)
{
	size_t line = 0, i = 0;
	int rc;

	memset(m, 0, sizeof(*m));
	m->delimiter = ',';
	memcpy(m->time_format, "rfc3339", 8);
	memcpy(m->time_desc, "Event Logged", 13);
	while (i < len) {
		const char *s = text + i, *nl = memchr(s, '\n', len - i), *eq, *k, *v;
		size_t n = nl ? (size_t)(nl - s) : len - i, kn, vn;

		i += n + 1;
		line++;
		trim(&s, &n);
		if (!n || s[0] == '#')
			continue;
		if (!(eq = memchr(s, '=', n)))
			return ll_error_set(LL_EINVAL, "mapping '%s' line %zu: expected key = value", name, line);
		k = s;
		kn = (size_t)(eq - s);
		v = eq + 1;
		vn = n - kn - 1;
		trim(&k, &kn);
		trim(&v, &vn);
		if (vn >= 2 && ((v[0] == '"' && v[vn - 1] == '"') || (v[0] == '\'' && v[vn - 1] == '\''))) {
			v++;
			vn -= 2;
		}
#define KEY(str) (kn == strlen(str) && !memcmp(k, str, kn))
		if (KEY("format")) {
			if (!(vn == 3 && !memcmp(v, "csv", 3)) && !(vn == 5 && !memcmp(v, "jsonl", 5)))
				return ll_error_set(LL_EINVAL, "mapping '%s' line %zu: format is csv or jsonl", name, line);
			rc = set(m->format, sizeof(m->format), v, vn, name, line, "format");
		} else if (KEY("delimiter")) {
			if (vn == 3 && !memcmp(v, "tab", 3))
				m->delimiter = '\t';
			else if (vn == 1)
				m->delimiter = v[0];
			else
				return ll_error_set(LL_EINVAL, "mapping '%s' line %zu: delimiter is one character or 'tab'", name, line);
			rc = 0;
		} else if (KEY("time")) {
			rc = set(m->time, sizeof(m->time), v, vn, name, line, "time");
		} else if (KEY("time_format")) {
			rc = set(m->time_format, sizeof(m->time_format), v, vn, name, line, "time_format");
		} else if (KEY("zone")) {
			rc = set(m->zone, sizeof(m->zone), v, vn, name, line, "zone");
			if (rc >= 0 && !ll_time_zone_valid(m->zone))
				return ll_error_set(LL_EINVAL, "mapping '%s' line %zu: unknown zone '%s'", name, line, m->zone);
		} else if (KEY("time_desc")) {
			rc = set(m->time_desc, sizeof(m->time_desc), v, vn, name, line, "time_desc");
		} else if (KEY("host")) {
			rc = set(m->host, sizeof(m->host), v, vn, name, line, "host");
		} else if (KEY("user")) {
			rc = set(m->user, sizeof(m->user), v, vn, name, line, "user");
		} else if (KEY("label")) {
			rc = set(m->label, sizeof(m->label), v, vn, name, line, "label");
		} else if (KEY("message")) {
			/* one column, or several separated by commas */
			m->nmessage = 0;
			rc = 0;
			while (vn && rc >= 0) {
				const char *c = memchr(v, ',', vn), *f = v;
				size_t fn = c ? (size_t)(c - v) : vn;

				vn -= c ? fn + 1 : fn;
				v = c ? c + 1 : v + fn;
				trim(&f, &fn);
				if (!fn)
					continue;
				if (m->nmessage == LL_CSVMAP_MAX_MSG)
					return ll_error_set(LL_EINVAL, "mapping '%s' line %zu: at most %d message columns", name, line, LL_CSVMAP_MAX_MSG);
				rc = set(m->message[m->nmessage++], sizeof(m->message[0]), f, fn, name, line, "message");
			}
		} else {
			return ll_error_set(LL_EINVAL, "mapping '%s' line %zu: unknown key '%.*s'", name, line, (int)kn, k);
		}
#undef KEY
		if (rc < 0)
			return rc;
	}
	if (!m->time[0])
		return ll_error_set(LL_EINVAL, "mapping '%s': 'time' (the time column) is required", name);
	return 0;
}

/* A reader worker's mapping, read before its lock-down (ll_csvmap_preload). */
static struct {
	char *path;
	struct ll_buf text;
} preloaded;

int ll_csvmap_preload(const char *path, int fd)
{
	char chunk[65536];
	ssize_t n;
	int rc;

	if (preloaded.path)
		return ll_error_set(LL_EINTERNAL, "a mapping is preloaded already");
	if (!(preloaded.path = ll_strdup(path)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	ll_buf_init(&preloaded.text);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return ll_error_set(LL_EIO, "cannot read '%s'", path);
		if ((rc = ll_buf_put(&preloaded.text, chunk, (size_t)n)) < 0)
			return rc;
	}
	return 0;
}

int ll_csvmap_load(struct ll_csvmap *m, const char *path)
{
	struct ll_buf b = LL_BUF_INIT;
	int rc;

	if (preloaded.path && !strcmp(preloaded.path, path))
		return ll_csvmap_parse(m, preloaded.text.ptr, preloaded.text.len, path);
	if ((rc = ll_buf_read_file(&b, path)) < 0)
		return rc;
	rc = ll_csvmap_parse(m, b.ptr, b.len, path);
	ll_buf_release(&b);
	return rc;
}

static int num(const char **p, const char *end, int maxd, int64_t *v)
{
	int d = 0;

	*v = 0;
	while (*p < end && d < maxd && **p >= '0' && **p <= '9') {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		d++;
	}
	return d ? 0 : -1;
}

static int epoch(int64_t *ns, const char *s, size_t len, int64_t unit)
{
	char buf[40], *end;
	long double v;

	if (!len || len >= sizeof(buf))
		return ll_error_set(LL_ECORRUPT, "not an epoch time");
	memcpy(buf, s, len);
	buf[len] = '\0';
	v = strtold(buf, &end);
	if (*end || v != v || end == buf)
		return ll_error_set(LL_ECORRUPT, "'%s' is not an epoch time", buf);
	/* int64 ns: [-2^63, 2^63); long double holds both ends exactly */
	v *= unit;
	if (v < -9223372036854775808.0L || v >= 9223372036854775808.0L)
		return ll_error_set(LL_ECORRUPT, "time '%s' is " LL_TIME_RANGE_WHY " ("
				    LL_TIME_MIN_TEXT " .. " LL_TIME_MAX_TEXT ")", buf);
	*ns = (int64_t)v;
	return 0;
}

int ll_csvmap_time(int64_t *ns, bool *had_zone, int64_t w[7], const char *fmt,
		   const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	int64_t off = 0;

	*had_zone = false;
	*ns = 0;
	memset(w, 0, 7 * sizeof(*w));
	w[1] = w[2] = 1;
	if (!strcmp(fmt, "rfc3339") || !strcmp(fmt, "iso8601")) {
		struct ll_time_wall t;
		char buf[64];

		if (len >= sizeof(buf))
			return ll_error_set(LL_ECORRUPT, "time too long");
		memcpy(buf, s, len);
		buf[len] = '\0';
		if (ll_time_parse_rfc3339_wall(&t, buf, true) < 0)
			return LL_ECORRUPT;
		*had_zone = t.had_zone;
		if (t.had_zone) {
			if (ll_time_ns_from_civil(ns, t.y, t.mon, t.d, t.h, t.mi, t.s, t.frac_ns,
						  t.offset_s) == 0)
				return 0;
			return ll_time_parse_rfc3339(ns, NULL, buf, false); /* names the text */
		}
		/* no zone: the caller applies one to the wall time (and checks the range) */
		w[0] = t.y;
		w[1] = t.mon;
		w[2] = t.d;
		w[3] = t.h;
		w[4] = t.mi;
		w[5] = t.s;
		w[6] = t.frac_ns;
		return 0;
	}
	if (!strcmp(fmt, "epoch"))
		return *had_zone = true, epoch(ns, s, len, LL_NS_PER_SEC);
	if (!strcmp(fmt, "epoch_ms"))
		return *had_zone = true, epoch(ns, s, len, 1000000);
	if (!strcmp(fmt, "epoch_us"))
		return *had_zone = true, epoch(ns, s, len, 1000);
	if (!strcmp(fmt, "epoch_ns"))
		return *had_zone = true, epoch(ns, s, len, 1);
	for (const char *f = fmt; *f; f++) {
		int64_t v;

		if (*f != '%') {
			if (p >= end || *p != *f)
				goto bad;
			p++;
			continue;
		}
		switch (*++f) {
		case 'Y': if (num(&p, end, 4, &w[0]) < 0) goto bad; break;
		case 'm': if (num(&p, end, 2, &w[1]) < 0) goto bad; break;
		case 'd': if (num(&p, end, 2, &w[2]) < 0) goto bad; break;
		case 'H': if (num(&p, end, 2, &w[3]) < 0) goto bad; break;
		case 'M': if (num(&p, end, 2, &w[4]) < 0) goto bad; break;
		case 'S': if (num(&p, end, 2, &w[5]) < 0) goto bad; break;
		case 'b':
			if (end - p < 3 || !(v = ll_tl_month(p)))
				goto bad;
			w[1] = v;
			p += 3;
			break;
		case 'f': {
			int64_t mul = 100000000;

			if (p >= end || *p < '0' || *p > '9')
				goto bad;
			for (w[6] = 0; p < end && *p >= '0' && *p <= '9'; p++, mul /= 10)
				w[6] += (*p - '0') * mul;
			break;
		}
		case 'z': {
			int64_t oh, om = 0;
			int sign;

			if (p < end && (*p == 'Z' || *p == 'z')) {
				p++;
				*had_zone = true;
				break;
			}
			if (p >= end || (*p != '+' && *p != '-'))
				goto bad;
			sign = *p++ == '+' ? 1 : -1;
			if (num(&p, end, 2, &oh) < 0)
				goto bad;
			if (p < end && *p == ':')
				p++;
			num(&p, end, 2, &om);
			if (oh > 23 || om > 59)
				goto bad;
			off = sign * (oh * 3600 + om * 60);
			*had_zone = true;
			break;
		}
		case '%':
			if (p >= end || *p != '%')
				goto bad;
			p++;
			break;
		default:
			return ll_error_set(LL_EINVAL, "time_format '%s': unsupported %%%c", fmt, *f ? *f : '?');
		}
		if (!*f)
			break;
	}
	if (p != end || !ll_tl_valid_date(w[0], (unsigned)w[1], (unsigned)w[2]) || w[3] > 23 ||
	    w[4] > 59 || w[5] > 60)
		goto bad;
	if (w[5] == 60)
		w[5] = 59; /* leap second: keep the instant inside the minute */
	if (!*had_zone)
		return 0; /* the caller applies the zone (and checks the range) */
	/* the time of a line that is out of range: LL_ECORRUPT, ll_time_range_error() */
	return ll_time_ns_from_civil(ns, w[0], (unsigned)w[1], (unsigned)w[2], (unsigned)w[3],
				     (unsigned)w[4], (unsigned)w[5], w[6], off);
bad:
	return ll_error_set(LL_ECORRUPT, "'%.*s' does not match time_format '%s'",
			    (int)(len > 64 ? 64 : len), s, fmt);
}

void ll_csv_quotes_scan(struct ll_csv_quotes *q, const char *s, size_t n, char delim,
			uint64_t lineno)
{
	for (size_t i = 0; i < n; i++) {
		if (q->in_quote) {
			if (s[i] == '"') {
				if (i + 1 < n && s[i + 1] == '"')
					i++;
				else
					q->in_quote = false;
			}
		} else if (s[i] == delim) {
			q->field_start = true;
		} else {
			if (q->field_start && s[i] == '"') {
				q->in_quote = true;
				q->opened = lineno;
			}
			q->field_start = false;
		}
	}
}

int ll_csv_split(char *out, const char **fields, size_t maxf, const char *s,
		 size_t len, char delim)
{
	size_t i = 0, o = 0, n = 0;

	for (;;) {
		if (n == maxf)
			return ll_error_set(LL_ECORRUPT, "more than %zu fields", maxf);
		fields[n++] = out + o;
		if (i < len && s[i] == '"') {
			i++;
			for (;;) {
				if (i >= len)
					return ll_error_set(LL_ECORRUPT, "unclosed quote");
				if (s[i] == '"') {
					if (i + 1 < len && s[i + 1] == '"') {
						out[o++] = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				out[o++] = s[i++];
			}
			/* text after the closing quote up to the delimiter is kept */
			while (i < len && s[i] != delim)
				out[o++] = s[i++];
		} else {
			while (i < len && s[i] != delim)
				out[o++] = s[i++];
		}
		out[o++] = '\0';
		if (i >= len)
			return (int)n;
		i++; /* the delimiter */
	}
}
