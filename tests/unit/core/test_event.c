/* SPDX-License-Identifier: Apache-2.0 */
/* Event writer: rows as given, time rules stored once, rollbacks, migration 2. */
#include "core/compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <unistd.h>

#include <sqlite3.h>

#include "core/error.h"
#include "core/event/event.h"
#include "core/store.h"
#include "tests/unit/unit_tmpdir.h"

static int setup(void **state)
{
	LL_UNUSED(state);
	return unit_tmpdir_make("event");
}

static int teardown(void **state)
{
	LL_UNUSED(state);
	return unit_tmpdir_remove();
}

static int64_t scalar(struct ll_store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v;

	assert_int_equal(ll_store_prepare(&s, st, sql), 0);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static struct ll_store *new_store(const char *name)
{
	struct ll_store *st = NULL;
	char p[300];

	snprintf(p, sizeof(p), "%s/%s", unit_dir, name);
	assert_int_equal(ll_store_create(&st, p), 0);
	assert_int_equal(ll_store_exec(st, "INSERT INTO evidence(id, seq, kind, state, format,"
					   " started_ns) VALUES ('E1', 1, 'file', 'registered', 'file', 0)"),
			 0);
	return st;
}

static struct ll_event ev(const char *rule, const char *msg)
{
	struct ll_event e = {
		.evidence_id = "E1", .time_ns = 1000, .time_desc = "Event Logged",
		.time_raw = "Jan  1 00:00:01", .time_rule = rule, .source = "syslog",
		.parser = "rfc3164", .event_code = -1, .locator = "line=1;offset=0",
		.message = msg,
	};

	return e;
}

/* Batched and single rows keep every field; each rule text is stored once. */
static void test_rules_stored_once(void **state)
{
	struct ll_store *st = new_store("a.db");
	struct ll_event_writer w;
	int64_t id = 0;

	LL_UNUSED(state);
	assert_int_equal(ll_store_begin(st), 0);
	assert_int_equal(ll_event_writer_init(&w, st, 60), 0);
	ll_event_writer_batch(&w);
	for (int i = 0; i < 3 * LL_EVENT_BATCH + 5; i++) {
		struct ll_event e = ev(i % 2 ? "rule A" : "rule B", "m");

		assert_int_equal(ll_event_add(&w, &e, NULL), 0);
	}
	{
		struct ll_event e = ev(NULL, "no rule");

		assert_int_equal(ll_event_add(&w, &e, &id), 0);
	}
	assert_int_equal(ll_event_flush(&w), 0);
	ll_event_writer_release(&w);
	assert_int_equal(ll_store_commit(st), 0);
	assert_int_equal(scalar(st, "SELECT count(*) FROM events"), 3 * LL_EVENT_BATCH + 6);
	assert_int_equal(scalar(st, "SELECT count(*) FROM time_rules"), 2);
	assert_int_equal(scalar(st, "SELECT count(*) FROM events_full WHERE time_rule = 'rule A'"),
			 (3 * LL_EVENT_BATCH + 5) / 2);
	assert_int_equal(scalar(st, "SELECT count(*) FROM events_full WHERE time_rule IS NULL"), 1);
	/* the clock offset moves time_ns and keeps the original */
	assert_int_equal(scalar(st, "SELECT count(*) FROM events WHERE time_ns = 1000 + 60000000000"
				    " AND orig_ns = 1000 AND locator = 'line=1;offset=0'"
				    " AND time_raw = 'Jan  1 00:00:01' AND message IN ('m', 'no rule')"),
			 3 * LL_EVENT_BATCH + 6);
	assert_int_equal(scalar(st, "SELECT max(id) FROM events"), id);
	ll_store_free(st);
}

/*
 * A rule first stored inside a savepoint that is rolled back is gone; the
 * writer must not reuse its cached id for the next rows.
 */
static void test_rule_after_rollback(void **state)
{
	struct ll_store *st = new_store("b.db");
	struct ll_event_writer w;
	struct ll_event e = ev("only in the rolled-back file", "m");

	LL_UNUSED(state);
	assert_int_equal(ll_store_begin(st), 0);
	assert_int_equal(ll_event_writer_init(&w, st, 0), 0);
	ll_event_writer_batch(&w);
	assert_int_equal(ll_store_begin(st), 0);
	for (int i = 0; i < LL_EVENT_BATCH; i++)
		assert_int_equal(ll_event_add(&w, &e, NULL), 0);
	ll_event_discard(&w);
	ll_store_rollback(st);
	for (int i = 0; i < LL_EVENT_BATCH; i++)
		assert_int_equal(ll_event_add(&w, &e, NULL), 0);
	assert_int_equal(ll_event_flush(&w), 0);
	ll_event_writer_release(&w);
	assert_int_equal(ll_store_commit(st), 0);
	assert_int_equal(scalar(st, "SELECT count(*) FROM events_full"
				    " WHERE time_rule = 'only in the rolled-back file'"),
			 LL_EVENT_BATCH);
	ll_store_free(st);
}

/* A version-1 database with rule texts on its rows migrates to ids. */
static void test_migration_2(void **state)
{
	struct ll_store *st = NULL;
	sqlite3 *db;
	char p[300];

	LL_UNUSED(state);
	snprintf(p, sizeof(p), "%s/v1.db", unit_dir);
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, ll_schema_migrations[0], NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "INSERT INTO evidence(id, seq, kind, state, format, started_ns)"
				      " VALUES ('E1', 1, 'file', 'registered', 'file', 0);"
				      "INSERT INTO events(evidence_id, time_ns, time_desc, time_rule,"
				      " source, parser, locator, message) VALUES"
				      " ('E1', 1, 'd', 'r1', 's', 'p', 'l', 'm'),"
				      " ('E1', 2, 'd', 'r1', 's', 'p', 'l', 'm'),"
				      " ('E1', 3, 'd', 'r2', 's', 'p', 'l', 'm'),"
				      " ('E1', 4, 'd', NULL, 's', 'p', 'l', 'm');"
				      "PRAGMA user_version = 1;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(ll_store_open(&st, p), 0);
	assert_int_equal(ll_store_schema_version(st), ll_store_schema_latest());
	assert_int_equal(scalar(st, "SELECT count(*) FROM time_rules"), 2);
	assert_int_equal(scalar(st, "SELECT count(*) FROM events_full WHERE time_rule = 'r1'"), 2);
	assert_int_equal(scalar(st, "SELECT time_ns FROM events_full WHERE time_rule = 'r2'"), 3);
	assert_int_equal(scalar(st, "SELECT count(*) FROM events_full WHERE time_rule IS NULL"), 1);
	assert_int_equal(scalar(st, "SELECT count(*) FROM pragma_table_info('events')"
				    " WHERE name = 'time_rule'"),
			 0);
	ll_store_free(st);
}

/*
 * The load's limits: --max-events stops at the budget with the events before
 * it intact; --min-free is checked every LL_EVENT_SPACE_EVERY events, and
 * once it trips every later add fails too.
 */
static void test_limits(void **state)
{
	struct ll_store *st = new_store("limits.db");
	struct ll_event_writer w;
	struct ll_event e = ev("r", "m");
	int64_t times[2] = { 1, 2 };
	const char *desc[2] = { "a", "b" }, *attrs[2] = { NULL, NULL };
	int rc = 0, i;

	LL_UNUSED(state);
	assert_int_equal(ll_store_begin(st), 0);
	assert_int_equal(ll_event_writer_init(&w, st, 0), 0);
	ll_event_writer_batch(&w);
	w.max_events = 5;
	for (i = 0; i < 4; i++)
		assert_int_equal(ll_event_add(&w, &e, NULL), 0);
	/* two more at once would pass the budget: refused whole */
	assert_int_equal(ll_event_add_times(&w, &e, 2, times, desc, attrs), LL_EUNSUPPORTED);
	assert_int_equal(w.stopped, LL_EVENT_STOP_BUDGET);
	assert_non_null(strstr(ll_error_message(), "--max-events"));
	assert_int_equal(ll_event_flush(&w), 0);
	assert_int_equal(w.count, 4);
	/* free space: nobody has an exabyte free */
	w.max_events = 0;
	w.stopped = LL_EVENT_RUNNING;
	w.space_dir = unit_dir;
	w.min_free = UINT64_MAX;
	for (i = 0; i < 2 * LL_EVENT_SPACE_EVERY && rc == 0; i++)
		rc = ll_event_add(&w, &e, NULL);
	assert_int_equal(rc, LL_EIO);
	assert_int_equal(w.stopped, LL_EVENT_STOP_SPACE);
	assert_non_null(strstr(ll_error_message(), "--min-free"));
	/* it tripped at the first check, not before */
	assert_int_equal(w.count, LL_EVENT_SPACE_EVERY - 1);
	assert_int_equal(ll_event_add(&w, &e, NULL), LL_EIO);
	assert_int_equal(ll_event_flush(&w), 0);
	ll_event_writer_release(&w);
	assert_int_equal(ll_store_commit(st), 0);
	assert_int_equal(scalar(st, "SELECT count(*) FROM events"), LL_EVENT_SPACE_EVERY - 1);
	ll_store_free(st);
}

struct emitted {
	size_t calls, events;
	int64_t last_ns;
	char last_desc[32];
	int fail;
};

static int emit_cb(void *payload, const struct ll_event *e, size_t n,
		   const int64_t *time_ns, const char *const *time_desc,
		   const char *const *attrs)
{
	struct emitted *em = payload;

	LL_UNUSED(attrs);
	assert_string_equal(e->message, "m");
	if (em->fail)
		return ll_error_set(LL_EIO, "pipe closed");
	em->calls++;
	em->events += n;
	em->last_ns = time_ns[n - 1];
	snprintf(em->last_desc, sizeof(em->last_desc), "%s", time_desc[n - 1]);
	return 0;
}

/* Emit mode: adds go to the callback, validated and counted, never to a store. */
static void test_emit(void **state)
{
	struct ll_event_writer w;
	struct emitted em = { 0 };
	struct ll_event e = ev("r", "m"), bad = e;
	int64_t times[2] = { 1, 2 }, id = 0;
	const char *desc[2] = { "a", "b" }, *attrs[2] = { NULL, "{}" };

	LL_UNUSED(state);
	ll_event_writer_emit(&w, emit_cb, &em);
	ll_event_writer_batch(&w);
	assert_int_equal(ll_event_add(&w, &e, NULL), 0);
	assert_int_equal(em.last_ns, 1000);
	assert_string_equal(em.last_desc, "Event Logged");
	assert_int_equal(ll_event_add_times(&w, &e, 2, times, desc, attrs), 0);
	assert_int_equal(em.calls, 2);
	assert_int_equal(em.events, 3);
	assert_int_equal(em.last_ns, 2);
	assert_int_equal(w.count, 3);
	/* the same checks as the store's */
	bad.locator = NULL;
	assert_int_equal(ll_event_add(&w, &bad, NULL), LL_EINVAL);
	assert_int_equal(ll_event_add(&w, &e, &id), LL_EUNSUPPORTED);
	w.max_events = 4;
	assert_int_equal(ll_event_add_times(&w, &e, 2, times, desc, attrs), LL_EUNSUPPORTED);
	assert_int_equal(w.stopped, LL_EVENT_STOP_BUDGET);
	/* the callback's failure is the add's, and nothing is counted */
	w.max_events = 0;
	w.stopped = LL_EVENT_RUNNING;
	em.fail = 1;
	assert_int_equal(ll_event_add(&w, &e, NULL), LL_EIO);
	assert_int_equal(w.count, 3);
	assert_int_equal(em.calls, 2);
	assert_int_equal(ll_event_flush(&w), 0);
	ll_event_writer_release(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_stored_once),
		cmocka_unit_test(test_rule_after_rollback),
		cmocka_unit_test(test_migration_2),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_emit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
