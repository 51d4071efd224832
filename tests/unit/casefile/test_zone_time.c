/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the report's local times beside UTC (casefile/report/zone_time.c). */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "casefile/report/zone_time.h"

static void iana_zone_and_dst(void **state)
{
	char s[96];

	(void)state;
	/* Paris: CET in November, CEST in July (`TZ=Europe/Paris date -d @…`) */
	ll_report_zone_time(s, sizeof(s), "2021-11-13T14:36:00Z", "Europe/Paris");
	assert_string_equal(s, "2021-11-13 15:36:00 CET (+0100)");
	ll_report_zone_time(s, sizeof(s), "2021-07-01T22:30:00.123456Z", "Europe/Paris");
	assert_string_equal(s, "2021-07-02 00:30:00 CEST (+0200)");
	/* the autumn change: 01:00Z is 02:00 CET, one second before is 02:59:59 CEST */
	ll_report_zone_time(s, sizeof(s), "2021-10-31T00:59:59Z", "Europe/Paris");
	assert_string_equal(s, "2021-10-31 02:59:59 CEST (+0200)");
	ll_report_zone_time(s, sizeof(s), "2021-10-31T01:00:00Z", "Europe/Paris");
	assert_string_equal(s, "2021-10-31 02:00:00 CET (+0100)");
	/* the process's own TZ is put back */
	assert_string_equal(getenv("TZ") ? getenv("TZ") : "(unset)", "UTC");
}

static void fixed_offsets(void **state)
{
	char s[96];

	(void)state;
	ll_report_zone_time(s, sizeof(s), "2025-10-10T01:58:02Z", "+05:30");
	assert_string_equal(s, "2025-10-10 07:28:02 (+05:30)");
	ll_report_zone_time(s, sizeof(s), "2025-10-10T01:58:02Z", "-04:00");
	assert_string_equal(s, "2025-10-09 21:58:02 (-04:00)");
}

static void nothing_to_show(void **state)
{
	char s[96] = "x";

	(void)state;
	ll_report_zone_time(s, sizeof(s), "2025-10-10T01:58:02Z", NULL);
	assert_string_equal(s, "");
	s[0] = 'x';
	ll_report_zone_time(s, sizeof(s), "not a time", "Europe/Paris");
	assert_string_equal(s, "");
	s[0] = 'x';
	ll_report_zone_time(s, sizeof(s), "", "Europe/Paris");
	assert_string_equal(s, "");
}

static void which_zone(void **state)
{
	json_t *an = json_loads("[{\"kind\":\"timeline\",\"options\":{\"tz\":\"UTC\"}},"
				"{\"kind\":\"detect\",\"options\":null},"
				"{\"kind\":\"timeline\",\"options\":{\"tz\":\"Europe/Paris\",\"year\":2021}}]",
				0, NULL);
	json_t *none = json_loads("[{\"kind\":\"timeline\",\"options\":{\"tz\":\"UTC\"}},"
				  "{\"kind\":\"timeline\",\"options\":{\"tz\":\"Mars/Olympus\"}}]", 0, NULL);

	(void)state;
	assert_non_null(an);
	assert_string_equal(ll_report_zone("America/New_York", an), "America/New_York");
	assert_string_equal(ll_report_zone(NULL, an), "Europe/Paris");
	assert_string_equal(ll_report_zone("", an), "Europe/Paris");
	assert_null(ll_report_zone(NULL, none));
	assert_null(ll_report_zone(NULL, NULL));
	json_decref(an);
	json_decref(none);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(iana_zone_and_dst),
		cmocka_unit_test(fixed_offsets),
		cmocka_unit_test(nothing_to_show),
		cmocka_unit_test(which_zone),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
