/* SPDX-License-Identifier: Apache-2.0 */
/* The parent's side of a HARM_ROW (apply_harm.c): the schema again, the store, what it refuses. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

#include <cmocka.h>

#include "analyze/harm/harm.h"
#include "analyze/harm/harm_csv.h"
#include "analyze/readers/readers.h"
#include "analyze/source.h"
#include "analyze/worker/apply_harm.h"
#include "analyze/worker/frame.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/json.h"
#include "core/evidence.h"
#include "core/store.h"
#include "tests/unit/unit_tmpdir.h"

static const char SYSTEM[] =
	"schema\0lifeline-systems/1\0hostname\0srv-ehr01\0"
	"system\0EHR\0life_critical\0yes\0notes\0EHR database server\0";

struct fixture {
	struct ll_case cs;
	struct ll_evidence ev;
	struct ll_event_writer w;
	struct ll_source_stats stats;
	struct ll_source_ctx ctx;
	struct ll_harm_batch *batch;
};

static int setup(void **state)
{
	LL_UNUSED(state);
	return unit_tmpdir_make("apply_harm");
}

static int teardown(void **state)
{
	LL_UNUSED(state);
	return unit_tmpdir_remove();
}

static void open_fixture(struct fixture *fx, const char *name)
{
	char p[300];

	memset(fx, 0, sizeof(*fx));
	snprintf(p, sizeof(p), "%s/%s.db", unit_dir, name);
	assert_int_equal(ll_store_create(&fx->cs.store, p), 0);
	assert_int_equal(
		ll_store_exec(fx->cs.store, "PRAGMA foreign_keys = OFF"), 0);
	assert_int_equal(ll_event_writer_init(&fx->w, fx->cs.store, 0), 0);
	fx->ev.id = (char *)"E1";
	fx->ctx.cs = &fx->cs;
	fx->ctx.ev = &fx->ev;
	fx->ctx.w = &fx->w;
	fx->ctx.stats = &fx->stats;
	fx->ctx.rel_path = "evidence/E1/files/systems.csv";
}

static void close_fixture(struct fixture *fx)
{
	ll_worker_harm_free(fx->batch);
	ll_event_writer_release(&fx->w);
	ll_store_free(fx->cs.store);
}

static struct ll_frame row(
	const char *cells, size_t ncells, const char *locator)
{
	struct ll_frame f = { .type = LL_FRAME_HARM_ROW };

	f.u.harm.kind = LL_HARM_SYSTEMS;
	f.u.harm.locator = locator;
	f.u.harm.where = "line 2";
	f.u.harm.ncells = ncells;
	f.u.harm.cells = cells;
	return f;
}

static int64_t count(struct ll_store *st, const char *sql)
{
	int64_t n = -1;

	assert_int_equal(ll_store_get_int(&n, st, sql, NULL, "counting"), 0);
	return n;
}

static void stores_a_good_row(void **state)
{
	struct fixture fx;
	struct ll_frame f = row(SYSTEM, 5, "evidence/E1/files/systems.csv:2");
	bool failed = false;

	LL_UNUSED(state);
	open_fixture(&fx, "good");
	assert_int_equal(ll_worker_harm_apply(&fx.batch, &fx.ctx,
				 &ll_source_harm_csv, &f, &failed),
		0);
	assert_false(failed);
	assert_non_null(fx.batch);
	assert_int_equal(
		count(fx.cs.store,
			"SELECT count(*) FROM systems WHERE evidence_id = 'E1'"
			" AND hostname = 'srv-ehr01' AND life_critical = 1"
			" AND locator = 'evidence/E1/files/systems.csv:2'"),
		1);
	/* the same host and system again in the file: the batch's duplicate, with the reader's context */
	f.u.harm.locator = "evidence/E1/files/systems.csv:3";
	f.u.harm.where = "line 3";
	assert_int_equal(ll_worker_harm_apply(&fx.batch, &fx.ctx,
				 &ll_source_harm_csv, &f, &failed),
		LL_ECORRUPT);
	assert_true(failed);
	assert_string_equal(ll_error_message(),
		"line 3: duplicate host and system 'srv-ehr01|EHR' (already at "
		"evidence/E1/files/systems.csv:2)");
	close_fixture(&fx);
}

