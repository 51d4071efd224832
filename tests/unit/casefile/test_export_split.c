/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the split exports' checks: Timesketch's years and OpenSearch index names. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "casefile/export/export.h"

#define S INT64_C(1000000000)

static void years(void **state)
{
	const int64_t y1700 = INT64_C(-8520336000) * S; /* 1700-01-01T00:00:00Z */

	(void)state;
	assert_true(ll_export_year_ok(y1700));
	assert_true(ll_export_year_ok(y1700 + 1));
	assert_false(ll_export_year_ok(y1700 - 1)); /* 1699-12-31T23:59:59.999999999Z */
	assert_false(ll_export_year_ok(INT64_MIN));
	assert_true(ll_export_year_ok(0));
	assert_true(ll_export_year_ok(-1));
	assert_true(ll_export_year_ok(INT64_MAX)); /* 2262: int64 ns never reach 10000 */
}

static void index_names(void **state)
{
	static const char *const ok[] = { "lifeline-t-1", "a", "0", "case.42_b-c", "a.", "a_" };
	static const char *const bad[] = { "", "Upper", "-a", "_a", ".a", ".", "..", "a b", "a/b",
					   "a\\b", "a*b", "a?b", "a\"b", "a<b", "a>b", "a|b",
					   "a,b", "a#b", "a:b", "\xc3\xa9" };
	char long_name[300];

	(void)state;
	for (size_t i = 0; i < LL_ARRAY_SIZE(ok); i++)
		assert_true(ll_export_index_name_ok(ok[i]));
	for (size_t i = 0; i < LL_ARRAY_SIZE(bad); i++)
		assert_false(ll_export_index_name_ok(bad[i]));
	memset(long_name, 'a', sizeof(long_name));
	long_name[255] = '\0';
	assert_true(ll_export_index_name_ok(long_name));
	long_name[255] = 'a';
	long_name[256] = '\0';
	assert_false(ll_export_index_name_ok(long_name));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(years),
		cmocka_unit_test(index_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
