/* SPDX-License-Identifier: Apache-2.0 */
/* Sigma semantics: modifiers, wildcards, null, keywords, conditions, refusals. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "analyze/sigma/sigma.h"
#include "core/error.h"

#define HEAD "title: t\nlogsource: {product: windows, service: security}\ndetection:\n"

/* Does the rule (HEAD + `det`) match the event (attrs JSON)? -1: did not load. */
static int m(const char *det, const char *event)
{
	char text[4096], why[128];
	struct ll_sigma_rule *r = NULL;
	struct ll_sigma_event ev = { 0 };
	json_t *a = json_loads(event, 0, NULL);
	int res;

	snprintf(text, sizeof(text), HEAD "%s", det);
	assert_non_null(a);
	if (ll_sigma_rule_parse(&r, why, sizeof(why), text, strlen(text), "t.yml") < 0) {
		json_decref(a);
		return -1;
	}
	assert_int_equal(ll_sigma_event_set(&ev, a), 0);
	res = ll_sigma_rule_match(r, &ev);
	ll_sigma_event_release(&ev);
	ll_sigma_rule_free(r);
	json_decref(a);
	return res;
}

#define E(extra) "{\"Channel\":\"Security\",\"EventID\":4688" extra "}"

static void modifiers(void **state)
{
	(void)state;
	assert_int_equal(m("  s: {CommandLine|contains: 'DELETE shadows'}\n  condition: s\n",
			   E(",\"CommandLine\":\"vssadmin delete shadows /all\"")), 1);
	assert_int_equal(m("  s: {CommandLine|startswith: 'vss'}\n  condition: s\n",
			   E(",\"CommandLine\":\"xvssadmin\"")), 0);
	assert_int_equal(m("  s: {Image|endswith: '\\vssadmin.exe'}\n  condition: s\n",
			   E(",\"Image\":\"C:\\\\Windows\\\\VSSADMIN.EXE\"")), 1);
	/* equals is whole-value, with * and ? wildcards; \\* is a literal star, \\\\ a backslash */
	assert_int_equal(m("  s: {Image: 'c:\\windows\\*.exe'}\n  condition: s\n",
			   E(",\"Image\":\"C:\\\\Windows\\\\x.exe\"")), 0);
	assert_int_equal(m("  s: {Image: 'c:\\windows\\\\*.exe'}\n  condition: s\n",
			   E(",\"Image\":\"C:\\\\Windows\\\\x.exe\"")), 1);
	assert_int_equal(m("  s: {Image: 'a?c'}\n  condition: s\n", E(",\"Image\":\"abc\"")), 1);
	assert_int_equal(m("  s: {Image: 'a\\*c'}\n  condition: s\n", E(",\"Image\":\"abc\"")), 0);
	assert_int_equal(m("  s: {Image: 'a\\*c'}\n  condition: s\n", E(",\"Image\":\"a*c\"")), 1);
	/* lists are OR, |all makes them AND */
	assert_int_equal(m("  s: {CommandLine|contains|all: [a1, b2]}\n  condition: s\n",
			   E(",\"CommandLine\":\"a1 x\"")), 0);
	assert_int_equal(m("  s: {CommandLine|contains: [a1, b2]}\n  condition: s\n",
			   E(",\"CommandLine\":\"a1 x\"")), 1);
	/* re is case-sensitive, |i is not */
	assert_int_equal(m("  s: {CommandLine|re: '^vss.*\\d$'}\n  condition: s\n",
			   E(",\"CommandLine\":\"VSS 1\"")), 0);
	assert_int_equal(m("  s: {CommandLine|re|i: '^vss.*\\d$'}\n  condition: s\n",
			   E(",\"CommandLine\":\"VSS 1\"")), 1);
	assert_int_equal(m("  s: {IpAddress|cidr: '10.0.0.0/8'}\n  condition: s\n",
			   E(",\"IpAddress\":\"10.2.3.4\"")), 1);
	assert_int_equal(m("  s: {IpAddress|cidr: '10.0.0.0/8'}\n  condition: s\n",
			   E(",\"IpAddress\":\"::ffff:10.2.3.4\"")), 1);
	assert_int_equal(m("  s: {IpAddress|cidr: 'fe80::/10'}\n  condition: s\n",
			   E(",\"IpAddress\":\"11.2.3.4\"")), 0);
	/* windash: -s, /s, en dash */
	assert_int_equal(m("  s: {CommandLine|windash|contains: ' -s '}\n  condition: s\n",
			   E(",\"CommandLine\":\"x /s y\"")), 1);
	assert_int_equal(m("  s: {CommandLine|windash|contains: ' -s '}\n  condition: s\n",
			   E(",\"CommandLine\":\"x \u2013s y\"")), 1);
	/* base64offset|contains of "calc" inside a base64 blob of "run calc now" */
	assert_int_equal(m("  s: {CommandLine|base64offset|contains: 'calc'}\n  condition: s\n",
			   E(",\"CommandLine\":\"-e cnVuIGNhbGMgbm93\"")), 1);
	/* utf16le + base64offset: "whoami" in a PowerShell -enc blob */
	assert_int_equal(m("  s: {CommandLine|wide|base64offset|contains: 'whoami'}\n  condition: s\n",
			   E(",\"CommandLine\":\"powershell -enc dwBoAG8AYQBtAGkA\"")), 1);
	/* integers compare as decimal text; numeric gt */
	assert_int_equal(m("  s: {EventID: 4688}\n  condition: s\n", E("")), 1);
	assert_int_equal(m("  s: {Level|gt: 2}\n  condition: s\n", E(",\"Level\":3")), 1);
	assert_int_equal(m("  s: {Level|lte: 2}\n  condition: s\n", E(",\"Level\":3")), 0);
	/* null: absent or empty; exists */
	assert_int_equal(m("  s: {ParentImage: null}\n  condition: s\n", E("")), 1);
	assert_int_equal(m("  s: {ParentImage: null}\n  condition: s\n", E(",\"ParentImage\":\"x\"")), 0);
	assert_int_equal(m("  s: {ParentImage|exists: true}\n  condition: s\n", E("")), 0);
	assert_int_equal(m("  s: {A|fieldref: B}\n  condition: s\n", E(",\"A\":\"x\",\"B\":\"X\"")), 1);
	/* keywords search every field */
	assert_int_equal(m("  k: ['mimikatz', 'sekurlsa']\n  condition: k\n",
			   E(",\"CommandLine\":\"run SEKURLSA::logonpasswords\"")), 1);
	/* process_creation names map onto Security 4688 */
	assert_int_equal(m("  s: {Image|endswith: 'x.exe'}\n  condition: s\n", E(",\"NewProcessName\":\"x.exe\"")), 0);
}

