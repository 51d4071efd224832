/* SPDX-License-Identifier: Apache-2.0 */
/* The findings store: write, read back typed, filters, deletion, allocation failures. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

#include <cmocka.h>

#include "analyze/detect/findings.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/json.h"
#include "core/store.h"
#include "tests/unit/unit_tmpdir.h"

static int setup(void **state)
{
	LL_UNUSED(state);
	return unit_tmpdir_make("findings");
}

static int teardown(void **state)
{
	LL_UNUSED(state);
	return unit_tmpdir_remove();
}

/* A store with two findings of "rs" (the later one first) and one rule not evaluated. */
static struct ll_store *filled_store(const char *name)
{
	static const int64_t ev1[] = { 7, 3, 5 }, ev2[] = { 9 };
	struct ll_findings_writer *w = NULL;
	struct ll_store *st = NULL;
	struct ll_finding f = { 0 };
	char p[300];

	snprintf(p, sizeof(p), "%s/%s.db", unit_dir, name);
	assert_int_equal(ll_store_create(&st, p), 0);
	/* the finding_events rows cite events this test does not make */
	assert_int_equal(ll_store_exec(st, "PRAGMA foreign_keys = OFF"), 0);
	assert_int_equal(ll_findings_writer_new(&w, st), 0);
	f.rule_id = "r-late";
	f.title = "late";
	f.source = "sigma";
	f.severity = "high";
	f.techniques = "[\"T1078\"]";
	f.confidence = "medium";
	f.host = "pc1";
	f.first_ns = 200;
	f.last_ns = 300;
	f.event_ids = ev1;
	f.nevents = 3;
	f.details = json_pack("{s:s}", "rule_file", "x.yml");
	assert_int_equal(ll_findings_writer_add(w, &f, "rs", "abc"), 0);
	json_decref(f.details);
	f.rule_id = "r-early";
	f.title = "early";
	f.host = NULL;
	f.details = NULL;
	f.first_ns = f.last_ns = 100;
	f.event_ids = ev2;
	f.nevents = 1;
	assert_int_equal(ll_findings_writer_add(w, &f, "rs", "abc"), 0);
	assert_int_equal(ll_findings_writer_unevaluated(w, "rs", "r-late", "late", 11,
							"match limit", 1), 0);
	ll_findings_writer_free(w);
	return st;
}

static void test_round_trip(void **state)
{
	struct ll_store *st = filled_store("rt");
	struct ll_finding_list l = { NULL, 0 };
	struct ll_unevaluated_list u = { NULL, 0 };

	LL_UNUSED(state);
	assert_int_equal(ll_findings_load(&l, st, NULL, 0), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].rule_id, "r-early");
	assert_null(l.v[0].host);
	assert_null(l.v[0].details);
	assert_int_equal(l.v[0].nevents, 1);
	assert_string_equal(l.v[1].rule_id, "r-late");
	assert_string_equal(l.v[1].host, "pc1");
	assert_string_equal(l.v[1].details, "{\"rule_file\":\"x.yml\"}");
	assert_string_equal(l.v[1].ruleset, "rs");
	assert_string_equal(l.v[1].ruleset_sha256, "abc");
	assert_int_equal(l.v[1].event_count, 3);
	assert_int_equal(l.v[1].nevents, 3);
	/* cited events come back ascending */
	assert_int_equal(l.v[1].events[0], 3);
	assert_int_equal(l.v[1].events[2], 7);
	ll_finding_list_release(&l);

	assert_int_equal(ll_findings_load(&l, st, "r-late", 2), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].nevents, 2);
	ll_finding_list_release(&l);
	assert_int_equal(ll_findings_load(&l, st, "no-such-rule", 0), 0);
	assert_int_equal(l.n, 0);

	assert_int_equal(ll_findings_unevaluated(&u, st, NULL), 0);
	assert_int_equal(u.n, 1);
	assert_string_equal(u.v[0].error, "match limit");
	assert_int_equal(u.v[0].event_id, 11);
	ll_unevaluated_list_release(&u);
	assert_int_equal(ll_findings_unevaluated(&u, st, "r-early"), 0);
	assert_int_equal(u.n, 0);

	assert_int_equal(ll_findings_delete_ruleset(st, "other"), 0);
	assert_int_equal(ll_findings_load(&l, st, NULL, 0), 0);
	assert_int_equal(l.n, 2);
	ll_finding_list_release(&l);
	assert_int_equal(ll_findings_delete_ruleset(st, "rs"), 0);
	assert_int_equal(ll_findings_load(&l, st, NULL, 0), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(ll_findings_unevaluated(&u, st, NULL), 0);
	assert_int_equal(u.n, 0);
	ll_store_free(st);
}

