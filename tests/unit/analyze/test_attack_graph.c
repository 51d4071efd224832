/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The attack graph's rules (docs/correlation.md, "Link confidence", "The
 * attack path"), on small cases written here: a path needs a successful
 * logon from the external actor; an edge or command is usable only after
 * the path reached its source; a command naming the next host is at most
 * medium and only by an account the attacker reached the host as, else a
 * low hypothesis; a finding on a reached host is at most medium; a finding
 * on an unconnected host never joins; the read API gives back the steps.
 */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

#include <cmocka.h>

#include "analyze/correlate/attack_graph.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/store.h"
#include "tests/unit/unit_tmpdir.h"

#define S 1000000000LL

static int setup(void **state)
{
	LL_UNUSED(state);
	return unit_tmpdir_make("attack_graph");
}

static int teardown(void **state)
{
	LL_UNUSED(state);
	return unit_tmpdir_remove();
}

/*
 * eve logs in on web01 from 203.0.113.9 at 100 s after a brute force from
 * 50 s; at 200 s a command on web01 by USER names db02; at 300 s db02's
 * files are encrypted; at 290 s a decoy encryption on ws07, which nothing
 * connects. `extra` adds rows.
 */
static struct ll_store *attack_store(const char *name, const char *cmd_user, int64_t cmd_t,
				     int accepted, const char *extra)
{
	struct ll_store *st = NULL;
	char p[300], sql[4096];

	snprintf(p, sizeof(p), "%s/%s.db", unit_dir, name);
	assert_int_equal(ll_store_create(&st, p), 0);
	assert_int_equal(ll_store_exec(st, "PRAGMA foreign_keys = OFF"), 0);
	snprintf(sql, sizeof(sql),
		"INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host, user, locator, message) VALUES"
		" (1, 'E1', %lld, 'Logged', 'syslog', 't', 'web01', NULL, 'line=1', 'Failed password for eve from 203.0.113.9'),"
		" (2, 'E1', %lld, 'Logged', 'syslog', 't', 'web01', 'eve', 'line=2', 'Accepted password for eve from 203.0.113.9'),"
		" (3, 'E1', %lld, 'Logged', 'syslog', 't', 'web01', '%s', 'line=3', 'sudo: %s : COMMAND=/usr/bin/xfreerdp /v:db02.corp.example'),"
		" (4, 'E2', %lld, 'Modified', 'fs', 't', 'db02', NULL, 'inode=12', 'x.locked'),"
		" (5, 'E3', %lld, 'Modified', 'fs', 't', 'ws07', NULL, 'inode=99', 'y.locked');"
		"INSERT INTO findings(id, rule_id, title, source, severity, techniques, confidence, host, first_ns, last_ns, event_count) VALUES"
		" (1, 'bf', 'SSH brute force', 'sigma', 'high', '[\"T1110.001\"]', 'high', 'web01', %lld, %lld, 2),"
		" (2, 'rdp', 'remote access tool', 'sigma', 'high', '[\"T1021.001\"]', 'medium', 'web01', %lld, %lld, 1),"
		" (3, 'enc', 'encryption burst', 'builtin', 'critical', '[\"T1486\"]', 'high', 'db02', %lld, %lld, 1),"
		" (4, 'enc', 'encryption burst', 'builtin', 'critical', '[\"T1486\"]', 'high', 'ws07', %lld, %lld, 1);"
		"INSERT INTO finding_events VALUES (1, 1), (1, 2), (2, 3), (3, 4), (4, 5);"
		"INSERT INTO movement_edges(time_ns, kind, from_addr, from_host, to_host, account, success, event_id, evidence_id, basis) VALUES"
		" (%lld, 'ssh-failed', '203.0.113.9', NULL, 'web01', 'eve', 0, 1, 'E1', 'failed: event 1'),"
		" (%lld, 'ssh-accepted', '203.0.113.9', NULL, 'web01', 'eve', %d, 2, 'E1', 'sshd on web01 accepted eve from 203.0.113.9: event 2 (E1 line=2)');",
		50 * S, 100 * S, (long long)cmd_t, cmd_user, cmd_user, 300 * S, 290 * S,
		50 * S, 100 * S, (long long)cmd_t, (long long)cmd_t, 300 * S, 300 * S, 290 * S, 290 * S,
		50 * S, 100 * S, accepted);
	assert_int_equal(ll_store_exec(st, sql), 0);
	if (extra)
		assert_int_equal(ll_store_exec(st, extra), 0);
	return st;
}

static void path_to(struct ll_attack_path *p, struct ll_store *st, const char *host)
{
	static const char *const inv[] = { "db02.corp.example", "ws07" };
	struct ll_attack_graph *g = NULL;

	assert_int_equal(ll_attack_graph_build(&g, st, inv, 2), 0);
	assert_int_equal(ll_attack_graph_path(p, g, "EHR", host, 1000 * S), 0);
	ll_attack_graph_free(g);
}

static bool mentions(const struct ll_attack_step *v, size_t n, const char *host)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(v[i].from, host) || strstr(v[i].to, host) || strstr(v[i].basis, host))
			return true;
	return false;
}

