/* SPDX-License-Identifier: Apache-2.0 */
/* Time: RFC 3339 parsing and formatting, civil dates, zone rules. */
#include "core/compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "core/error.h"
#include "core/time.h"

static int64_t parse(const char *s)
{
	int64_t ns = 0;
	bool z;

	assert_int_equal(ll_time_parse_rfc3339(&ns, &z, s, false), 0);
	assert_true(z);
	return ns;
}

static void test_parse(void **state)
{
	LL_UNUSED(state);
	assert_true(parse("1970-01-01T00:00:00Z") == 0);
	assert_true(parse("2024-06-03T14:02:11Z") == INT64_C(1717423331) * LL_NS_PER_SEC);
	assert_true(parse("2024-06-03T16:02:11+02:00") == INT64_C(1717423331) * LL_NS_PER_SEC);
	assert_true(parse("2024-06-03T14:02:11.5Z") == INT64_C(1717423331500000000));
	assert_true(parse("2024-06-03 14:02:11.123456789Z") == INT64_C(1717423331123456789));
	assert_true(parse("1969-12-31T23:59:59Z") == -LL_NS_PER_SEC);
	assert_true(parse("2024-02-29T00:00:00Z") > 0);
	/* the Gregorian leap rule: 2000 is a leap year, 1900 and 2100 are not */
	assert_true(parse("2000-02-29T00:00:00Z") == INT64_C(951782400) * LL_NS_PER_SEC);
}

static void test_parse_rejects(void **state)
{
	const char *bad[] = { "", "2024-06-03", "2024-06-03T14:02:11",
			      "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
			      "1900-02-29T00:00:00Z", "2100-02-29T00:00:00Z",
			      "2024-06-03T24:00:00Z", "2024-06-03T14:02:11+2:00",
			      "2024-06-03T14:02:11Zjunk", "2024-06-03T14:02:11.Z",
			      "20240603T140211Z" };
	int64_t ns;
	bool z;

	LL_UNUSED(state);
	for (size_t i = 0; i < LL_ARRAY_SIZE(bad); i++)
		assert_int_equal(ll_time_parse_rfc3339(&ns, &z, bad[i], false), LL_ECORRUPT);
	/* a zone-less time is an error unless explicitly allowed */
	assert_int_equal(ll_time_parse_rfc3339(&ns, &z, "2024-06-03T14:02:11", true), 0);
	assert_false(z);
	assert_non_null(strstr(ll_time_parse_rfc3339(&ns, &z, "2024-06-03T14:02:11", false) ? ll_error_message() : "", "no zone"));
}

static void test_format(void **state)
{
	char out[48];

	LL_UNUSED(state);
	ll_time_format(out, sizeof(out), INT64_C(1717423331123456789), 9);
	assert_string_equal(out, "2024-06-03T14:02:11.123456789Z");
	ll_time_format(out, sizeof(out), INT64_C(1717423331123456789), 6);
	assert_string_equal(out, "2024-06-03T14:02:11.123456Z");
	ll_time_format(out, sizeof(out), INT64_C(1717423331123456789), 0);
	assert_string_equal(out, "2024-06-03T14:02:11Z");
	ll_time_format(out, sizeof(out), -1, 3);
	assert_string_equal(out, "1969-12-31T23:59:59.999Z");
	/* int64 ns reach back to 1677; 1700 is inside */
	ll_time_format(out, sizeof(out), INT64_C(-8520336000) * LL_NS_PER_SEC, 0);
	assert_string_equal(out, "1700-01-01T00:00:00Z");
}

static void test_civil_roundtrip(void **state)
{
	LL_UNUSED(state);
	for (int64_t d = -800000; d < 800000; d += 97) {
		int64_t y;
		unsigned m, dd;

		ll_civil_from_days(d, &y, &m, &dd);
		assert_true(ll_days_from_civil(y, m, dd) == d);
	}
}

