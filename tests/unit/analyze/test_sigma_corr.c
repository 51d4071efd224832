/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sigma correlation rules: the specification's own examples parse, what is
 * not supported or hostile is refused with the field named, and the
 * windows hold at their boundaries (exactly the timespan apart is inside),
 * with repeated values, a missing rule, the wrong order, many hits.
 */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/detect/corr_window.h"
#include "analyze/sigma/sigma.h"
#include "analyze/sigma/sigma_corr.h"
#include "core/alloc.h"
#include "core/error.h"

#define S INT64_C(1000000000)

static struct ll_sigma_rule *load(const char *text, int want_rc, const char *want_why)
{
	struct ll_sigma_rule *r = NULL;
	char why[128] = "";
	int rc = ll_sigma_rule_parse(&r, why, sizeof(why), text, strlen(text), "c.yml");

	if (rc != want_rc || (want_why && strcmp(why, want_why)))
		fprintf(stderr, "rc %d why '%s' msg '%s'\n", rc, why, ll_error_message());
	assert_int_equal(rc, want_rc);
	if (want_why)
		assert_string_equal(why, want_why);
	return r;
}

/* The examples of Sigma's correlation specification (v2.0.0), as written there. */
static void spec_examples(void **state)
{
	struct ll_sigma_rule *r;
	const struct ll_sigma_corr *c;

	(void)state;
	r = load("title: Many failed logins to the same computer\n"
		 "id: 0e95725d-7320-415d-80f7-004da920fc11\n"
		 "correlation:\n"
		 "  type: event_count\n"
		 "  rules:\n"
		 "    - 5638f7c0-ac70-491d-8465-2a65075e0d86 # failed logon\n"
		 "  group-by:\n"
		 "    - ComputerName\n"
		 "  timespan: 1h\n"
		 "  condition:\n"
		 "    gte: 100\n", 0, NULL);
	c = ll_sigma_rule_corr(r);
	assert_non_null(c);
	assert_int_equal(c->type, LL_CORR_EVENT_COUNT);
	assert_int_equal(c->nrules, 1);
	assert_string_equal(c->rules[0], "5638f7c0-ac70-491d-8465-2a65075e0d86");
	assert_int_equal(c->ngroup, 1);
	assert_string_equal(c->group[0], "ComputerName");
	assert_true(c->timespan_ns == 3600 * S);
	assert_true(c->lo == 100 && c->hi == INT64_MAX);
	assert_false(c->generate);
	ll_sigma_rule_free(r);

	r = load("title: Failed logon attempts with more than 100 different user accounts per source and destination\n"
		 "correlation:\n"
		 "  type: value_count\n"
		 "  rules:\n"
		 "    - failed_logon\n"
		 "  group-by:\n"
		 "    - ComputerName\n"
		 "    - WorkstationName\n"
		 "  timespan: 1d\n"
		 "  condition:\n"
		 "    field: TargetUserName\n"
		 "    gt: 100\n", 0, NULL);
	c = ll_sigma_rule_corr(r);
	assert_int_equal(c->type, LL_CORR_VALUE_COUNT);
	assert_string_equal(c->field, "TargetUserName");
	assert_true(c->lo == 101 && c->timespan_ns == 86400 * S);
	assert_true(ll_corr_condition(c, 101) && !ll_corr_condition(c, 100));
	ll_sigma_rule_free(r);

	r = load("title: CVE-2023-22518 Exploit Chain\n"
		 "correlation:\n"
		 "  type: temporal\n"
		 "  rules:\n"
		 "    - a902d249-9b9c-4dc4-8fd0-fbe528ef965c\n"
		 "    - 1ddaa9a4-eb0b-4398-a9fe-7b018f9e23db\n"
		 "    - 3f8a1f10-01cd-4cf5-9e10-7a6b5d0c1b2f\n"
		 "  timespan: 10s\n", 0, NULL);
	c = ll_sigma_rule_corr(r);
	assert_int_equal(c->type, LL_CORR_TEMPORAL);
	assert_int_equal(c->nrules, 3);
	assert_int_equal(c->ngroup, 0);
	ll_sigma_rule_free(r);

	/* aliases: one group-by name, a field per rule */
	r = load("title: Internal Error Followed by Connection\n"
		 "correlation:\n"
		 "  type: temporal\n"
		 "  rules:\n"
		 "    - internal_error\n"
		 "    - new_network_connection\n"
		 "  group-by:\n"
		 "    - ip\n"
		 "  timespan: 10s\n"
		 "  aliases:\n"
		 "    ip:\n"
		 "      internal_error: destination.ip\n"
		 "      new_network_connection: source.ip\n"
		 "  generate: true\n", 0, NULL);
	c = ll_sigma_rule_corr(r);
	assert_string_equal(c->alias[0][0], "destination.ip");
	assert_string_equal(c->alias[0][1], "source.ip");
	assert_true(c->generate);
	ll_sigma_rule_free(r);

	r = load("title: Recon then exfil\n"
		 "correlation:\n"
		 "  type: temporal_ordered\n"
		 "  rules: [recon, exfil]\n"
		 "  group-by: User\n"
		 "  timespan: 5m\n", 0, NULL);
	c = ll_sigma_rule_corr(r);
	assert_int_equal(c->type, LL_CORR_TEMPORAL_ORDERED);
	assert_string_equal(c->group[0], "User");
	assert_true(c->timespan_ns == 300 * S);
	ll_sigma_rule_free(r);
}

