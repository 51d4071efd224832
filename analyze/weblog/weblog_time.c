/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Web log time grammars (weblog_time.h). Every form is read strictly: the
 * digits a server writes, valid dates and clocks, zones of at most ±23:59,
 * so that a line that only looks like a time is not given a wrong one.
 */
#include "core/compat.h"
#include "analyze/weblog/weblog_time.h"

#include "analyze/readers/textlog.h"
#include "core/error.h"
#include "core/time.h"

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Exactly n digits at s (len available), or -1. */
static int64_t num(const char *s, size_t len, size_t n)
{
	return len < n ? -1 : ll_tl_digits(s, n);
}

/* "+0100" or, with colon, "+01:00"; "Z" when z_ok. Returns bytes taken, 0 if none. */
static size_t zone(struct ll_wt *t, const char *s, size_t len, bool colon, bool z_ok)
{
	int64_t h, m;
	size_t n = colon ? 6 : 5;

	if (z_ok && len >= 1 && s[0] == 'Z') {
		t->offset_s = 0;
		t->have_zone = true;
		return 1;
	}
	if (len < n || (s[0] != '+' && s[0] != '-') || (h = num(s + 1, 2, 2)) < 0 ||
	    (colon && s[3] != ':') || (m = num(s + n - 2, 2, 2)) < 0 || h > 23 || m > 59)
		return 0;
	t->offset_s = (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
	t->have_zone = true;
	return n;
}

static bool set_date(struct ll_wt *t, int64_t y, int64_t mon, int64_t d)
{
	if (y < 0 || mon < 1 || mon > 12 || d < 1 || !ll_tl_valid_date(y, (unsigned)mon, (unsigned)d))
		return false;
	t->y = y;
	t->mon = (unsigned)mon;
	t->d = (unsigned)d;
	t->have_date = true;
	return true;
}

static bool set_clock(struct ll_wt *t, int64_t h, int64_t mi, int64_t s)
{
	if (h < 0 || mi < 0 || s < 0 || h > 23 || mi > 59 || s > 60)
		return false;
	t->h = (unsigned)h;
	t->mi = (unsigned)mi;
	t->s = (unsigned)(s == 60 ? 59 : s); /* a leap second is kept as :59 */
	t->have_clock = true;
	return true;
}

/* 12/Mar/2025:09:14:03 +0100 */
static size_t clf(struct ll_wt *t, const char *s, size_t len)
{
	unsigned mon;

	if (len < 26 || s[2] != '/' || s[6] != '/' || s[11] != ':' || s[14] != ':' ||
	    s[17] != ':' || s[20] != ' ' || !(mon = ll_tl_month(s + 3)) ||
	    !set_date(t, num(s + 7, 4, 4), mon, num(s, 2, 2)) ||
	    !set_clock(t, num(s + 12, 2, 2), num(s + 15, 2, 2), num(s + 18, 2, 2)) ||
	    zone(t, s + 21, 5, false, false) != 5)
		return 0;
	return 26;
}

/* 2025-03-12T09:14:03+01:00 (nginx); a fraction and "Z" are read too */
static size_t iso(struct ll_wt *t, const char *s, size_t len)
{
	size_t i = 19, z;
	int64_t mul = 100000000;

	if (len < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':' || s[16] != ':' ||
	    !set_date(t, num(s, 4, 4), num(s + 5, 2, 2), num(s + 8, 2, 2)) ||
	    !set_clock(t, num(s + 11, 2, 2), num(s + 14, 2, 2), num(s + 17, 2, 2)))
		return 0;
	if (s[i] == '.' || s[i] == ',') {
		t->frac_ns = 0;
		for (i++; i < len && digit(s[i]); i++, mul /= 10)
			t->frac_ns += (s[i] - '0') * mul;
		if (i == 20)
			return 0; /* a point without digits */
	}
	/* +01:00 (nginx, RFC 3339) or +0100 (strftime's %z) */
	if (!(z = zone(t, s + i, len - i, true, true)) && !(z = zone(t, s + i, len - i, false, false)))
		return 0;
	return i + z;
}

/* Seconds since 1970 with `fd` fraction digits (0: none; -1: optional ".fff"). */
static size_t epoch(struct ll_wt *t, const char *s, size_t len, int64_t unit_ns, int fd)
{
	size_t i = 0;
	int64_t v = 0, frac = 0;

	while (i < len && digit(s[i]) && i < 18)
		v = v * 10 + (s[i++] - '0');
	if (i == 0 || (i < len && digit(s[i])))
		return 0;
	if (fd && i < len && s[i] == '.') {
		int64_t mul = 100000000;
		size_t k = ++i;

		while (i < len && digit(s[i]) && i - k < 9)
			frac += (s[i++] - '0') * mul, mul /= 10;
		if (i == k)
			return 0;
	}
	if (ll_time_ns_from_sec(&t->epoch_ns, v / (LL_NS_PER_SEC / unit_ns),
				v % (LL_NS_PER_SEC / unit_ns) * unit_ns + frac, "web log time") < 0) {
		t->range = ll_time_range_error();
		return 0;
	}
	t->have_epoch = true;
	return i;
}

static size_t frac(struct ll_wt *t, const char *s, size_t len, size_t n, int64_t unit_ns)
{
	int64_t v = num(s, len, n);

	if (v < 0 || (len > n && digit(s[n])))
		return 0;
	t->frac_ns = v * unit_ns;
	return n;
}

/* A run of letters (a day or month name): its length, 0 if none. */
static size_t word(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && alpha(s[i]))
		i++;
	return i;
}

