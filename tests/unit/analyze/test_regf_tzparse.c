/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A Windows zone rule's words read back (regf_tzparse.h): every rule
 * ll_regf_tz_describe can say reads back to one that converts every hour
 * of the year the same way; names with parentheses; the key's words after
 * the rule left alone; words that are not a rule refused with their place.
 */
#include "core/compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "analyze/registry/regf_tzparse.h"
#include "analyze/registry/regf_tzrule.h"
#include "core/error.h"

static struct ll_regf_tz rule(const char *name, int32_t bias, int32_t std, int32_t dst,
			      struct ll_regf_tz_date on, struct ll_regf_tz_date off)
{
	struct ll_regf_tz z = { .bias = bias, .std_bias = std, .dst_bias = dst,
				.dst_start = on, .std_start = off };

	snprintf(z.name, sizeof(z.name), "%s", name);
	return z;
}

/* describe → parse: the same UTC for every hour of two years, and the same words */
static void round_trip(const struct ll_regf_tz *z)
{
	char said[400], words[512], again[512];
	struct ll_regf_tz back;
	size_t end;

	ll_regf_tz_describe(said, sizeof(said), z);
	snprintf(words, sizeof(words), "%s, from the image's SYSTEM hive "
		 "ControlSet001\\Control\\TimeZoneInformation", said);
	assert_int_equal(ll_regf_tz_parse(&back, words, &end), 0);
	assert_string_equal(words + end,
			    ", from the image's SYSTEM hive ControlSet001\\Control\\TimeZoneInformation");
	ll_regf_tz_describe(again, sizeof(again), &back);
	assert_memory_equal(again, words, end);
	for (int y = 2023; y <= 2024; y++)
		for (unsigned m = 1; m <= 12; m++)
			for (unsigned d = 1; d <= 28; d++)
				for (unsigned h = 0; h < 24; h++)
					assert_true(ll_regf_tz_local_to_utc(z, y, m, d, h, 30, 0) ==
						    ll_regf_tz_local_to_utc(&back, y, m, d, h, 30, 0));
}

static void test_round_trips(void **state)
{
	struct ll_regf_tz_date none = { 0 };
	struct ll_regf_tz z[] = {
		/* W. Europe: last Sunday of March 02:00 to last Sunday of October 03:00 */
		rule("W. Europe Standard Time", -60, 0, -60, (struct ll_regf_tz_date){ 0, 3, 0, 5, 2, 0 },
		     (struct ll_regf_tz_date){ 0, 10, 0, 5, 3, 0 }),
		/* southern hemisphere, across the new year */
		rule("AUS Eastern Standard Time", -600, 0, -60, (struct ll_regf_tz_date){ 0, 10, 0, 1, 2, 0 },
		     (struct ll_regf_tz_date){ 0, 4, 0, 1, 3, 0 }),
		/* west of UTC, a standard bias folded into the offset */
		rule("Pacific (test) Standard Time", 480, 0, -60, (struct ll_regf_tz_date){ 0, 3, 0, 2, 2, 0 },
		     (struct ll_regf_tz_date){ 0, 11, 0, 1, 2, 0 }),
		rule("odd", 300, 30, -45, (struct ll_regf_tz_date){ 0, 4, 6, 3, 1, 15 },
		     (struct ll_regf_tz_date){ 0, 9, 2, 4, 23, 59 }),
		/* fixed dates */
		rule("Fixed (UTC+03:00) Zone", -180, 0, -60, (struct ll_regf_tz_date){ 2024, 3, 0, 28, 0, 0 },
		     (struct ll_regf_tz_date){ 2024, 10, 0, 30, 0, 0 }),
		/* a hostile hive's year (any uint16): still read back, not taken from the name */
		rule("Evil (UTC+05:00, daylight UTC+06:00 from 2024-01-01 00:00 to 2024-02-01 00:00)", -60, 0, -60,
		     (struct ll_regf_tz_date){ 5, 3, 0, 28, 0, 0 }, (struct ll_regf_tz_date){ 65535, 10, 0, 30, 0, 0 }),
		/* no daylight saving; no name */
		rule("India Standard Time", -330, 0, 0, none, none),
		rule("", 0, 0, 0, none, none),
	};

	(void)state;
	for (size_t i = 0; i < sizeof(z) / sizeof(z[0]); i++)
		round_trip(&z[i]);
}

static void test_refused(void **state)
{
	static const char *const bad[] = {
		"", "Europe/Berlin", "X (UTC+1:00)", "X (UTC+01:00", "X (UTC*01:00)",
		"X (UTC+01:00, daylight UTC+02:00 from the last Sunday of Mars 02:00 to the last Sunday of October 03:00)",
		"X (UTC+01:00, daylight UTC+02:00 from the sixth Sunday of March 02:00 to the last Sunday of October 03:00)",
		"X (UTC+01:00, daylight UTC+02:00 from the last Sunday of March 25:00 to the last Sunday of October 03:00)",
		"X (UTC+30:00)",
		"X (UTC+03:00, daylight UTC+04:00 from 2024-00-28 00:00 to 2-00-30 30:00)",
	};
	struct ll_regf_tz z;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(ll_regf_tz_parse(&z, bad[i], NULL), LL_EINVAL);
		assert_non_null(strstr(ll_error_message(), "time-zone words"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
