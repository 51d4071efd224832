/* SPDX-License-Identifier: Apache-2.0 */
/* The mandate's checks (core/expert/mandate.c): calendar dates, jurisdictions, questions. */
#include "core/compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/expert/mandate.h"

static int check_date(const char *d)
{
	struct ll_mandate_update u = { .date = d };

	return ll_mandate_check(&u);
}

static void test_dates(void **state)
{
	static const char *const good[] = {
		"2021-11-15", "2024-02-29", "2000-02-29", "2021-12-31", "1999-01-01", "",
	};
	static const char *const bad[] = {
		"2021-02-29", "1900-02-29", "2100-02-29", "2021-04-31", "2021-00-10", "2021-13-01",
		"2021-01-00", "2021-01-32", "21-11-15", "2021-1-15", "2021-11-15x", "2021/11/15",
		"2021-11-1 ", "+021-11-15", "2021-+1-15", "1899-12-31", "2021-11-15T00:00:00Z",
	};

	LL_UNUSED(state);
	for (size_t i = 0; i < LL_ARRAY_SIZE(good); i++)
		assert_int_equal(check_date(good[i]), 0);
	for (size_t i = 0; i < LL_ARRAY_SIZE(bad); i++) {
		assert_int_equal(check_date(bad[i]), LL_EINVAL);
		assert_non_null(strstr(ll_error_message(), "calendar day"));
	}
}

static void test_jurisdiction(void **state)
{
	struct ll_mandate_update u = { 0 };

	LL_UNUSED(state);
	u.jurisdiction = "fr";
	assert_int_equal(ll_mandate_check(&u), 0);
	u.jurisdiction = "ew";
	assert_int_equal(ll_mandate_check(&u), 0);
	u.jurisdiction = "us";
	assert_int_equal(ll_mandate_check(&u), 0);
	u.jurisdiction = "";
	assert_int_equal(ll_mandate_check(&u), 0);
	u.jurisdiction = "uk";
	assert_int_equal(ll_mandate_check(&u), LL_EINVAL);
	assert_string_equal(ll_mandate_jurisdiction_name("ew"), "England and Wales");
	assert_null(ll_mandate_jurisdiction_name("EW"));
	assert_null(ll_mandate_jurisdiction_name(NULL));
}

static void test_questions(void **state)
{
	const char *q[] = { "first?", " \t\n", "third" };
	static char big[LL_MANDATE_MAX_TEXT + 2];
	struct ll_mandate_update u = { .questions = q, .nquestions = 3, .set_questions = true };

	LL_UNUSED(state);
	assert_int_equal(ll_mandate_check(&u), LL_EINVAL);
	assert_non_null(strstr(ll_error_message(), "question 2 is empty"));
	u.nquestions = 1;
	assert_int_equal(ll_mandate_check(&u), 0);
	memset(big, 'a', sizeof(big) - 1);
	q[0] = big;
	assert_int_equal(ll_mandate_check(&u), LL_EINVAL);
	q[0] = "bad \xff byte";
	assert_int_equal(ll_mandate_check(&u), LL_EINVAL);
	assert_non_null(strstr(ll_error_message(), "question 1"));
	u.nquestions = LL_MANDATE_MAX_QUESTIONS + 1;
	assert_int_equal(ll_mandate_check(&u), LL_EINVAL);
	/* nothing to change is no change, and no error */
	memset(&u, 0, sizeof(u));
	assert_false(ll_mandate_update_any(&u));
	u.set_questions = true;
	assert_true(ll_mandate_update_any(&u));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_jurisdiction),
		cmocka_unit_test(test_questions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