/* 1 or 2 digits (a space before one digit for %e): value, -1 if none. */
static int64_t num12(const char *s, size_t len, size_t *took)
{
	size_t i = len && s[0] == ' ' ? 1 : 0;
	int64_t v = -1;

	if (i < len && digit(s[i])) {
		v = s[i++] - '0';
		if (i < len && digit(s[i]))
			v = v * 10 + (s[i++] - '0');
	}
	*took = i;
	return v;
}

/* What a C-locale strftime expands the composite conversions to. */
static const char *composite(char c)
{
	switch (c) {
	case 'T': case 'X': return "%H:%M:%S";
	case 'D': case 'x': return "%m/%d/%y";
	case 'F': return "%Y-%m-%d";
	case 'R': return "%H:%M";
	case 'r': return "%I:%M:%S %p";
	case 'c': return "%a %b %e %H:%M:%S %Y";
	default: return NULL;
	}
}

static const char simple[] = "aAbhBdemyYHIpMSzZsjuwnt%";

int ll_wt_strf_check(const char *pat)
{
	for (const char *p = pat; *p; p++) {
		if (*p != '%')
			continue;
		p++;
		if (!*p)
			return ll_error_set(LL_EINVAL, "'%%' at the end of the time format '%s'", pat);
		if (!composite(*p) && !strchr(simple, *p))
			return ll_error_set(LL_EINVAL, "time conversion '%%%c' in '%s' cannot be read back",
					    *p, pat);
	}
	return 0;
}

/* Fields of one strftime reading, combined at the end (12-hour clock, century). */
struct strf {
	int64_t y, yy, mon, d, h, h12, mi, s;
	int pm; /* -1 none, 0 AM, 1 PM */
};

static size_t strf(struct ll_wt *t, struct strf *f, const char *pat, const char *s, size_t len,
		   int depth)
{
	size_t i = 0, took = 0;

	for (const char *p = pat; *p; p++) {
		const char *sub;
		size_t n;

		if (*p != '%') {
			if (i >= len || s[i] != *p)
				return 0;
			i++;
			continue;
		}
		p++;
		if ((sub = composite(*p)) && depth == 0) {
			if (!(n = strf(t, f, sub, s + i, len - i, 1)))
				return 0;
			i += n;
			continue;
		}
		switch (*p) {
		case 'a': case 'A':
			if (!(n = word(s + i, len - i)))
				return 0;
			i += n;
			break;
		case 'b': case 'h': case 'B':
			if ((n = word(s + i, len - i)) < 3 || !(f->mon = ll_tl_month(s + i)))
				return 0;
			i += n;
			break;
		case 'd': case 'e': case 'm': case 'H': case 'I': case 'M': case 'S': case 'y': {
			int64_t v = *p == 'e' ? num12(s + i, len - i, &took) : num(s + i, len - i, 2);

			if (*p != 'e')
				took = 2;
			if (v < 0)
				return 0;
			i += took;
			*(*p == 'd' || *p == 'e' ? &f->d : *p == 'm' ? &f->mon : *p == 'H' ? &f->h :
			  *p == 'I' ? &f->h12 : *p == 'M' ? &f->mi : *p == 'S' ? &f->s : &f->yy) = v;
			break;
		}
		case 'Y':
			if ((f->y = num(s + i, len - i, 4)) < 0)
				return 0;
			i += 4;
			break;
		case 'j':
			if (num(s + i, len - i, 3) < 0)
				return 0;
			i += 3;
			break;
		case 'u': case 'w':
			if (i >= len || !digit(s[i]))
				return 0;
			i++;
			break;
		case 'p':
			if (len - i < 2 || (s[i + 1] != 'M' && s[i + 1] != 'm'))
				return 0;
			f->pm = s[i] == 'P' || s[i] == 'p' ? 1 : s[i] == 'A' || s[i] == 'a' ? 0 : -2;
			if (f->pm < -1)
				return 0;
			i += 2;
			break;
		case 'z':
			if (!(n = zone(t, s + i, len - i, false, false)))
				return 0;
			i += n;
			break;
		case 'Z':
			/* only the zone names that are one offset are read as a zone */
			if (!(n = word(s + i, len - i)))
				return 0;
			if ((n == 3 && (!memcmp(s + i, "UTC", 3) || !memcmp(s + i, "GMT", 3))) ||
			    (n == 1 && s[i] == 'Z')) {
				t->offset_s = 0;
				t->have_zone = true;
			}
			i += n;
			break;
		case 's':
			if (!(n = epoch(t, s + i, len - i, LL_NS_PER_SEC, 0)))
				return 0;
			i += n;
			break;
		case 'n': case 't':
			while (i < len && (s[i] == ' ' || s[i] == '\t'))
				i++;
			break;
		case '%':
			if (i >= len || s[i] != '%')
				return 0;
			i++;
			break;
		default:
			return 0; /* refused by ll_wt_strf_check */
		}
	}
	return i;
}

