/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the export helpers: CSV cells (RFC 4180 quoting, OWASP formula
 * neutralisation) and the whole seconds bodyfile, mactime and l2tcsv print. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "casefile/export/export_rows.h"

static char *cell(const char *s)
{
	static char *buf;
	size_t len;
	FILE *f;

	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	ll_export_csv_cell(f, s);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void formula_leads(void **state)
{
	static const char *const yes[] = {
		"=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "=",
		"\xef\xbc\x9d" "1", "\xef\xbc\x8b" "1", "\xef\xbc\x8d" "1", "\xef\xbc\xa0" "x",
		" =1", "   +1", "\xc2\xa0" "@x", "\xe3\x80\x80 \xef\xbc\x9d" "1", " \tx",
	};
	static const char *const no[] = {
		"", "a=1", " a=1", "   ", "1-2", "/tmp/=x", "\"=1\"", "\xef\xbc\x9c", "'=1",
	};

	(void)state;
	for (size_t i = 0; i < LL_ARRAY_SIZE(yes); i++)
		assert_true(ll_export_formula_lead(yes[i]));
	for (size_t i = 0; i < LL_ARRAY_SIZE(no); i++)
		assert_false(ll_export_formula_lead(no[i]));
}

static void cells(void **state)
{
	(void)state;
	/* plain and RFC 4180 cells as before */
	assert_string_equal(cell("plain"), "plain");
	assert_string_equal(cell(""), "");
	assert_string_equal(cell("a,b"), "\"a,b\"");
	assert_string_equal(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
	assert_string_equal(cell("\"=1+1\""), "\"\"\"=1+1\"\"\"");
	/* formulas: quoted, ', quotes doubled, nothing else changed */
	assert_string_equal(cell("=1+1"), "\"'=1+1\"");
	assert_string_equal(cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
	assert_string_equal(cell("-5"), "\"'-5\"");
	assert_string_equal(cell("@x,y"), "\"'@x,y\"");
	assert_string_equal(cell("\r\n=1"), "\"'\r\n=1\"");
	assert_string_equal(cell("\tcmd"), "\"'\tcmd\"");
	assert_string_equal(cell("\xef\xbc\x9d" "1"), "\"'\xef\xbc\x9d" "1\"");
}

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
		cmocka_unit_test(formula_leads),
		cmocka_unit_test(cells),
		cmocka_unit_test(body_seconds_floor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