static void test_zones(void **state)
{
	int64_t s;

	LL_UNUSED(state);
	/* Paris in summer is UTC+2, in winter UTC+1 */
	assert_int_equal(ll_time_local_to_utc(&s, "Europe/Paris", 2024, 6, 3, 16, 2, 11), 0);
	assert_true(s == 1717423331);
	assert_int_equal(ll_time_local_to_utc(&s, "Europe/Paris", 2024, 1, 3, 15, 0, 0), 0);
	assert_true(s == ll_time_from_utc(2024, 1, 3, 14, 0, 0));
	/* the repeated hour of the autumn change: the earlier instant */
	assert_int_equal(ll_time_local_to_utc(&s, "Europe/Paris", 2024, 10, 27, 2, 30, 0), 0);
	assert_true(s == ll_time_from_utc(2024, 10, 27, 0, 30, 0));
	assert_int_equal(ll_time_local_to_utc(&s, "+05:30", 2024, 1, 1, 5, 30, 0), 0);
	assert_true(s == ll_time_from_utc(2024, 1, 1, 0, 0, 0));
	assert_int_equal(ll_time_local_to_utc(&s, "UTC", 2024, 1, 1, 0, 0, 0), 0);
	assert_true(s == ll_time_from_utc(2024, 1, 1, 0, 0, 0));
	assert_int_equal(ll_time_local_to_utc(&s, "Mars/Olympus", 2024, 1, 1, 0, 0, 0), LL_EINVAL);
	assert_false(ll_time_zone_valid("../../etc/passwd"));
	/* the process TZ is left as it was */
	assert_null(getenv("TZ"));
}

/*
 * The oracle: days since 1970 by counting whole years and months one by one
 * (no shared formula with core/time.c), and the instant in 128 bits.
 */
static bool leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static __int128 oracle_ns(int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi,
			  unsigned s, int64_t frac, int64_t off)
{
	static const int md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int64_t days = 0;

	for (int64_t k = 1970; k < y; k++)
		days += leap(k) ? 366 : 365;
	for (int64_t k = y; k < 1970; k++)
		days -= leap(k) ? 366 : 365;
	for (unsigned k = 1; k < mo; k++)
		days += md[k - 1] + (k == 2 && leap(y));
	days += d - 1;
	return ((__int128)days * 86400 + h * 3600 + mi * 60 + s - off) * 1000000000 + frac;
}

static bool fits(__int128 v)
{
	return v >= INT64_MIN && v <= INT64_MAX;
}

/* One time through every entry point that takes it; the results must agree with the oracle. */
static void check_one(int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s,
		      int64_t frac, int64_t off)
{
	__int128 want = oracle_ns(y, mo, d, h, mi, s, frac, off);
	char text[80], z[16];
	int64_t ns = 12345;
	bool zone;
	int rc;

	if (off)
		snprintf(z, sizeof(z), "%c%02u:%02u", off < 0 ? '-' : '+',
			 (unsigned)((off < 0 ? -off : off) / 3600),
			 (unsigned)((off < 0 ? -off : off) / 60 % 60));
	else
		snprintf(z, sizeof(z), "Z");
	snprintf(text, sizeof(text), "%04" PRId64 "-%02u-%02uT%02u:%02u:%02u.%09" PRId64 "%s",
		 y, mo, d, h, mi, s, frac, z);
	rc = ll_time_ns_from_civil(&ns, y, mo, d, h, mi, s, frac, off);
	if (fits(want)) {
		assert_int_equal(rc, 0);
		assert_true(ns == (int64_t)want);
	} else {
		assert_int_equal(rc, LL_ECORRUPT);
		assert_true(ll_time_range_error());
		assert_true(ns == 12345); /* never written */
	}
	if (y < 0 || y > 9999)
		return;
	ns = 12345;
	rc = ll_time_parse_rfc3339(&ns, &zone, text, false);
	if (fits(want)) {
		char back[48];

		assert_int_equal(rc, 0);
		assert_true(ns == (int64_t)want);
		/* and it prints back as the same UTC instant */
		ll_time_format(back, sizeof(back), ns, 9);
		assert_true(ll_time_parse_rfc3339(&ns, &zone, back, false) == 0 &&
			    ns == (int64_t)want);
	} else {
		assert_int_equal(rc, LL_ECORRUPT);
		assert_true(ll_time_range_error());
		assert_non_null(strstr(ll_error_message(), text));
		assert_true(ns == 12345);
	}
	if (!off && !frac) {
		/* seconds since 1970 + fraction, and a clock offset on top */
		int64_t sec = ll_time_from_utc(y, mo, d, h, mi, s);

		rc = ll_time_ns_from_sec(&ns, sec, 0, NULL);
		assert_int_equal(rc, fits(want) ? 0 : LL_ECORRUPT);
		if (fits(want)) {
			__int128 w2 = want + (__int128)3600 * 1000000000;

			rc = ll_time_ns_shift(&ns, 3600);
			assert_int_equal(rc, fits(w2) ? 0 : LL_ECORRUPT);
			if (fits(w2))
				assert_true(ns == (int64_t)w2);
		}
	}
}