static void test_connected_path(void **state)
{
	struct ll_store *st = attack_store("connected", "eve", 200 * S, 1, NULL);
	struct ll_attack_path p;

	LL_UNUSED(state);
	path_to(&p, st, "db02");
	assert_true(p.complete);
	assert_true(p.impact);
	assert_string_equal(p.actor, "203.0.113.9");
	assert_int_equal(p.start_finding, 1);
	assert_int_equal(p.nsteps, 5);
	/* the brute force (high), the login (high), the tool (medium), the command (medium), the encryption (medium) */
	assert_int_equal(p.steps[0].kind, LL_STEP_FINDING);
	assert_int_equal(p.steps[0].conf, LL_CONF_HIGH);
	assert_int_equal(p.steps[1].kind, LL_STEP_EDGE);
	assert_string_equal(p.steps[1].edge_kind, "ssh-accepted");
	assert_int_equal(p.steps[1].conf, LL_CONF_HIGH);
	assert_int_equal(p.steps[2].finding_id, 2);
	assert_int_equal(p.steps[2].conf, LL_CONF_MEDIUM);
	assert_string_equal(p.steps[3].edge_kind, "command");
	assert_string_equal(p.steps[3].from, "web01");
	assert_string_equal(p.steps[3].to, "db02.corp.example");
	assert_int_equal(p.steps[3].conf, LL_CONF_MEDIUM);
	assert_non_null(strstr(p.steps[3].basis, "event 3 (E1 line=3)"));
	assert_int_equal(p.steps[4].finding_id, 3);
	assert_int_equal(p.steps[4].conf, LL_CONF_MEDIUM);
	assert_int_equal(p.steps[4].cites[0].event_id, 4);
	assert_string_equal(p.steps[4].cites[0].locator, "inode=12");
	assert_int_equal(p.conf, LL_CONF_MEDIUM);
	/* the decoy on ws07, 10 s before the encryption, is nowhere */
	assert_false(mentions(p.steps, p.nsteps, "ws07"));
	assert_false(mentions(p.hyps, p.nhyps, "ws07"));
	ll_attack_path_release(&p);
	ll_store_free(st);
}

/* A command by an account the attacker did not log in as: a low hypothesis, no path. */
static void test_command_other_account(void **state)
{
	struct ll_store *st = attack_store("other_account", "backup", 200 * S, 1, NULL);
	struct ll_attack_path p;
	bool cmd_hyp = false;

	LL_UNUSED(state);
	path_to(&p, st, "db02");
	assert_false(p.complete);
	assert_int_equal(p.nsteps, 0);
	assert_int_equal(p.conf, LL_CONF_NONE);
	for (size_t i = 0; i < p.nhyps; i++) {
		assert_int_equal(p.hyps[i].conf, LL_CONF_LOW);
		cmd_hyp = cmd_hyp || (p.hyps[i].edge_kind && !strcmp(p.hyps[i].edge_kind, "command"));
	}
	assert_true(cmd_hyp);
	ll_attack_path_release(&p);
	ll_store_free(st);
}

/* A command before the attacker reached its host cannot carry the path. */
static void test_command_before_arrival(void **state)
{
	struct ll_store *st = attack_store("before", "eve", 80 * S, 1, NULL);
	struct ll_attack_path p;

	LL_UNUSED(state);
	path_to(&p, st, "db02");
	assert_false(p.complete);
	assert_int_equal(p.nsteps, 0);
	ll_attack_path_release(&p);
	ll_store_free(st);
}

/* Failures alone reach nothing: without the accepted logon no path, only hypotheses. */
static void test_no_success(void **state)
{
	struct ll_store *st = attack_store("nosuccess", "eve", 200 * S, 0, NULL);
	struct ll_attack_path p;

	LL_UNUSED(state);
	path_to(&p, st, "db02");
	assert_false(p.complete);
	assert_true(p.nhyps > 0);
	for (size_t i = 0; i < p.nhyps; i++)
		assert_int_equal(p.hyps[i].conf, LL_CONF_LOW);
	ll_attack_path_release(&p);
	ll_store_free(st);
}

/*
 * A logon on db02 from web01 (a movement edge) is high, and usable only
 * after the path reached web01: one at 90 s (before the login) is not.
 */
