/* SPDX-License-Identifier: Apache-2.0 */
/* Reading the hospital tables back (harm_store.c) and the correlation result (correlate_store.c). */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

#include <cmocka.h>

#include "analyze/correlate/correlate.h"
#include "analyze/harm/harm.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/store.h"
#include "tests/unit/unit_tmpdir.h"

static int setup(void **state)
{
	LL_UNUSED(state);
	return unit_tmpdir_make("harm_store");
}

static int teardown(void **state)
{
	LL_UNUSED(state);
	return unit_tmpdir_remove();
}

/* Rows as the harm readers store them (the readers are tested through the CLI). */
static struct ll_store *filled_store(const char *name)
{
	struct ll_store *st = NULL;
	char p[300];

	snprintf(p, sizeof(p), "%s/%s.db", unit_dir, name);
	assert_int_equal(ll_store_create(&st, p), 0);
	assert_int_equal(ll_store_exec(st, "PRAGMA foreign_keys = OFF"), 0);
	assert_int_equal(ll_store_exec(st,
		"INSERT INTO systems(evidence_id, locator, hostname, system, site_code, unit,"
		" life_critical, row) VALUES"
		" ('E1', 's.csv:3', 'srv-b', 'LIS', NULL, NULL, 1, '{}'),"
		" ('E1', 's.csv:2', 'srv-a', 'EHR', 'S1', 'ED', 0, '{}');"
		"INSERT INTO disruptions(id, evidence_id, locator, event_id, end_event_id,"
		" site_code, unit, type, affected_system, linked_asset, severity, start_ns,"
		" end_ns, time_precision, row) VALUES"
		" ('D-2', 'E1', 'd.csv:3', NULL, NULL, 'S1', 'LAB', 'lab_down', NULL, 'srv-b',"
		"  'high', 10, 20, 'minute', 'not json'),"
		" ('D-1', 'E1', 'd.csv:2', 5, 6, 'S1', 'ED', 'ed_diversion', 'EHR', NULL,"
		"  'critical', 1, 2, 'second', '{\"count_affected\":3}');"
		"INSERT INTO harm_events(id, evidence_id, locator, event_id, patient, site_code,"
		" unit, start_ns, time_precision, care_process, harm_level, causality, row)"
		" VALUES ('H-1', 'E1', 'h.csv:2', 7, 'P-1', 'S1', 'ED', 3, 'minute', 'ed_triage',"
		"  'moderate', 'Possible', '{\"disruption_ids\":[\"D-1\"]}');"
		"INSERT INTO metrics(evidence_id, locator, event_id, site_code, unit, metric,"
		" start_ns, end_ns, value, denominator, row) VALUES"
		" ('E1', 'm.csv:2', NULL, 'S1', 'ED', 'deaths', 0, 10, 2, NULL, '{}'),"
		" ('E1', 'm.csv:3', NULL, 'S1', 'ED', 'deaths', 10, 20, 3, 100, '{}'),"
		" ('E1', 'm.csv:4', NULL, 'S1', 'ED', 'admissions', 0, 10, 9, NULL, '{}')"), 0);
	return st;
}

static void test_load(void **state)
{
	struct ll_store *st = filled_store("load");
	struct ll_harm_data d = { 0 };

	LL_UNUSED(state);
	assert_int_equal(ll_harm_load(&d, st), 0);
	/* systems by host name, the others by id */
	assert_int_equal(d.nsystems, 2);
	assert_string_equal(d.systems[0].hostname, "srv-a");
	assert_false(d.systems[0].life_critical);
	assert_null(d.systems[1].site_code);
	assert_true(d.systems[1].life_critical);
	assert_int_equal(d.ndisruptions, 2);
	assert_string_equal(d.disruptions[0].id, "D-1");
	assert_int_equal(d.disruptions[0].end_event_id, 6);
	assert_int_equal(json_integer_value(json_object_get(d.disruptions[0].row,
							    "count_affected")), 3);
	assert_null(d.disruptions[1].affected_system);
	assert_int_equal(d.disruptions[1].event_id, 0);
	assert_null(d.disruptions[1].row); /* a row that does not parse reads as none */
	assert_int_equal(d.nevents, 1);
	assert_string_equal(d.events[0].causality, "Possible");
	assert_int_equal(json_array_size(json_object_get(d.events[0].row, "disruption_ids")), 1);
	ll_harm_data_release(&d);
	ll_store_free(st);
}