static void test_load_alloc_failures(void **state)
{
	struct ll_store *st = filled_store("oom");
	int failures = 0;

	LL_UNUSED(state);
	for (unsigned long n = 1; n < 200; n++) {
		struct ll_finding_list l = { NULL, 0 };
		struct ll_unevaluated_list u = { NULL, 0 };
		int rc;

		ll_alloc_fail_at(n);
		rc = ll_findings_load(&l, st, NULL, 0);
		if (rc == 0)
			rc = ll_findings_unevaluated(&u, st, NULL);
		ll_alloc_fail_at(0);
		ll_finding_list_release(&l);
		ll_unevaluated_list_release(&u);
		if (rc == 0)
			break;
		assert_int_equal(rc, LL_ENOMEM);
		failures++;
	}
	assert_true(failures > 0);
	ll_store_free(st);
}

struct seen {
	int calls, stop_at;
	int64_t ids[4];
	bool audit[4];
};

static int on_event(const struct ll_attr_event *ev, void *payload)
{
	struct seen *s = payload;

	s->ids[s->calls] = ev->id;
	s->audit[s->calls] = ev->audit;
	if (++s->calls == s->stop_at)
		return ll_error_set(LL_EINVAL, "stop");
	return 0;
}

static void test_scan_events(void **state)
{
	struct ll_store *st = filled_store("scan");
	struct seen s = { 0 };

	LL_UNUSED(state);
	assert_int_equal(ll_event_scan_attrs(st, on_event, &s), 0);
	assert_int_equal(s.calls, 0);
	assert_int_equal(ll_store_exec(st,
		"INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host,"
		" locator, message, attrs) VALUES"
		" (2, 'E1', 6, 'x', 'audit', 't', NULL, 'l', 'm', '{\"a\":1}'),"
		" (1, 'E1', 5, 'x', 'evtx', 't', 'h', 'l', 'm', '{}'),"
		" (3, 'E1', 7, 'x', 'syslog', 't', 'h', 'l', 'm', '{}'),"
		" (5, 'E1', 9, 'x', 'fs', 't', 'h', 'l', 'm', '{}'),"
		" (4, 'E1', 8, 'x', 'evtx', 't', 'h', 'l', 'm', NULL)"), 0);
	/* EVTX, audit, syslog and journal events with attributes only, in id order */
	assert_int_equal(ll_event_scan_attrs(st, on_event, &s), 0);
	assert_int_equal(s.calls, 3);
	assert_int_equal(s.ids[0], 1);
	assert_false(s.audit[0]);
	assert_int_equal(s.ids[1], 2);
	assert_true(s.audit[1]);
	assert_int_equal(s.ids[2], 3);
	assert_false(s.audit[2]);
	/* a callback's error stops the scan and comes back */
	memset(&s, 0, sizeof(s));
	s.stop_at = 1;
	assert_int_equal(ll_event_scan_attrs(st, on_event, &s), LL_EINVAL);
	assert_int_equal(s.calls, 1);
	ll_store_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_load_alloc_failures),
		cmocka_unit_test(test_scan_events),
	};

	ll_json_init(); /* the allocation-failure test reaches jansson too */
	return cmocka_run_group_tests(tests, setup, teardown);
}
