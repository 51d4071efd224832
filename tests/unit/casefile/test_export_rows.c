/* SPDX-License-Identifier: Apache-2.0 */
/* Export helpers: the whole seconds bodyfile, mactime and l2tcsv print. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "casefile/export_rows.h"

/*
 * Seconds are floor(ns / 1e9), also before 1970: 1969-12-31T23:59:59.5Z is
 * second -1 (as TSK's bodyfile would print the st_mtime of that instant),
 * not 0, and an unknown (NULL) time is 0.
 */
static void body_seconds_floor(void **state)
{
	(void)state;
	assert_int_equal(ll_export_body_seconds(false, 0), 0);
	assert_int_equal(ll_export_body_seconds(false, 999999999), 0);
	assert_int_equal(ll_export_body_seconds(false, 1000000000), 1);
	assert_int_equal(ll_export_body_seconds(false, INT64_C(1717423331500000000)), 1717423331);
	assert_int_equal(ll_export_body_seconds(false, -1), -1);
	assert_int_equal(ll_export_body_seconds(false, -500000000), -1);
	assert_int_equal(ll_export_body_seconds(false, -1000000000), -1);
	assert_int_equal(ll_export_body_seconds(false, -1000000001), -2);
	assert_int_equal(ll_export_body_seconds(false, INT64_C(-86400500000000)), -86401);
	assert_int_equal(ll_export_body_seconds(true, 123456789000), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(body_seconds_floor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
