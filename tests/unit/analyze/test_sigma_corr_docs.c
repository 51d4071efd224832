/* SPDX-License-Identifier: Apache-2.0 */
/* A rule file's YAML documents: split at markers with the file's line numbers; loaded in-process as file#N. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyze/detect/detect_rules.h"
#include "analyze/detect/rule_docs.h"
#include "analyze/sigma/sigma.h"
#include "core/buf.h"

static void split(void **state)
{
	static const char t[] = "%YAML 1.2\n---\na: 1\n# c\n--- \nb: |\n  x --- y\n  ---z\n...\n"
				"# only a comment\n---\n\n--- {c: 3}\n";
	struct ll_buf *d = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(ll_rule_docs_split(&d, &n, t, strlen(t)), 0);
	assert_int_equal(n, 3);
	/* line numbers kept: "a: 1" is line 3 of the file */
	assert_string_equal(d[0].ptr, "\n---\na: 1\n# c\n");
	assert_string_equal(d[1].ptr, "\n\n\n\n--- \nb: |\n  x --- y\n  ---z\n...\n");
	assert_string_equal(d[2].ptr, "\n\n\n\n\n\n\n\n\n\n\n\n--- {c: 3}\n");
	ll_rule_docs_free(d, n);
	/* no document at all: the text whole (its parse says it is empty) */
	assert_int_equal(ll_rule_docs_split(&d, &n, "# nothing\n", 10), 0);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].ptr, "# nothing\n");
	ll_rule_docs_free(d, n);
	assert_int_equal(ll_rule_docs_split(&d, &n, "", 0), 0);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].ptr, "");
	ll_rule_docs_free(d, n);
}

static void load(void **state)
{
	char dir[] = "/tmp/ll-corr-docs-XXXXXX", path[64];
	struct ll_ruleset *rs = NULL;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/m.yml", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("title: base\nname: base\nlogsource: {product: linux, service: sshd}\n"
	      "detection: {s: {Outcome: failure}, condition: s}\n---\n"
	      "title: corr\ncorrelation: {type: event_count, rules: [base], timespan: 1h, condition: {gte: 2}}\n"
	      "---\ntitle: bad\ncorrelation: {type: event_count, rules: [nope], timespan: 1h, condition: {gte: 2}}\n",
	      f);
	fclose(f);
	assert_int_equal(ll_ruleset_load(&rs, dir), 0);
	assert_int_equal(rs->files, 1);
	assert_int_equal(rs->nrules, 2);
	assert_string_equal(ll_sigma_rule_meta(rs->rules[0])->origin, "m.yml#1");
	assert_string_equal(ll_sigma_rule_meta(rs->rules[1])->origin, "m.yml#2");
	assert_non_null(ll_sigma_rule_corr(rs->rules[1]));
	assert_int_equal(rs->nskips, 1);
	assert_string_equal(rs->skips[0].path, "m.yml#3");
	assert_string_equal(rs->skips[0].reason, "correlation: unknown rule");
	assert_non_null(strstr(rs->skips[0].detail, "'nope'"));
	ll_ruleset_free(rs);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split),
		cmocka_unit_test(load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
