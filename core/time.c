/* SPDX-License-Identifier: Apache-2.0 */
/* Time conversions; the only place that touches TZ. */
#include "core/compat.h"
#include "core/time.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/error.h"

/* Howard Hinnant's algorithms: exact for any proleptic Gregorian date. */
int64_t ll_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void ll_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int64_t ll_time_from_utc(int64_t y, unsigned mon, unsigned d, unsigned h,
			 unsigned mi, unsigned s)
{
	return ll_days_from_civil(y, mon, d) * 86400 + h * 3600 + mi * 60 + s;
}

int64_t ll_time_now_ns(void)
{
	const char *fixed = getenv("LIFELINE_NOW");
	struct timespec ts;
	int64_t ns;
	bool zone;

	if (fixed && *fixed &&
	    ll_time_parse_rfc3339(&ns, &zone, fixed, true) == 0)
		return ns;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * LL_NS_PER_SEC + ts.tv_nsec;
}

void ll_time_format_sec(char *out, size_t outlen, int64_t sec, int64_t nsec)
{
	int64_t days = sec / 86400, rem = sec % 86400, y;
	unsigned mo, d;

	if (rem < 0) {
		rem += 86400;
		days -= 1;
	}
	if (nsec < 0 || nsec >= LL_NS_PER_SEC)
		nsec = 0;
	ll_civil_from_days(days, &y, &mo, &d);
	snprintf(out, outlen, "%04" PRId64 "-%02u-%02uT%02u:%02u:%02u.%09" PRId64 "Z", y, mo, d,
		 (unsigned)(rem / 3600), (unsigned)(rem / 60 % 60), (unsigned)(rem % 60), nsec);
}

void ll_time_format(char *out, size_t outlen, int64_t ns, int digits)
{
	int64_t sec = ns / LL_NS_PER_SEC, frac = ns % LL_NS_PER_SEC;
	int64_t days, rem, y;
	unsigned mo, d;

	if (frac < 0) {
		frac += LL_NS_PER_SEC;
		sec -= 1;
	}
	days = sec / 86400;
	rem = sec % 86400;
	if (rem < 0) {
		rem += 86400;
		days -= 1;
	}
	ll_civil_from_days(days, &y, &mo, &d);
	if (digits <= 0) {
		snprintf(out, outlen, "%04" PRId64 "-%02u-%02uT%02u:%02u:%02uZ",
			 y, mo, d, (unsigned)(rem / 3600),
			 (unsigned)(rem / 60 % 60), (unsigned)(rem % 60));
		return;
	}
	if (digits > 9)
		digits = 9;
	for (int i = digits; i < 9; i++)
		frac /= 10;
	snprintf(out, outlen,
		 "%04" PRId64 "-%02u-%02uT%02u:%02u:%02u.%0*" PRId64 "Z", y, mo,
		 d, (unsigned)(rem / 3600), (unsigned)(rem / 60 % 60),
		 (unsigned)(rem % 60), digits, frac);
}