static void test_edge_time_order(void **state)
{
	const char *late = "INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host, locator, message) VALUES"
		" (6, 'E4', 150000000000, 'Logged', 'evtx', 't', 'db02', 'record=7', '4624')";
	const char *edge_late = "INSERT INTO movement_edges(time_ns, kind, from_addr, from_host, to_host, account, success, event_id, evidence_id, basis) VALUES"
		" (150000000000, 'logon-network', '10.0.0.4', 'web01', 'db02', 'eve', 1, 6, 'E4', 'logon on db02 from web01 (10.0.0.4) as eve: event 6 (E4 record=7)')";
	const char *edge_early = "INSERT INTO movement_edges(time_ns, kind, from_addr, from_host, to_host, account, success, event_id, evidence_id, basis) VALUES"
		" (90000000000, 'logon-network', '10.0.0.4', 'web01', 'db02', 'eve', 1, 6, 'E4', 'logon on db02 from web01: event 6')";
	char sql[1024];
	struct ll_store *st;
	struct ll_attack_path p;

	LL_UNUSED(state);
	/* the command by another account: only the edge can carry the path */
	snprintf(sql, sizeof(sql), "%s; %s", late, edge_late);
	st = attack_store("edge_late", "backup", 200 * S, 1, sql);
	path_to(&p, st, "db02");
	assert_true(p.complete);
	assert_int_equal(p.steps[2].kind, LL_STEP_EDGE);
	assert_string_equal(p.steps[2].edge_kind, "logon-network");
	assert_int_equal(p.steps[2].conf, LL_CONF_HIGH);
	assert_string_equal(p.steps[2].cites[0].locator, "record=7");
	ll_attack_path_release(&p);
	ll_store_free(st);

	snprintf(sql, sizeof(sql), "%s; %s", late, edge_early);
	st = attack_store("edge_early", "backup", 200 * S, 1, sql);
	path_to(&p, st, "db02");
	assert_false(p.complete);
	ll_attack_path_release(&p);
	ll_store_free(st);
}

/*
 * An edge from a host the path reaches later (db02, reached by the command
 * at 200 s) is usable only after that: a logon on ws07 from db02 at 150 s
 * does not extend the path, one at 250 s does.
 */
static void edge_from_later_host(const char *name, int64_t t, bool want)
{
	char sql[1024];
	struct ll_store *st;
	struct ll_attack_path p;

	snprintf(sql, sizeof(sql),
		 "INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host, locator, message) VALUES"
		 " (7, 'E5', %lld, 'Logged', 'evtx', 't', 'ws07', 'record=9', '4624');"
		 "INSERT INTO movement_edges(time_ns, kind, from_addr, from_host, to_host, account, success, event_id, evidence_id, basis) VALUES"
		 " (%lld, 'logon-network', '10.0.0.8', 'db02', 'ws07', 'eve', 1, 7, 'E5', 'logon on ws07 from db02: event 7')",
		 (long long)t, (long long)t);
	st = attack_store(name, "eve", 200 * S, 1, sql);
	path_to(&p, st, "ws07");
	assert_int_equal(p.complete, want);
	if (want) {
		bool edge = false;

		for (size_t i = 0; i < p.nsteps; i++)
			edge = edge || (p.steps[i].edge_kind && !strcmp(p.steps[i].edge_kind, "logon-network") &&
					!strcmp(p.steps[i].from, "db02") && p.steps[i].conf == LL_CONF_HIGH);
		assert_true(edge);
	}
	ll_attack_path_release(&p);
	ll_store_free(st);
}

static void test_edge_from_later_host(void **state)
{
	LL_UNUSED(state);
	edge_from_later_host("later_early", 150 * S, false);
	edge_from_later_host("later_late", 250 * S, true);
}

/* The read API gives back what the document holds. */
static void test_read_back(void **state)
{
	struct ll_store *st = attack_store("readback", "eve", 200 * S, 1, NULL);
	struct ll_attack_paths back;
	struct ll_attack_path p;
	json_t *doc;

	LL_UNUSED(state);
	path_to(&p, st, "db02");
	doc = json_pack("{s:[o]}", "attack_paths", ll_attack_path_json(&p));
	assert_non_null(doc);
	assert_int_equal(ll_attack_paths_from_doc(&back, doc), 0);
	assert_int_equal(back.n, 1);
	assert_true(back.v[0].complete);
	assert_int_equal(back.v[0].conf, LL_CONF_MEDIUM);
	assert_int_equal(back.v[0].nsteps, p.nsteps);
	for (size_t i = 0; i < p.nsteps; i++) {
		assert_int_equal(back.v[0].steps[i].kind, p.steps[i].kind);
		assert_int_equal(back.v[0].steps[i].conf, p.steps[i].conf);
		assert_string_equal(back.v[0].steps[i].basis, p.steps[i].basis);
		assert_int_equal(back.v[0].steps[i].ncites, p.steps[i].ncites);
	}
	ll_attack_paths_release(&back);
	/* a malformed document fails naming the place */
	json_object_set_new(json_array_get(json_object_get(doc, "attack_paths"), 0), "steps", json_string("no"));
	assert_int_equal(ll_attack_paths_from_doc(&back, doc), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), "attack_paths[0]"));
	/* a document written before attack paths: none */
	json_object_del(doc, "attack_paths");
	assert_int_equal(ll_attack_paths_from_doc(&back, doc), 0);
	assert_int_equal(back.n, 0);
	json_decref(doc);
	ll_attack_path_release(&p);
	ll_store_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_connected_path),
		cmocka_unit_test(test_command_other_account),
		cmocka_unit_test(test_command_before_arrival),
		cmocka_unit_test(test_no_success),
		cmocka_unit_test(test_edge_time_order),
		cmocka_unit_test(test_edge_from_later_host),
		cmocka_unit_test(test_read_back),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