static size_t strf_top(struct ll_wt *t, const char *pat, const char *s, size_t len)
{
	struct strf f = { -1, -1, -1, -1, -1, -1, -1, -1, -1 };
	size_t n = strf(t, &f, pat, s, len, 0);

	if (!n)
		return 0;
	if (f.y < 0 && f.yy >= 0)
		f.y = f.yy < 69 ? 2000 + f.yy : 1900 + f.yy; /* POSIX %y */
	if (f.h12 >= 0) {
		if (f.h12 < 1 || f.h12 > 12 || f.pm < 0)
			return 0;
		f.h = f.h12 % 12 + (f.pm ? 12 : 0);
	}
	if (f.y >= 0 || f.mon >= 0 || f.d >= 0) {
		if (!set_date(t, f.y, f.mon, f.d))
			return 0;
	}
	if (f.h >= 0 || f.mi >= 0) {
		if (!set_clock(t, f.h, f.mi, f.s < 0 ? 0 : f.s))
			return 0;
	}
	return n;
}

size_t ll_wt_read(struct ll_wt *t, enum ll_wt_kind kind, const char *pat, const char *s,
		  size_t len)
{
	size_t n;

	switch (kind) {
	case LL_WT_CLF: return clf(t, s, len);
	case LL_WT_CLF_BRACKET:
		if (len < 28 || s[0] != '[' || s[27] != ']' || !clf(t, s + 1, 26))
			return 0;
		return 28;
	case LL_WT_ISO8601: return iso(t, s, len);
	case LL_WT_EPOCH_FRAC: return epoch(t, s, len, LL_NS_PER_SEC, -1);
	case LL_WT_EPOCH_S: return epoch(t, s, len, LL_NS_PER_SEC, 0);
	case LL_WT_EPOCH_MS: return epoch(t, s, len, 1000000, 0);
	case LL_WT_EPOCH_US: return epoch(t, s, len, 1000, 0);
	case LL_WT_FRAC_MS: return frac(t, s, len, 3, 1000000);
	case LL_WT_FRAC_US: return frac(t, s, len, 6, 1000);
	case LL_WT_STRF:
		n = strf_top(t, pat, s, len);
		return n;
	}
	return 0;
}

int ll_wt_finish(int64_t *out_ns, struct ll_wt *t, struct ll_tl_zone *z)
{
	int rc;

	if (t->have_epoch && !t->have_date) {
		/* an epoch time; a _frac piece adds to whole seconds only */
		*out_ns = t->epoch_ns + (t->epoch_ns % LL_NS_PER_SEC == 0 ? t->frac_ns : 0);
		return 0;
	}
	if (!t->have_date || !t->have_clock)
		return ll_error_set(LL_ECORRUPT, "no date and time");
	if (t->have_zone)
		rc = ll_time_ns_from_civil(out_ns, t->y, t->mon, t->d, t->h, t->mi, t->s,
					   t->frac_ns, t->offset_s);
	else
		rc = ll_tl_zone_to_ns(out_ns, z, t->y, t->mon, t->d, t->h, t->mi, t->s,
				      t->frac_ns);
	if (rc < 0)
		t->range = ll_time_range_error();
	return rc;
}
