/* SPDX-License-Identifier: Apache-2.0 */
/* Time: RFC 3339 parsing and formatting, civil dates, zone rules. */
#include "core/compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_civil_roundtrip),
		cmocka_unit_test(test_zones),
	};

	unsetenv("TZ");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