static void test_range_edges(void **state)
{
	int64_t ns;
	char out[48];

	LL_UNUSED(state);
	/* windows over stored times: no overflow between the two edges */
	assert_true(ll_time_within(INT64_MIN, INT64_MIN + 5, 5));
	assert_false(ll_time_within(INT64_MIN, INT64_MAX, 3600 * LL_NS_PER_SEC));
	assert_false(ll_time_within(INT64_MAX, INT64_MIN, 3600 * LL_NS_PER_SEC));
	assert_true(ll_time_within(-1, INT64_MAX - 1, INT64_MAX));
	/* seconds print as their true date however far */
	ll_time_format_sec(out, sizeof(out), INT64_C(13569465600), 5);
	assert_string_equal(out, "2400-01-01T00:00:00.000000005Z");
	ll_time_format_sec(out, sizeof(out), INT64_C(-12219292800) - 1, 0);
	assert_string_equal(out, "1582-10-14T23:59:59.000000000Z");
	assert_int_equal(ll_time_parse_rfc3339(&ns, NULL, LL_TIME_MIN_TEXT, false), 0);
	assert_true(ns == INT64_MIN);
	ll_time_format(out, sizeof(out), ns, 9);
	assert_string_equal(out, LL_TIME_MIN_TEXT);
	assert_int_equal(ll_time_parse_rfc3339(&ns, NULL, LL_TIME_MAX_TEXT, false), 0);
	assert_true(ns == INT64_MAX);
	ll_time_format(out, sizeof(out), ns, 9);
	assert_string_equal(out, LL_TIME_MAX_TEXT);
	/* one nanosecond beyond either edge, the examples, an offset across an edge */
	const char *out_of_range[] = {
		"1677-09-21T00:12:43.145224191Z", "2262-04-11T23:47:16.854775808Z",
		"2606-06-04T14:10:33.709551616Z", "1492-10-12T00:00:00Z", "0000-01-01T00:00:00Z",
		"9999-12-31T23:59:59.999999999Z", "2262-04-11T23:47:16.854775807-00:01",
		"1677-09-21T00:12:43.145224192+00:01", "9999-12-31T23:59:59+23:59",
		"0000-01-01T00:00:00-23:59",
	};
	for (size_t i = 0; i < LL_ARRAY_SIZE(out_of_range); i++) {
		ns = 7;
		assert_int_equal(ll_time_parse_rfc3339(&ns, NULL, out_of_range[i], false), LL_ECORRUPT);
		assert_true(ll_time_range_error());
		assert_non_null(strstr(ll_error_message(), "1677-09-21T00:12:43.145224192Z .. 2262-04-11T23:47:16.854775807Z"));
		assert_true(ns == 7);
	}
	/* an offset that brings a time back inside */
	assert_int_equal(ll_time_parse_rfc3339(&ns, NULL, "2262-04-12T00:30:00+01:00", false), 0);
	assert_int_equal(ll_time_parse_rfc3339(&ns, NULL, "1677-09-20T23:30:00-01:00", false), 0);
	/* FILETIME: 30828 is the largest Windows writes */
	assert_int_equal(ll_time_ns_from_filetime(&ns, UINT64_C(116444736000000000)), 0);
	assert_true(ns == 0);
	assert_int_equal(ll_time_ns_from_filetime(&ns, UINT64_MAX), LL_ECORRUPT);
	assert_int_equal(ll_time_ns_from_filetime(&ns, UINT64_C(2650467743999999999)), LL_ECORRUPT);
	assert_int_equal(ll_time_ns_from_filetime(&ns, 0), LL_ECORRUPT); /* 1601 */
	/* seconds, fractions, shifts */
	assert_int_equal(ll_time_ns_from_sec(&ns, INT64_C(-9223372037), 145224192, NULL), 0);
	assert_true(ns == INT64_MIN);
	assert_int_equal(ll_time_ns_from_sec(&ns, INT64_C(-9223372037), 145224191, NULL), LL_ECORRUPT);
	assert_int_equal(ll_time_ns_from_sec(&ns, INT64_C(9223372036), 854775807, NULL), 0);
	assert_true(ns == INT64_MAX);
	assert_int_equal(ll_time_ns_from_sec(&ns, INT64_C(9223372036), 854775808, NULL), LL_ECORRUPT);
	assert_int_equal(ll_time_ns_from_sec(&ns, INT64_MAX, 0, NULL), LL_ECORRUPT);
	assert_int_equal(ll_time_ns_from_sec(&ns, INT64_MIN, 0, NULL), LL_ECORRUPT);
	assert_int_equal(ll_time_ns_from_sec(&ns, 0, LL_NS_PER_SEC, NULL), LL_ECORRUPT);
	ns = INT64_MAX - LL_NS_PER_SEC + 1;
	assert_int_equal(ll_time_ns_shift(&ns, 1), LL_ECORRUPT);
	ns = INT64_MIN;
	assert_int_equal(ll_time_ns_shift(&ns, INT64_MAX), LL_ECORRUPT);
	assert_int_equal(ll_time_ns_from_civil(&ns, INT64_MAX, 1, 1, 0, 0, 0, 0, 0), LL_ECORRUPT);
	assert_int_equal(ll_time_ns_from_civil(&ns, 2000, 1, 1, 0, 0, 0, 0, INT64_MIN), LL_ECORRUPT);
}