#define C(body) "title: bad\ncorrelation:\n" body

/* Refused, the reason naming the field; nothing half-loaded. */
static void refusals(void **state)
{
	static const struct { const char *text, *why; int rc; } bad[] = {
		{ C("  type: event_count\n  rules: [a]\n  timespan: 1h\n  condition: {gte: -5}\n"),
		  "correlation condition", LL_ECORRUPT },
		{ C("  type: event_count\n  rules: [a]\n  timespan: 1h\n  condition: {gte: 10000000000}\n"),
		  "correlation condition", LL_ECORRUPT },
		{ C("  type: event_count\n  rules: [a]\n  timespan: 1h\n  condition: {gte: 1.5}\n"),
		  "correlation condition", LL_ECORRUPT },
		{ C("  type: event_count\n  rules: [a]\n  timespan: 1h\n  condition: {gte: 5, lt: 3}\n"),
		  "correlation condition", LL_ECORRUPT },
		{ C("  type: event_count\n  rules: [a]\n  timespan: 1h\n  condition: {gte: 0}\n"),
		  "correlation condition", LL_ECORRUPT },
		{ C("  type: event_count\n  rules: [a]\n  timespan: 1h\n  condition: {near: 3}\n"),
		  "correlation condition", LL_EUNSUPPORTED },
		{ C("  type: event_count\n  rules: [a]\n  timespan: 1h\n"),
		  "correlation condition", LL_ECORRUPT },
		{ C("  type: event_count\n  rules: [a]\n  timespan: 99999999999999999999999d\n  condition: {gte: 2}\n"),
		  "correlation timespan", LL_EUNSUPPORTED },
		{ C("  type: event_count\n  rules: [a]\n  timespan: 3651d\n  condition: {gte: 2}\n"),
		  "correlation timespan", LL_EUNSUPPORTED },
		{ C("  type: event_count\n  rules: [a]\n  timespan: -1h\n  condition: {gte: 2}\n"),
		  "correlation timespan", LL_ECORRUPT },
		{ C("  type: event_count\n  rules: [a]\n  timespan: 0s\n  condition: {gte: 2}\n"),
		  "correlation timespan", LL_ECORRUPT },
		{ C("  type: event_count\n  rules: [a]\n  timespan: 1x\n  condition: {gte: 2}\n"),
		  "correlation timespan", LL_ECORRUPT },
		{ C("  type: event_count\n  rules: [a]\n  condition: {gte: 2}\n"),
		  "correlation timespan", LL_ECORRUPT },
		{ C("  type: value_count\n  rules: [a]\n  timespan: 1h\n  condition: {gte: 2}\n"),
		  "correlation condition", LL_ECORRUPT },
		{ C("  type: temporal\n  rules: [a, b]\n  timespan: 1h\n  condition: {gte: 2}\n"),
		  "correlation condition", LL_EUNSUPPORTED },
		{ C("  type: temporal\n  rules: [a]\n  timespan: 1h\n"),
		  "correlation rules", LL_ECORRUPT },
		{ C("  type: sequence\n  rules: [a, b]\n  timespan: 1h\n"),
		  "correlation type", LL_EUNSUPPORTED },
		{ C("  type: temporal\n  rules: [a, b]\n  timespan: 1h\n  window: 3\n"),
		  "correlation field", LL_EUNSUPPORTED },
		{ C("  type: temporal\n  rules: [a, a]\n  timespan: 1h\n"),
		  "correlation field", LL_ECORRUPT },
		{ C("  type: temporal\n  rules: [a, b]\n  group-by: [f1, f2, f3, f4, f5, f6, f7, f8, f9]\n  timespan: 1h\n"),
		  "correlation field", LL_EUNSUPPORTED },
		{ C("  type: temporal\n  rules: [a, b]\n  group-by: [ip]\n  timespan: 1h\n  aliases: {ip: {c: x}}\n"),
		  "correlation aliases", LL_ECORRUPT },
		{ C("  type: temporal\n  rules: [a, b]\n  group-by: [ip]\n  timespan: 1h\n  aliases: {host: {a: x}}\n"),
		  "correlation aliases", LL_ECORRUPT },
		{ C("  type: temporal\n  rules: [a, b]\n  timespan: 1h\n  generate: maybe\n"),
		  "correlation generate", LL_ECORRUPT },
		{ "title: bad\nlogsource: {product: windows}\ndetection: {s: {a: 1}, condition: s}\n"
		  "correlation: {type: temporal, rules: [a, b], timespan: 1h}\n",
		  "correlation with detection", LL_ECORRUPT },
	};

	(void)state;
	for (size_t i = 0; i < LL_ARRAY_SIZE(bad); i++) {
		struct ll_sigma_rule *r = NULL;
		char why[128] = "";
		int rc = ll_sigma_rule_parse(&r, why, sizeof(why), bad[i].text, strlen(bad[i].text),
					     "bad.yml");

		if (rc != bad[i].rc || strcmp(why, bad[i].why))
			fprintf(stderr, "case %zu: rc %d why '%s' (%s)\n", i, rc, why,
				ll_error_message());
		assert_int_equal(rc, bad[i].rc);
		assert_string_equal(why, bad[i].why);
		assert_null(r);
		/* the message names the file */
		assert_non_null(strstr(ll_error_message(), "bad.yml"));
		/* a negative count is refused as such, not by what it would make of the range */
		if (i == 0)
			assert_non_null(strstr(ll_error_message(),
					       "condition gte: '-5' is not a count"));
	}
}