static void test_metrics(void **state)
{
	struct ll_store *st = filled_store("metrics");
	struct ll_harm_metric_key *k = NULL;
	struct ll_harm_metric_row *r = NULL;
	size_t nk = 0, nr = 0;

	LL_UNUSED(state);
	assert_int_equal(ll_harm_metric_keys(&k, &nk, st), 0);
	assert_int_equal(nk, 2);
	assert_string_equal(k[0].metric, "admissions");
	assert_string_equal(k[1].metric, "deaths");
	assert_int_equal(ll_harm_metric_rows(&r, &nr, st, &k[1], 0, 20), 0);
	assert_int_equal(nr, 2);
	assert_false(r[0].has_denominator);
	assert_true(r[1].has_denominator);
	assert_true(r[1].denominator == 100);
	ll_free(r);
	/* only the periods that lie within the window */
	assert_int_equal(ll_harm_metric_rows(&r, &nr, st, &k[1], 5, 20), 0);
	assert_int_equal(nr, 1);
	assert_true(r[0].value == 3);
	ll_free(r);
	ll_harm_metric_keys_free(k, nk);
	ll_store_free(st);
}

/* The inventory rows whose evidence_refs name an exhibit (issue 17): exact ids, in row order. */
static void test_hosts_of_exhibit(void **state)
{
	struct ll_store *st = filled_store("refs");
	struct ll_harm_host_ref *v = NULL;
	size_t n = 0;

	LL_UNUSED(state);
	assert_int_equal(ll_store_exec(st,
		"INSERT INTO systems(evidence_id, locator, hostname, system, life_critical, row)"
		" VALUES ('E1', 's.csv:4', 'fs03.lan', 'EHR', 1, '{\"evidence_refs\":[\"EXH-1\",\"EXH-2\"]}'),"
		" ('E1', 's.csv:5', 'fs03.lan', 'PACS', 1, '{\"evidence_refs\":[\"EXH-2\"]}'),"
		" ('E1', 's.csv:6', 'ws-9', 'other', 0, '{\"evidence_refs\":[\"exh-1\",\"EXH-10\"]}')"), 0);
	assert_int_equal(ll_harm_hosts_of_exhibit(&v, &n, st, "EXH-2"), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].hostname, "fs03.lan");
	assert_string_equal(v[0].locator, "s.csv:4");
	assert_string_equal(v[1].locator, "s.csv:5");
	ll_harm_host_refs_free(v, n);
	assert_int_equal(ll_harm_hosts_of_exhibit(&v, &n, st, "EXH-1"), 0);
	assert_int_equal(n, 1); /* not 'exh-1', not 'EXH-10' */
	assert_string_equal(v[0].hostname, "fs03.lan");
	ll_harm_host_refs_free(v, n);
	assert_int_equal(ll_harm_hosts_of_exhibit(&v, &n, st, "EXH-3"), 0);
	assert_int_equal(n, 0);
	assert_null(v);
	ll_store_free(st);
}

static void test_load_alloc_failures(void **state)
{
	struct ll_store *st = filled_store("oom");
	int failures = 0;

	LL_UNUSED(state);
	for (unsigned long n = 1; n < 300; n++) {
		struct ll_harm_data d = { 0 };
		struct ll_harm_metric_key *k = NULL;
		size_t nk = 0;
		int rc;

		ll_alloc_fail_at(n);
		rc = ll_harm_load(&d, st);
		if (rc == 0)
			rc = ll_harm_metric_keys(&k, &nk, st);
		ll_alloc_fail_at(0);
		ll_harm_data_release(&d);
		ll_harm_metric_keys_free(k, nk);
		if (rc == 0)
			break;
		assert_int_equal(rc, LL_ENOMEM);
		failures++;
	}
	assert_true(failures > 0);
	ll_store_free(st);
}

static void test_correlation_round_trip(void **state)
{
	struct ll_store *st = filled_store("corr");
	char *doc = NULL;
	int64_t t = 0;

	LL_UNUSED(state);
	assert_int_equal(ll_correlate_load(&doc, &t, st), 0);
	assert_null(doc); /* none stored yet */
	assert_int_equal(ll_correlate_store(st, 42, "{}", "{\"schema\":\"x\"}"), 0);
	assert_int_equal(ll_correlate_store(st, 43, NULL, "{\"schema\":\"y\"}"), 0);
	assert_int_equal(ll_correlate_load(&doc, &t, st), 0);
	/* one result only: the last */
	assert_string_equal(doc, "{\"schema\":\"y\"}");
	assert_int_equal(t, 43);
	ll_free(doc);
	ll_store_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_metrics),
		cmocka_unit_test(test_load_alloc_failures),
		cmocka_unit_test(test_hosts_of_exhibit),
		cmocka_unit_test(test_correlation_round_trip),
	};

	/*
	 * No ll_json_init here: jansson 2.14's json_loads writes out of bounds
	 * when an allocation fails in the middle of a key such as
	 * "count_affected" (valgrind: invalid write in its lexer), so the stored
	 * rows are parsed with malloc that does not fail, and the loop below
	 * reaches lifeline's own allocations only.
	 */
	return cmocka_run_group_tests(tests, setup, teardown);
}