static void conditions(void **state)
{
	const char *two = "  sel_a: {A: '1'}\n  sel_b: {B: '2'}\n  filter: {C: '3'}\n";
	char det[512];

	(void)state;
	snprintf(det, sizeof(det), "%s  condition: all of sel_* and not filter\n", two);
	assert_int_equal(m(det, E(",\"A\":\"1\",\"B\":\"2\"")), 1);
	assert_int_equal(m(det, E(",\"A\":\"1\",\"B\":\"2\",\"C\":\"3\"")), 0);
	snprintf(det, sizeof(det), "%s  condition: 1 of sel_* and not 1 of filter*\n", two);
	assert_int_equal(m(det, E(",\"B\":\"2\"")), 1);
	snprintf(det, sizeof(det), "%s  condition: (sel_a or filter) and not (sel_b)\n", two);
	assert_int_equal(m(det, E(",\"C\":\"3\"")), 1);
	assert_int_equal(m(det, E(",\"C\":\"3\",\"B\":\"2\"")), 0);
	snprintf(det, sizeof(det), "%s  condition: 1 of them\n", two);
	assert_int_equal(m(det, E(",\"C\":\"3\"")), 1);
	/* a list of maps is OR; a map is AND */
	assert_int_equal(m("  s:\n    - {A: '1', B: '2'}\n    - {C: '3'}\n  condition: s\n",
			   E(",\"A\":\"1\"")), 0);
	assert_int_equal(m("  s:\n    - {A: '1', B: '2'}\n    - {C: '3'}\n  condition: s\n",
			   E(",\"C\":\"3\"")), 1);
}

/*
 * Precedence, stated as behaviour: `not` binds tighter than `and`, `and`
 * tighter than `or`, parentheses override, and `1 of`/`all of` are single
 * operands. Each condition is checked on all eight events (A, B, C present
 * or not) against the same formula written in C (formula(k, ...), case k).
 */