/* --- windows --- */

struct got {
	struct ll_corr_window w[16];
	size_t n;
};

static int collect(void *ctx, const struct ll_corr_window *w)
{
	struct got *g = ctx;

	if (g->n < LL_ARRAY_SIZE(g->w))
		g->w[g->n] = *w;
	g->n++;
	return 0;
}

static struct ll_sigma_corr corr(enum ll_corr_type t, size_t nrules, int64_t span_s, int64_t lo,
				 int64_t hi)
{
	struct ll_sigma_corr c = { 0 };

	c.type = t;
	c.nrules = nrules;
	c.timespan_ns = span_s * S;
	c.lo = lo;
	c.hi = hi;
	return c;
}

static void event_count_boundaries(void **state)
{
	struct ll_sigma_corr c = corr(LL_CORR_EVENT_COUNT, 1, 60, 2, INT64_MAX);
	struct ll_corr_hit h[3] = { { 0, 1, 0, 0 }, { 60 * S, 2, 0, 0 }, { 0, 0, 0, 0 } };
	struct got g = { 0 };

	(void)state;
	/* exactly the timespan apart: inside */
	assert_int_equal(ll_corr_windows(&c, h, 2, 0, collect, &g), 0);
	assert_int_equal(g.n, 1);
	assert_true(g.w[0].first == 0 && g.w[0].last == 1 && g.w[0].count == 2);
	/* one nanosecond more: outside */
	h[1].t = 60 * S + 1;
	memset(&g, 0, sizeof(g));
	assert_int_equal(ll_corr_windows(&c, h, 2, 0, collect, &g), 0);
	assert_int_equal(g.n, 0);
	/* gt 2 needs three */
	c.lo = 3;
	h[1].t = 30 * S;
	h[2] = (struct ll_corr_hit){ 60 * S, 3, 0, 0 };
	memset(&g, 0, sizeof(g));
	assert_int_equal(ll_corr_windows(&c, h, 3, 0, collect, &g), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.w[0].count, 3);
	/* eq 1: the tail of the run (the last hit alone) is part of the run's window, not a window */
	c.lo = c.hi = 1;
	memset(&g, 0, sizeof(g));
	assert_int_equal(ll_corr_windows(&c, h, 3, 0, collect, &g), 0);
	assert_int_equal(g.n, 0);
	/* a lone hit 61 s after the run is a window of one */
	h[2].t = 91 * S;
	assert_int_equal(ll_corr_windows(&c, h, 3, 0, collect, &g), 0);
	assert_int_equal(g.n, 1);
	assert_true(g.w[0].first == 2 && g.w[0].last == 2 && g.w[0].count == 1);
	/* lte 2: the run of two (0 s, 30 s) and the lone hit: two windows, sharing no hit */
	c.lo = 0;
	c.hi = 2;
	memset(&g, 0, sizeof(g));
	assert_int_equal(ll_corr_windows(&c, h, 3, 0, collect, &g), 0);
	assert_int_equal(g.n, 2);
	assert_true(g.w[0].first == 0 && g.w[0].last == 1 && g.w[0].count == 2);
	assert_true(g.w[1].first == 2 && g.w[1].last == 2 && g.w[1].count == 1);
}

