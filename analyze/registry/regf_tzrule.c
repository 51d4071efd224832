/* SPDX-License-Identifier: Apache-2.0 */
/* A Windows time zone rule applied to wall-clock times (regf_tzrule.h). */
#include "core/compat.h"
#include "analyze/registry/regf_tzrule.h"

#include <stdio.h>

#include "core/error.h"
#include "core/time.h"

static bool has_rule(const struct ll_regf_tz *z)
{
	return z->std_start.month != 0 && z->dst_start.month != 0;
}

static int check_date(const struct ll_regf_tz_date *t, const char *what)
{
	if (t->month < 1 || t->month > 12)
		return ll_error_set(LL_ECORRUPT, "%s: month %u", what, t->month);
	if (t->year == 0 && (t->dow > 6 || t->day < 1 || t->day > 5))
		return ll_error_set(LL_ECORRUPT, "%s: day of week %u, week %u", what, t->dow, t->day);
	if (t->year != 0 && (t->day < 1 || t->day > 31))
		return ll_error_set(LL_ECORRUPT, "%s: day %u", what, t->day);
	if (t->hour > 23 || t->minute > 59)
		return ll_error_set(LL_ECORRUPT, "%s: time %u:%u", what, t->hour, t->minute);
	return 0;
}

int ll_regf_tz_check(const struct ll_regf_tz *z)
{
	int rc;

	/* the widest zones are UTC-12 and UTC+14; a bias past a day is no zone */
	if (z->bias < -1440 || z->bias > 1440 || z->std_bias < -1440 || z->std_bias > 1440 ||
	    z->dst_bias < -1440 || z->dst_bias > 1440)
		return ll_error_set(LL_ECORRUPT, "Bias %" PRId32 ", StandardBias %" PRId32
				    ", DaylightBias %" PRId32 ": more than a day", z->bias,
				    z->std_bias, z->dst_bias);
	if ((z->std_start.month == 0) != (z->dst_start.month == 0))
		return ll_error_set(LL_ECORRUPT, "StandardStart and DaylightStart: one without the other");
	if (!has_rule(z))
		return 0;
	if ((rc = check_date(&z->std_start, "StandardStart")) < 0 ||
	    (rc = check_date(&z->dst_start, "DaylightStart")) < 0)
		return rc;
	return 0;
}

static unsigned month_days(int64_t y, unsigned m)
{
	static const unsigned n[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : n[m - 1];
}

/* The wall-clock second (as if UTC) of the transition `t` in year `y`. */
static int64_t transition(const struct ll_regf_tz_date *t, int64_t y)
{
	unsigned day = t->day;

	if (t->year == 0) {
		/* the day-th (5: last) day of the week dow of the month; 1970-01-01 was a Thursday */
		int64_t first = ll_days_from_civil(y, t->month, 1);
		unsigned wd1 = (unsigned)(((first % 7) + 7 + 4) % 7);

		day = 1 + (t->dow + 7 - wd1) % 7 + (t->day - 1) * 7;
		while (day > month_days(y, t->month))
			day -= 7;
	} else if (day > month_days(y, t->month)) {
		day = month_days(y, t->month);
	}
	return ll_time_from_utc(y, t->month, day, t->hour, t->minute, 0);
}

int64_t ll_regf_tz_local_to_utc(const struct ll_regf_tz *z, int64_t y, unsigned mon,
				unsigned d, unsigned h, unsigned mi, unsigned s)
{
	int64_t local = ll_time_from_utc(y, mon, d, h, mi, s);
	bool dst = false;

	if (has_rule(z)) {
		int64_t on = transition(&z->dst_start, y), off = transition(&z->std_start, y);

		/* northern: daylight inside the year; southern: across its end */
		dst = on < off ? local >= on && local < off : local >= on || local < off;
	}
	return local + 60 * (int64_t)(z->bias + (dst ? z->dst_bias : z->std_bias));
}

static void offset_text(char *out, size_t n, int32_t bias)
{
	int32_t east = -bias; /* UTC = local + bias: the offset is its negation */

	snprintf(out, n, "UTC%c%02d:%02d", east < 0 ? '-' : '+', (east < 0 ? -east : east) / 60,
		 (east < 0 ? -east : east) % 60);
}

static void date_text(char *out, size_t n, const struct ll_regf_tz_date *t)
{
	static const char *const week[] = { "", "first", "second", "third", "fourth", "last" };
	static const char *const dow[] = { "Sunday", "Monday", "Tuesday", "Wednesday",
					   "Thursday", "Friday", "Saturday" };
	static const char *const mon[] = { "", "January", "February", "March", "April", "May",
					   "June", "July", "August", "September", "October",
					   "November", "December" };

	if (t->year)
		snprintf(out, n, "%u-%02u-%02u %02u:%02u", t->year, t->month, t->day, t->hour,
			 t->minute);
	else
		snprintf(out, n, "the %s %s of %s %02u:%02u", week[t->day], dow[t->dow],
			 mon[t->month], t->hour, t->minute);
}

void ll_regf_tz_describe(char *out, size_t n, const struct ll_regf_tz *z)
{
	char std[16], dst[16], on[64], off[64];

	offset_text(std, sizeof(std), z->bias + z->std_bias);
	if (!has_rule(z)) {
		snprintf(out, n, "%s (%s)", z->name[0] ? z->name : "unnamed zone", std);
		return;
	}
	offset_text(dst, sizeof(dst), z->bias + z->dst_bias);
	date_text(on, sizeof(on), &z->dst_start);
	date_text(off, sizeof(off), &z->std_start);
	snprintf(out, n, "%s (%s, daylight %s from %s to %s)", z->name[0] ? z->name : "unnamed zone",
		 std, dst, on, off);
}

bool ll_regf_tz_differs(const struct ll_regf_tz *z, const char *stated)
{
	static const unsigned months[] = { 1, 7 };

	for (size_t i = 0; i < LL_ARRAY_SIZE(months); i++) {
		int64_t a;

		if (ll_time_local_to_utc(&a, stated, 2024, months[i], 15, 12, 0, 0) < 0 ||
		    a != ll_regf_tz_local_to_utc(z, 2024, months[i], 15, 12, 0, 0))
			return true;
	}
	return false;
}
