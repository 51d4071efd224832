/* SPDX-License-Identifier: Apache-2.0 */
/* A worker reader's prepared open: kept once, with its code and message. */
#include "core/compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "analyze/readers/prepared.h"
#include "core/error.h"

static void test_not_prepared(void **state)
{
	struct ll_prepared p = { 0 };
	int rc = 7;

	LL_UNUSED(state);
	assert_false(ll_prepared_take(&p, &rc));
	assert_int_equal(rc, 7);
}

static void test_ok_once(void **state)
{
	struct ll_prepared p = { 0 };
	int rc = 7;

	LL_UNUSED(state);
	assert_int_equal(ll_prepared_done(&p, 0), 0);
	assert_true(ll_prepared_take(&p, &rc));
	assert_int_equal(rc, 0);
	/* taken: the next file opens for itself */
	assert_false(ll_prepared_take(&p, &rc));
}

static void test_failure_kept(void **state)
{
	struct ll_prepared p = { 0 };
	int rc = 0;

	LL_UNUSED(state);
	/* prepare's own result is 0: the file's failure is run's */
	assert_int_equal(ll_prepared_done(&p, ll_error_set(LL_ECORRUPT, "not a readable EVT file")), 0);
	ll_error_set(LL_EIO, "something later");
	assert_true(ll_prepared_take(&p, &rc));
	assert_int_equal(rc, LL_ECORRUPT);
	assert_int_equal(ll_error_code(), LL_ECORRUPT);
	assert_string_equal(ll_error_message(), "not a readable EVT file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_prepared),
		cmocka_unit_test(test_ok_once),
		cmocka_unit_test(test_failure_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