/* Two bursts an hour apart: two findings, each citing its own hits. */
static void event_count_two_runs(void **state)
{
	struct ll_sigma_corr c = corr(LL_CORR_EVENT_COUNT, 1, 60, 3, INT64_MAX);
	struct ll_corr_hit h[8];
	struct got g = { 0 };

	(void)state;
	for (int i = 0; i < 8; i++)
		h[i] = (struct ll_corr_hit){ (i < 4 ? 0 : 3600 * S) + i * 10 * S, i, 0, 0 };
	assert_int_equal(ll_corr_windows(&c, h, 8, 0, collect, &g), 0);
	assert_int_equal(g.n, 2);
	assert_true(g.w[0].first == 0 && g.w[0].last == 3 && g.w[0].count == 4);
	assert_true(g.w[1].first == 4 && g.w[1].last == 7);
}

static void value_count_repeated(void **state)
{
	struct ll_sigma_corr c = corr(LL_CORR_VALUE_COUNT, 1, 600, 3, INT64_MAX);
	/* users a a a b b: two distinct values however often they repeat */
	struct ll_corr_hit h[6] = {
		{ 0, 1, 0, 0 }, { 1 * S, 2, 0, 0 }, { 2 * S, 3, 0, 0 }, { 3 * S, 4, 0, 1 },
		{ 4 * S, 5, 0, 1 }, { 5 * S, 6, 0, 2 },
	};
	struct got g = { 0 };

	(void)state;
	assert_int_equal(ll_corr_windows(&c, h, 5, 2, collect, &g), 0);
	assert_int_equal(g.n, 0);
	c.lo = 2;
	assert_int_equal(ll_corr_windows(&c, h, 5, 2, collect, &g), 0);
	assert_int_equal(g.n, 1);
	assert_true(g.w[0].first == 0 && g.w[0].last == 4 && g.w[0].count == 2);
	/* a third value within the window */
	c.lo = 3;
	memset(&g, 0, sizeof(g));
	assert_int_equal(ll_corr_windows(&c, h, 6, 3, collect, &g), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.w[0].count, 3);
	/* …but not when it comes more than the timespan after the last of the others */
	h[5].t = 605 * S;
	memset(&g, 0, sizeof(g));
	assert_int_equal(ll_corr_windows(&c, h, 6, 3, collect, &g), 0);
	assert_int_equal(g.n, 0);
}

