/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the PostgreSQL store URL handling: the password never shows. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <string.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/pg/pg_conn.h"

static void masked(const char *url, const char *want)
{
	char *got = ll_pg_mask_url(url);

	assert_non_null(got);
	assert_string_equal(got, want);
	ll_free(got);
}

static void mask_password(void **state)
{
	(void)state;
	masked("postgresql://u:secret@h:5432/db", "postgresql://u:***@h:5432/db");
	masked("postgres://u:secret@h/db", "postgres://u:***@h/db");
	masked("postgresql://u@h/db", "postgresql://u@h/db");
	masked("postgresql://h/db", "postgresql://h/db");
	masked("postgresql://", "postgresql://");
	/* an @ inside the password: everything up to the last @ of the authority */
	masked("postgresql://u:p@ss:w@rd@h/db", "postgresql://u:***@h/db");
	/* a password without a user, and an empty one */
	masked("postgresql://:secret@h/db", "postgresql://:***@h/db");
	masked("postgresql://u:@h/db", "postgresql://u:***@h/db");
	/* as a parameter, wherever it is */
	masked("postgresql://u@h/db?password=secret", "postgresql://u@h/db?password=***");
	masked("postgresql://u@h/db?sslmode=disable&password=secret&x=1",
	       "postgresql://u@h/db?sslmode=disable&password=***&x=1");
	masked("postgresql://u:a@h/db?password=b", "postgresql://u:***@h/db?password=***");
	/* no path: the authority ends at ? */
	masked("postgresql://u:secret@h?password=s2", "postgresql://u:***@h?password=***");
	/* a password typed with / or ? unescaped, an @ in a parameter */
	masked("postgresql://u:pa?ss@h/db", "postgresql://u:***@h/db");
	masked("postgresql://u:pa/ss@h/db", "postgresql://u:***@h/db");
	masked("postgresql://u@h/db?password=sec@ret", "postgresql://u@h/db?password=***");
	/* a key=value connection string is never shown */
	masked("host=h password=secret", "(a connection string, not shown)");
}

static void never_leaks(void **state)
{
	static const char *const urls[] = {
		"postgresql://u:SeCrEt@h/db", "postgresql://u:SeCrEt@/db?host=/tmp",
		"postgresql://u:SeCrEt@h:notaport/db", "postgresql://u@h/db?password=SeCrEt#frag",
		"postgresql://u@h/db?a=1&password=SeCrEt&password=SeCrEt", "host=h password=SeCrEt",
		"postgresql://u:SeCrEt@[::1]:5432/db", "postgresql://u:Se?CrEt@h/db",
		"postgresql://u:Se/CrEt@h/db", "postgresql://u@h/db?password=SeCrEt@x",
		"postgresql://u:SeCrEt@h/db?application_name=a@b",
	};

	(void)state;
	for (size_t i = 0; i < LL_ARRAY_SIZE(urls); i++) {
		char *got = ll_pg_mask_url(urls[i]);

		assert_non_null(got);
		assert_null(strstr(got, "SeCrEt"));
		assert_null(strstr(got, "CrEt"));
		ll_free(got);
	}
}

static void is_url(void **state)
{
	(void)state;
	assert_true(ll_pg_is_url("postgresql://h/db"));
	assert_true(ll_pg_is_url("postgres://h/db"));
	assert_false(ll_pg_is_url("/cases/x/case.db"));
	assert_false(ll_pg_is_url("host=h"));
	assert_false(ll_pg_is_url(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mask_password),
		cmocka_unit_test(never_leaks),
		cmocka_unit_test(is_url),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