/* The property: boundary and random dates, through every conversion, against the oracle. */
static void test_range_property(void **state)
{
	static const unsigned md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	static const int64_t years[] = { 0, 1, 1492, 1600, 1676, 1677, 1678, 1700, 1969, 1970,
					 2000, 2024, 2261, 2262, 2263, 2400, 2606, 9999 };
	uint64_t x = UINT64_C(0x9e3779b97f4a7c15);

	LL_UNUSED(state);
	/* the edges themselves, to the nanosecond and one either side */
	check_one(1677, 9, 21, 0, 12, 43, 145224192, 0);
	check_one(1677, 9, 21, 0, 12, 43, 145224191, 0);
	check_one(2262, 4, 11, 23, 47, 16, 854775807, 0);
	check_one(2262, 4, 11, 23, 47, 16, 854775808, 0);
	check_one(2262, 4, 11, 23, 47, 16, 854775807, -60);
	check_one(2262, 4, 12, 0, 47, 16, 854775807, 3600);
	check_one(1677, 9, 21, 1, 12, 43, 145224192, 3600);
	check_one(1677, 9, 21, 1, 12, 43, 145224191, 3600);
	/* leap days */
	check_one(2000, 2, 29, 12, 0, 0, 0, 0);
	check_one(1704, 2, 29, 0, 0, 0, 0, 0);
	check_one(2260, 2, 29, 23, 59, 59, 999999999, -50400);
	check_one(1600, 2, 29, 0, 0, 0, 0, 0);
	check_one(2400, 2, 29, 0, 0, 0, 0, 0);
	for (int i = 0; i < 20000; i++) {
		int64_t y, frac, off;
		unsigned mo, d, h, mi, s, dmax;

#define RND() (x ^= x << 13, x ^= x >> 7, x ^= x << 17, x)
		switch (RND() % 3) {
		case 0: y = years[RND() % LL_ARRAY_SIZE(years)]; break;
		case 1: y = 1670 + (int64_t)(RND() % 600); break;
		default: y = (int64_t)(RND() % 10000); break;
		}
		mo = 1 + (unsigned)(RND() % 12);
		dmax = md[mo - 1] + (mo == 2 && leap(y));
		d = 1 + (unsigned)(RND() % dmax);
		h = (unsigned)(RND() % 24);
		mi = (unsigned)(RND() % 60);
		s = (unsigned)(RND() % 60);
		frac = RND() % 4 ? (int64_t)(RND() % 1000000000) : 0;
		off = RND() % 3 ? ((int64_t)(RND() % (2 * 1439 + 1)) - 1439) * 60 : 0;
#undef RND
		check_one(y, mo, d, h, mi, s, frac, off);
	}
}

/* A pinned zone (a worker's, before its lock-down) converts as any; others still do. Runs last. */
static void test_pinned_zone(void **state)
{
	int64_t s;

	LL_UNUSED(state);
	assert_int_equal(ll_time_pin_zone("Europe/Paris"), 0);
	assert_string_equal(getenv("TZ"), "Europe/Paris");
	assert_int_equal(ll_time_pin_zone("Europe/Paris"), LL_EINTERNAL);
	assert_true(ll_time_zone_valid("Europe/Paris"));
	assert_int_equal(ll_time_local_to_utc(&s, "Europe/Paris", 2024, 6, 3, 16, 2, 11), 0);
	assert_int_equal(s, ll_time_from_utc(2024, 6, 3, 14, 2, 11));
	assert_int_equal(ll_time_local_to_utc(&s, "America/New_York", 2024, 1, 3, 10, 0, 0), 0);
	assert_int_equal(s, ll_time_from_utc(2024, 1, 3, 15, 0, 0));
	/* the pinned zone is restored after another's conversion */
	assert_string_equal(getenv("TZ"), "Europe/Paris");
	assert_int_equal(ll_time_pin_zone(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_civil_roundtrip),
		cmocka_unit_test(test_zones),
		cmocka_unit_test(test_range_edges),
		cmocka_unit_test(test_range_property),
		cmocka_unit_test(test_pinned_zone),
	};

	unsetenv("TZ");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
