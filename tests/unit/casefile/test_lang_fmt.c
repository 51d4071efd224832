/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the report's numbers and dates in its language (casefile/report/lang_fmt.c). */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>

#include "casefile/report/lang_fmt.h"

static void integers(void **state)
{
	char s[32];

	(void)state;
	/* French groups thousands with U+202F from five digits on; "1234" stays whole */
	assert_string_equal(ll_lang_int(s, sizeof(s), LL_LANG_FR, 14925), "14" LL_NNBSP "925");
	assert_string_equal(ll_lang_int(s, sizeof(s), LL_LANG_FR, 1234), "1234");
	assert_string_equal(ll_lang_int(s, sizeof(s), LL_LANG_FR, 1234567), "1" LL_NNBSP "234" LL_NNBSP "567");
	assert_string_equal(ll_lang_int(s, sizeof(s), LL_LANG_FR, -123456), "-123" LL_NNBSP "456");
	assert_string_equal(ll_lang_int(s, sizeof(s), LL_LANG_FR, 0), "0");
	/* English keeps the digits the report always printed */
	assert_string_equal(ll_lang_int(s, sizeof(s), LL_LANG_EN, 14925), "14925");
	/* a short buffer is cut, never overrun */
	assert_string_equal(ll_lang_int(s, 6, LL_LANG_FR, 1234567), "1" LL_NNBSP "2");
	assert_string_equal(ll_lang_dec(s, sizeof(s), LL_LANG_FR, 1.5, 1), "1,5");
	assert_string_equal(ll_lang_dec(s, sizeof(s), LL_LANG_EN, 1.5, 1), "1.5");
}

static void dates(void **state)
{
	char s[64];

	(void)state;
	assert_string_equal(ll_lang_date(s, sizeof(s), LL_LANG_FR, "2024-11-02T22:31:40Z"), "02/11/2024 22:31:40 UTC");
	assert_string_equal(ll_lang_date(s, sizeof(s), LL_LANG_EN, "2024-11-02T22:31:40.123Z"),
			    "2 November 2024 22:31:40 UTC");
	assert_string_equal(ll_lang_date(s, sizeof(s), LL_LANG_FR, "2021-11-13"), "13/11/2021");
	assert_string_equal(ll_lang_date(s, sizeof(s), LL_LANG_EN, "2021-11-13"), "13 November 2021");
	/* what does not parse gives nothing, never a wrong date */
	assert_string_equal(ll_lang_date(s, sizeof(s), LL_LANG_FR, "2024-13-02T22:31:40Z"), "");
	assert_string_equal(ll_lang_date(s, sizeof(s), LL_LANG_FR, "<b>"), "");
	assert_string_equal(ll_lang_date(s, sizeof(s), LL_LANG_FR, NULL), "");
	snprintf(s, sizeof(s), "%s", "2021-11-13 15:36:00 CET (+0100)");
	ll_lang_local(s, LL_LANG_FR);
	assert_string_equal(s, "13/11/2021 15:36:00 CET (+0100)");
	snprintf(s, sizeof(s), "%s", "2021-11-13 15:36:00 CET (+0100)");
	ll_lang_local(s, LL_LANG_EN);
	assert_string_equal(s, "2021-11-13 15:36:00 CET (+0100)");
	snprintf(s, sizeof(s), "%s", "short");
	ll_lang_local(s, LL_LANG_FR);
	assert_string_equal(s, "short");
}

static void codes(void **state)
{
	enum ll_lang l = LL_LANG_EN;

	(void)state;
	assert_int_equal(ll_lang_parse(&l, "fr"), 0);
	assert_int_equal(l, LL_LANG_FR);
	assert_string_equal(ll_lang_code(l), "fr");
	assert_int_equal(ll_lang_parse(&l, "en"), 0);
	assert_string_equal(ll_lang_code(l), "en");
	assert_int_equal(ll_lang_parse(&l, "FR"), -1);
	assert_int_equal(ll_lang_parse(&l, "de"), -1);
	assert_int_equal(ll_lang_parse(&l, NULL), -1);
	assert_int_equal(l, LL_LANG_EN);
	assert_string_equal(LL_TXT(LL_LANG_FR, "en", "fr"), "fr");
	assert_string_equal(LL_TXT(LL_LANG_EN, "en", "fr"), "en");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(integers),
		cmocka_unit_test(dates),
		cmocka_unit_test(codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