/* What only a lying worker sends: refused as the worker's fault, nothing of it quoted or stored. */
static void refuses_what_the_schema_refuses(void **state)
{
	static const struct {
		const char *cells;
		size_t n;
	} bad[] = {
		/* identifying data in a free-text column */
		{ "schema\0lifeline-systems/"
		  "1\0hostname\0h1\0system\0EHR\0life_critical\0no\0"
		  "notes\0ask jeanne.dupont@example.fr\0",
			5 },
		/* a column that says it carries names */
		{ "schema\0lifeline-systems/"
		  "1\0hostname\0h1\0system\0EHR\0life_critical\0no\0"
		  "patient_name\0Jeanne Dupont\0",
			5 },
		/* a required column missing */
		{ "schema\0lifeline-systems/1\0hostname\0h1\0", 2 },
		/* another schema's row under this kind */
		{ "schema\0lifeline-harm/"
		  "1\0hostname\0h1\0system\0EHR\0life_critical\0no\0",
			4 },
		/* a column twice */
		{ "schema\0lifeline-systems/"
		  "1\0hostname\0h1\0system\0EHR\0life_critical\0no\0"
		  "system\0LIS\0",
			5 },
	};
	struct fixture fx;
	bool failed = false;

	LL_UNUSED(state);
	open_fixture(&fx, "bad");
	for (size_t i = 0; i < LL_ARRAY_SIZE(bad); i++) {
		struct ll_frame f = row(bad[i].cells, bad[i].n, "s.csv:2");

		assert_int_equal(ll_worker_harm_apply(&fx.batch, &fx.ctx,
					 &ll_source_harm_csv, &f, &failed),
			LL_ECORRUPT);
		assert_false(failed);
		assert_string_equal(ll_error_message(),
			"worker stream: a hospital row (HARM_ROW) fails "
			"lifeline-systems/1 in the parent");
	}
	/* a hospital row from a reader of other evidence */
	{
		struct ll_frame f = row(SYSTEM, 5, "s.csv:2");

		assert_int_equal(ll_worker_harm_apply(&fx.batch, &fx.ctx,
					 &ll_source_syslog, &f, &failed),
			LL_ECORRUPT);
		assert_string_equal(ll_error_message(),
			"worker stream: a hospital row from reader 'syslog'");
	}
	assert_int_equal(count(fx.cs.store, "SELECT count(*) FROM systems"), 0);
	close_fixture(&fx);
}

/*
 * Each allocation fails in turn: LL_ENOMEM (never the worker's fault), then
 * the row is stored once. (Not checked: the stored text. jansson 2.14's
 * json_dumps ignores a failed key write under JSON_SORT_KEYS and returns a
 * text without that key; the cells themselves are no longer lost, see
 * ll_harm_validate_row.)
 */
static void survives_allocation_failures(void **state)
{
	struct ll_frame f = row(SYSTEM, 5, "s.csv:2");
	unsigned long k, failed_allocs = 0;
	int rc = LL_ENOMEM;

	LL_UNUSED(state);
	for (k = 1; k < 500 && rc == LL_ENOMEM; k++) {
		struct fixture fx;
		char name[32];
		bool failed = false;

		snprintf(name, sizeof(name), "nomem%lu", k);
		open_fixture(&fx, name);
		ll_alloc_fail_at(k);
		rc = ll_worker_harm_apply(
			&fx.batch, &fx.ctx, &ll_source_fhir, &f, &failed);
		ll_alloc_fail_at(0);
		if (rc == LL_ENOMEM)
			failed_allocs++;
		else
			assert_int_equal(rc, 0);
		assert_int_equal(
			count(fx.cs.store, "SELECT count(*) FROM systems"),
			rc == 0 ? 1 : 0);
		close_fixture(&fx);
	}
	assert_int_equal(rc, 0);
	assert_true(failed_allocs >= 3);
}

/* ll_harm_validate_row, which the parent runs again: out of memory is an error, never a cell dropped. */
static void validate_row_keeps_every_cell(void **state)
{
	static char n0[] = "schema", n1[] = "hostname", n2[] = "system",
		    n3[] = "life_critical", n4[] = "notes",
		    v0[] = "lifeline-systems/1", v1[] = "srv-ehr01",
		    v2[] = "EHR", v3[] = "yes", v4[] = "x";
	char *const names[] = { n0, n1, n2, n3, n4 }, *const values[] = { v0,
		v1, v2, v3, v4 };
	unsigned long k, failed = 0;
	json_t *row = NULL;
	int rc = LL_ENOMEM;

	LL_UNUSED(state);
	for (k = 1; k < 100 && rc == LL_ENOMEM; k++) {
		ll_alloc_fail_at(k);
		rc = ll_harm_validate_row(
			&row, LL_HARM_SYSTEMS, names, values, 5);
		ll_alloc_fail_at(0);
		if (rc == LL_ENOMEM)
			failed++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(json_object_size(row), 5);
	assert_true(failed >= 6); /* the row and each of its five values */
	json_decref(row);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stores_a_good_row),
		cmocka_unit_test(refuses_what_the_schema_refuses),
		cmocka_unit_test(survives_allocation_failures),
		cmocka_unit_test(validate_row_keeps_every_cell),
	};

	ll_json_init(); /* the allocation-failure test reaches jansson's rows too */
	return cmocka_run_group_tests(tests, setup, teardown);
}