static int digits_n(const char **p, int n, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + (unsigned)((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static const unsigned char mdays[] = { 31, 29, 31, 30, 31, 30,
				       31, 31, 30, 31, 30, 31 };

static int range_error(const char *what)
{
	return ll_error_set(LL_ECORRUPT, "time '%s' is " LL_TIME_RANGE_WHY " ("
			    LL_TIME_MIN_TEXT " .. " LL_TIME_MAX_TEXT ")", what);
}

bool ll_time_range_error(void)
{
	return ll_error_code() == LL_ECORRUPT &&
	       strstr(ll_error_message(), LL_TIME_RANGE_WHY) != NULL;
}

int ll_time_ns_from_sec(int64_t *out_ns, int64_t sec, int64_t frac_ns,
			const char *what)
{
	char buf[64];
	int64_t t;

	if (frac_ns < 0 || frac_ns >= LL_NS_PER_SEC)
		return ll_error_set(LL_ECORRUPT, "time %s: fraction %" PRId64 " ns is not 0..999999999",
				    what ? what : "?", frac_ns);
	/* (sec + 1) * 10^9 - (10^9 - frac) reaches INT64_MIN where sec * 10^9 cannot */
	if (sec < 0 && frac_ns > 0) {
		sec += 1;
		frac_ns -= LL_NS_PER_SEC;
	}
	if (__builtin_mul_overflow(sec, LL_NS_PER_SEC, &t) ||
	    __builtin_add_overflow(t, frac_ns, &t)) {
		if (!what) {
			snprintf(buf, sizeof(buf), "%" PRId64 " s since 1970", sec);
			what = buf;
		}
		return range_error(what);
	}
	*out_ns = t;
	return 0;
}

/* The wall time as the message names it (only built when it is refused). */
static int civil_range_error(int64_t y, unsigned mon, unsigned d, unsigned h, unsigned mi,
			     unsigned s, int64_t frac_ns, int64_t offset_s)
{
	char what[128];
	uint64_t a = offset_s < 0 ? 0 - (uint64_t)offset_s : (uint64_t)offset_s;

	if (offset_s)
		snprintf(what, sizeof(what),
			 "%04" PRId64 "-%02u-%02uT%02u:%02u:%02u.%09" PRId64 "%c%02" PRIu64 ":%02" PRIu64,
			 y, mon, d, h, mi, s, frac_ns, offset_s < 0 ? '-' : '+', a / 3600,
			 a / 60 % 60);
	else
		snprintf(what, sizeof(what), "%04" PRId64 "-%02u-%02uT%02u:%02u:%02u.%09" PRId64 "Z",
			 y, mon, d, h, mi, s, frac_ns);
	return range_error(what);
}

int ll_time_ns_from_civil(int64_t *out_ns, int64_t y, unsigned mon, unsigned d,
			  unsigned h, unsigned mi, unsigned s, int64_t frac_ns,
			  int64_t offset_s)
{
	int64_t sec, t;

	if (y < -1000000 || y > 1000000 || mon > 12 || d > 31 || h > 24 || mi > 60 || s > 61 ||
	    frac_ns < 0 || frac_ns >= LL_NS_PER_SEC ||
	    __builtin_sub_overflow(ll_time_from_utc(y, mon, d, h, mi, s), offset_s, &sec) ||
	    ll_time_ns_from_sec(&t, sec, frac_ns, "") < 0)
		return civil_range_error(y, mon, d, h, mi, s, frac_ns, offset_s);
	*out_ns = t;
	return 0;
}

int ll_time_ns_from_filetime(int64_t *out_ns, uint64_t filetime)
{
	char what[48];

	/* 11644473600 s from 1601-01-01 to 1970-01-01 */
	if (ll_time_ns_from_sec(out_ns, (int64_t)(filetime / 10000000) - INT64_C(11644473600),
				(int64_t)(filetime % 10000000) * 100, "") == 0)
		return 0;
	snprintf(what, sizeof(what), "FILETIME %" PRIu64, filetime);
	return range_error(what);
}

int ll_time_ns_shift(int64_t *ns, int64_t delta_s)
{
	int64_t d, t;

	if (__builtin_mul_overflow(delta_s, LL_NS_PER_SEC, &d) ||
	    __builtin_add_overflow(*ns, d, &t)) {
		char what[96], at[48];

		ll_time_format(at, sizeof(at), *ns, 9);
		snprintf(what, sizeof(what), "%s %+" PRId64 " s", at, delta_s);
		return range_error(what);
	}
	*ns = t;
	return 0;
}

int ll_time_parse_rfc3339_wall(struct ll_time_wall *w, const char *s,
			       bool allow_no_zone)
{
	const char *p = s;
	unsigned y, mo, d, h, mi, sec, oh, om;
	int64_t frac = 0;

	memset(w, 0, sizeof(*w));
	if (digits_n(&p, 4, &y) || *p++ != '-' || digits_n(&p, 2, &mo) ||
	    *p++ != '-' || digits_n(&p, 2, &d))
		goto bad;
	if ((*p != 'T' && *p != 't' && *p != ' ') || !p++)
		goto bad;
	if (digits_n(&p, 2, &h) || *p++ != ':' || digits_n(&p, 2, &mi) ||
	    *p++ != ':' || digits_n(&p, 2, &sec))
		goto bad;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
	    mi > 59 || sec > 60)
		goto bad;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		goto bad;
	if (*p == '.' || *p == ',') {
		int n = 0;

		p++;
		if (!isdigit((unsigned char)*p))
			goto bad;
		while (isdigit((unsigned char)*p)) {
			if (n < 9) {
				frac = frac * 10 + (*p - '0');
				n++;
			}
			p++;
		}
		while (n++ < 9)
			frac *= 10;
	}
	if (sec == 60)
		sec = 59; /* leap second: keep the instant inside the minute */
	w->y = y;
	w->mon = mo;
	w->d = d;
	w->h = h;
	w->mi = mi;
	w->s = sec;
	w->frac_ns = frac;
	if (*p == 'Z' || *p == 'z') {
		p++;
		w->had_zone = true;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '+' ? 1 : -1;

		p++;
		if (digits_n(&p, 2, &oh) || *p++ != ':' || digits_n(&p, 2, &om) ||
		    oh > 23 || om > 59)
			goto bad;
		w->offset_s = sign * (int64_t)(oh * 3600 + om * 60);
		w->had_zone = true;
	} else if (*p == '\0' && allow_no_zone) {
		w->had_zone = false;
	} else {
		if (*p == '\0')
			return ll_error_set(LL_ECORRUPT,
					    "time '%s' has no zone (Z or +HH:MM required)", s);
		goto bad;
	}
	if (*p != '\0')
		goto bad;
	return 0;
bad:
	return ll_error_set(LL_ECORRUPT, "'%s' is not an RFC 3339 time", s);
}

int ll_time_parse_rfc3339(int64_t *out_ns, bool *had_zone, const char *s,
			  bool allow_no_zone)
{
	struct ll_time_wall w;
	int rc;

	if ((rc = ll_time_parse_rfc3339_wall(&w, s, allow_no_zone)) < 0)
		return rc;
	if (ll_time_ns_from_civil(out_ns, w.y, w.mon, w.d, w.h, w.mi, w.s, w.frac_ns,
				  w.offset_s) < 0)
		return range_error(s);
	if (had_zone)
		*had_zone = w.had_zone;
	return 0;
}

static int parse_fixed_offset(const char *zone, int64_t *off)
{
	const char *p = zone;
	unsigned oh, om;
	int sign;

	if (strcmp(zone, "UTC") == 0 || strcmp(zone, "Z") == 0 ||
	    strcmp(zone, "GMT") == 0 || strcmp(zone, "Etc/UTC") == 0) {
		*off = 0;
		return 0;
	}
	if (*p != '+' && *p != '-')
		return -1;
	sign = *p++ == '+' ? 1 : -1;
	if (digits_n(&p, 2, &oh))
		return -1;
	if (*p == ':')
		p++;
	if (digits_n(&p, 2, &om) || *p || oh > 23 || om > 59)
		return -1;
	*off = sign * (int64_t)(oh * 3600 + om * 60);
	return 0;
}

/* The zone TZ holds for good (ll_time_pin_zone); NULL when none is. */
static char *pinned;

static bool is_pinned(const char *zone)
{
	return pinned && !strcmp(pinned, zone);
}

int ll_time_pin_zone(const char *zone)
{
	int64_t off;

	if (!zone || parse_fixed_offset(zone, &off) == 0) {
		/*
		 * The process's own zone, loaded while files may be opened. With
		 * TZ unset glibc stats /etc/localtime again on every mktime and
		 * localtime (to see if it changed), which a locked-down worker may
		 * not do: libtsk's FAT times killed the image worker (SIGSYS) on
		 * a machine without TZ. Naming the file makes glibc read it once.
		 */
		if (!getenv("TZ") && setenv("TZ", ":/etc/localtime", 1) < 0)
			return ll_error_set(LL_ENOMEM, "out of memory");
		tzset();
		return 0;
	}
	if (pinned)
		return ll_error_set(LL_EINTERNAL, "a time zone is pinned already");
	if (!ll_time_zone_valid(zone))
		return ll_error_set(LL_EINVAL, "unknown time zone '%s'", zone);
	if (!(pinned = ll_strdup(zone)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	if (setenv("TZ", zone, 1) < 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	tzset();
	return 0;
}

bool ll_time_zone_valid(const char *zone)
{
	char path[512];
	int64_t off;

	if (!zone || !*zone)
		return false;
	if (parse_fixed_offset(zone, &off) == 0 || is_pinned(zone))
		return true;
	if (zone[0] == '/' || strstr(zone, ".."))
		return false;
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zone);
	return access(path, R_OK) == 0;
}

static int local_to_utc(int64_t *out_sec, const char *zone, int64_t y,
			unsigned mon, unsigned d, unsigned h, unsigned mi, unsigned s);

int ll_time_local_to_utc(int64_t *out_sec, const char *zone, int64_t y,
			 unsigned mon, unsigned d, unsigned h, unsigned mi,
			 unsigned s)
{
	char *saved = NULL;
	const char *old;
	int64_t off;
	int rc;

	if (parse_fixed_offset(zone, &off) == 0) {
		*out_sec = ll_time_from_utc(y, mon, d, h, mi, s) - off;
		return 0;
	}
	if (!ll_time_zone_valid(zone))
		return ll_error_set(LL_EINVAL, "unknown time zone '%s'", zone);
	if (is_pinned(zone))
		return local_to_utc(out_sec, zone, y, mon, d, h, mi, s);
	old = getenv("TZ");
	if (old && !(saved = ll_strdup(old)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	setenv("TZ", zone, 1);
	tzset();
	rc = local_to_utc(out_sec, zone, y, mon, d, h, mi, s);
	if (saved) {
		setenv("TZ", saved, 1);
		ll_free(saved);
	} else {
		unsetenv("TZ");
	}
	tzset();
	return rc;
}

/* ll_time_local_to_utc once TZ is `zone`. */
static int local_to_utc(int64_t *out_sec, const char *zone, int64_t y,
			unsigned mon, unsigned d, unsigned h, unsigned mi, unsigned s)
{
	int64_t best = 0;
	bool found = false;

	/* Try both DST states; keep the earliest that maps back to the wall time. */
	for (int dst = 1; dst >= -1; dst--) {
		struct tm tm = { 0 }, back;
		time_t t;

		tm.tm_year = (int)(y - 1900);
		tm.tm_mon = (int)mon - 1;
		tm.tm_mday = (int)d;
		tm.tm_hour = (int)h;
		tm.tm_min = (int)mi;
		tm.tm_sec = (int)s;
		tm.tm_isdst = dst;
		t = mktime(&tm);
		if (t == (time_t)-1 && tm.tm_year != 69)
			continue;
		if (dst == -1) {
			if (!found) {
				best = (int64_t)t;
				found = true;
			}
			break;
		}
		if (!localtime_r(&t, &back))
			continue;
		if (back.tm_hour == (int)h && back.tm_min == (int)mi &&
		    back.tm_mday == (int)d && (!found || (int64_t)t < best)) {
			best = (int64_t)t;
			found = true;
		}
	}
	if (!found)
		return ll_error_set(LL_EINVAL, "cannot convert local time in '%s'", zone);
	*out_sec = best;
	return 0;
}

int ll_time_parse_bound(int64_t *out_ns, const char *s, bool end)
{
	unsigned y, m, d;
	char tail;
	bool had_zone;

	if (strlen(s) == 10 && sscanf(s, "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3) {
		if (m < 1 || m > 12 || d < 1 || d > 31)
			return LL_ECORRUPT;
		/* the last nanosecond of the day for --to; checked against the range */
		return ll_time_ns_from_civil(out_ns, y, m, d, end ? 23 : 0, end ? 59 : 0, end ? 59 : 0,
					     end ? LL_NS_PER_SEC - 1 : 0, 0) < 0
			       ? LL_ECORRUPT
			       : 0;
	}
	return ll_time_parse_rfc3339(out_ns, &had_zone, s, true) < 0 ? LL_ECORRUPT : 0;
}