static void temporal_missing_rule(void **state)
{
	struct ll_sigma_corr c = corr(LL_CORR_TEMPORAL, 3, 60, 1, INT64_MAX);
	struct ll_corr_hit h[4] = {
		{ 0, 1, 0, 0 }, { 10 * S, 2, 1, 0 }, { 20 * S, 3, 1, 0 }, { 70 * S, 4, 2, 0 },
	};
	struct got g = { 0 };

	(void)state;
	/* rule 2 only after the timespan: never all three */
	assert_int_equal(ll_corr_windows(&c, h, 4, 0, collect, &g), 0);
	assert_int_equal(g.n, 0);
	h[3].t = 60 * S;
	assert_int_equal(ll_corr_windows(&c, h, 4, 0, collect, &g), 0);
	assert_int_equal(g.n, 1);
	assert_true(g.w[0].first == 0 && g.w[0].last == 3);
	/* one rule never matches: nothing, whatever the others do */
	for (int i = 0; i < 4; i++)
		h[i].ref = i % 2;
	memset(&g, 0, sizeof(g));
	assert_int_equal(ll_corr_windows(&c, h, 4, 0, collect, &g), 0);
	assert_int_equal(g.n, 0);
}

static void temporal_ordered_order(void **state)
{
	struct ll_sigma_corr c = corr(LL_CORR_TEMPORAL_ORDERED, 2, 600, 1, INT64_MAX);
	/* success (1) before the failures (0): not in order */
	struct ll_corr_hit h[5] = {
		{ 0, 1, 1, 0 }, { 10 * S, 2, 0, 0 }, { 20 * S, 3, 0, 0 }, { 30 * S, 4, 0, 0 },
		{ 700 * S, 5, 1, 0 },
	};
	struct got g = { 0 };

	(void)state;
	/* and the later success is more than the timespan after the last failure */
	assert_int_equal(ll_corr_windows(&c, h, 5, 0, collect, &g), 0);
	assert_int_equal(g.n, 0);
	/* 600 s after the last failure exactly: inside; cites the hits of the timespan before it */
	h[4].t = 630 * S;
	assert_int_equal(ll_corr_windows(&c, h, 5, 0, collect, &g), 0);
	assert_int_equal(g.n, 1);
	assert_true(g.w[0].first == 3 && g.w[0].last == 4);
	/* unordered temporal would take the first success as well */
	c.type = LL_CORR_TEMPORAL;
	h[4].t = 700 * S;
	memset(&g, 0, sizeof(g));
	assert_int_equal(ll_corr_windows(&c, h, 5, 0, collect, &g), 0);
	assert_int_equal(g.n, 1);
	assert_true(g.w[0].first == 0 && g.w[0].last == 3);
}

/* A million hits in one group: one pass (a pairwise walk would take hours). */
static void many_hits(void **state)
{
	size_t n = 1000000;
	struct ll_corr_hit *h = ll_calloc(n, sizeof(*h));
	struct ll_sigma_corr c = corr(LL_CORR_VALUE_COUNT, 1, 3600, 500, INT64_MAX);
	struct got g = { 0 };

	(void)state;
	assert_non_null(h);
	for (size_t i = 0; i < n; i++)
		h[i] = (struct ll_corr_hit){ (int64_t)i * S / 10, (int64_t)i, 0, (uint32_t)(i % 1000) };
	assert_int_equal(ll_corr_windows(&c, h, n, 1000, collect, &g), 0);
	assert_int_equal(g.n, 1);
	assert_true(g.w[0].first == 0 && g.w[0].last == n - 1 && g.w[0].count == 1000);
	c.type = LL_CORR_EVENT_COUNT;
	c.lo = 36002; /* 10 a second: 36,001 in an hour inclusive, never more */
	memset(&g, 0, sizeof(g));
	assert_int_equal(ll_corr_windows(&c, h, n, 0, collect, &g), 0);
	assert_int_equal(g.n, 0);
	c.lo = 36001;
	assert_int_equal(ll_corr_windows(&c, h, n, 0, collect, &g), 0);
	assert_int_equal(g.n, 1);
	ll_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec_examples),
		cmocka_unit_test(refusals),
		cmocka_unit_test(event_count_boundaries),
		cmocka_unit_test(event_count_two_runs),
		cmocka_unit_test(value_count_repeated),
		cmocka_unit_test(temporal_missing_rule),
		cmocka_unit_test(temporal_ordered_order),
		cmocka_unit_test(many_hits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