static const char *const prec_conds[] = {
	"sel_a or sel_b and not filter",
	"sel_a and sel_b or filter",
	"filter or sel_a and sel_b",
	"not sel_a or sel_b",
	"not sel_a and sel_b",
	"not (sel_a or sel_b)",
	"(sel_a or sel_b) and filter",
	"sel_a and not sel_b or not filter",
	"1 of sel_* and filter",
	"filter or all of sel_*",
	"all of sel_* or filter and not sel_a",
	"not 1 of sel_* or filter",
	"not all of sel_* and filter",
	"sel_a or sel_b or filter and sel_a and sel_b",
	"(sel_a or filter) and (sel_b or not filter)",
};

static bool formula(size_t k, bool a, bool b, bool c)
{
	switch (k) {
	case 0: return a || (b && !c);
	case 1: return (a && b) || c;
	case 2: return c || (a && b);
	case 3: return !a || b;
	case 4: return !a && b;
	case 5: return !(a || b);
	case 6: return (a || b) && c;
	case 7: return (a && !b) || !c;
	case 8: return (a || b) && c;
	case 9: return c || (a && b);
	case 10: return (a && b) || (c && !a);
	case 11: return !(a || b) || c;
	case 12: return !(a && b) && c;
	case 13: return a || b || (c && a && b);
	case 14: return (a || c) && (b || !c);
	}
	fail_msg("no formula for case %zu", k);
	return false;
}

static void precedence(void **state)
{
	const char *sels = "  sel_a: {A: '1'}\n  sel_b: {B: '2'}\n  filter: {C: '3'}\n";
	char det[512], ev[256];
	size_t differ = 0;

	(void)state;
	for (size_t k = 0; k < LL_ARRAY_SIZE(prec_conds); k++) {
		snprintf(det, sizeof(det), "%s  condition: %s\n", sels, prec_conds[k]);
		for (int bits = 0; bits < 8; bits++) {
			bool a = bits & 1, b = bits & 2, c = bits & 4;
			int got;

			snprintf(ev, sizeof(ev), E("%s%s%s"), a ? ",\"A\":\"1\"" : "",
				 b ? ",\"B\":\"2\"" : "", c ? ",\"C\":\"3\"" : "");
			got = m(det, ev);
			if (got != (int)formula(k, a, b, c)) {
				print_error("condition '%s' on A=%d B=%d C=%d: matched %d, expected %d\n",
					    prec_conds[k], a, b, c, got, (int)formula(k, a, b, c));
				differ++;
			}
		}
	}
	assert_int_equal(differ, 0);
}

static void refusals(void **state)
{
	static const struct { const char *text, *why; int code; } bad[] = {
		{ HEAD "  s: {A: 1}\n  condition: s | count() > 5\n", "aggregation", LL_EUNSUPPORTED },
		{ HEAD "  s: {A|expand: '%x%'}\n  condition: s\n", "modifier 'expand'", LL_EUNSUPPORTED },
		{ HEAD "  s: {A: 1}\n  condition: t\n", "unknown selection", LL_ECORRUPT },
		{ HEAD "  s: {A: 1}\n  condition: (s\n", "bad condition", LL_ECORRUPT },
		{ HEAD "  s: {A|re: '(['}\n  condition: s\n", "regex does not compile", LL_EUNSUPPORTED },
		{ "title: t\nlogsource: {product: linux}\ndetection:\n  s: {A: 1}\n  condition: s\n",
		  "logsource product 'linux'", LL_EUNSUPPORTED },
		{ "title: t\nlogsource: {product: windows, category: file_access}\ndetection:\n  s: {A: 1}\n  condition: s\n",
		  "logsource category 'file_access'", LL_EUNSUPPORTED },
		{ "title: t\ncorrelation: {type: sequence, rules: [a, b], timespan: 1h}\n", "correlation type", LL_EUNSUPPORTED },
		{ "title: [\n", "YAML syntax", LL_ECORRUPT },
		{ "a: &x 1\nb: *x\n", "YAML feature (alias or several documents)", LL_EUNSUPPORTED },
		{ HEAD "  s: {A: 1}\n", "no condition", LL_ECORRUPT },
	};

	(void)state;
	for (size_t i = 0; i < LL_ARRAY_SIZE(bad); i++) {
		struct ll_sigma_rule *r = NULL;
		char why[128];
		int rc = ll_sigma_rule_parse(&r, why, sizeof(why), bad[i].text,
					     strlen(bad[i].text), "x.yml");

		printf("# %-45s -> %s (%s)\n", why, ll_error_name(rc), ll_error_message());
		assert_int_equal(rc, bad[i].code);
		assert_string_equal(why, bad[i].why);
		assert_null(r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(modifiers),
		cmocka_unit_test(conditions),
		cmocka_unit_test(precedence),
		cmocka_unit_test(refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
