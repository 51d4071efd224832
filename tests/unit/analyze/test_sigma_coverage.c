/* SPDX-License-Identifier: Apache-2.0 */
/* Loads every SigmaHQ Windows rule and reports how many load, grouped by reason. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "tests/unit/unit_skip.h"

#include "analyze/detect/detect_rules.h"

struct reason {
	const char *name;
	size_t n;
	const char *example;
};

static void coverage(void **state)
{
	struct ll_ruleset *rs = NULL;
	struct reason reasons[64];
	size_t nr = 0;
	struct stat sb;
	double share;

	(void)state;
	if (stat(LL_SHARED_DIR "/testdata/sigma/rules/windows", &sb) < 0)
		LL_SKIP("no shared test data (testdata/sigma/rules/windows under LL_SHARED_DIR)");
	assert_int_equal(ll_ruleset_load(&rs, LL_SHARED_DIR "/testdata/sigma/rules/windows"), 0);
	for (size_t i = 0; i < rs->nskips; i++) {
		size_t k;

		for (k = 0; k < nr; k++)
			if (!strcmp(reasons[k].name, rs->skips[i].reason))
				break;
		if (k == nr && nr < LL_ARRAY_SIZE(reasons))
			reasons[nr++] = (struct reason){ rs->skips[i].reason, 0, rs->skips[i].detail };
		if (k < LL_ARRAY_SIZE(reasons))
			reasons[k].n++;
	}
	share = rs->files ? 100.0 * (double)rs->nrules / (double)rs->files : 0;
	printf("# sigma coverage: %zu of %zu Windows rules load (%.1f%%), %zu not:\n",
	       rs->nrules, rs->files, share, rs->nskips);
	for (size_t k = 0; k < nr; k++)
		printf("#   %4zu  %s  (e.g. %s)\n", reasons[k].n, reasons[k].name, reasons[k].example);
	assert_int_equal(rs->nrules + rs->nskips, rs->files);
	assert_true(rs->files > 2000);
	assert_true(share >= 80.0);
	ll_ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(coverage),
	};

	return ll_unit_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
