/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The built-in Windows correlation rules on synthetic events fed as
 * `analyze detect` feeds them (every built-in rule matched, the matches
 * given to the correlations): 4625 brute force at 20 failures from one
 * address in 10 minutes and not at 19; a service installed or a task
 * created 5 minutes after an NTLM network logon on the same host, not
 * before it, not on another host; the referenced rules' own findings as
 * `generate` says.
 */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "analyze/detect/detect_corr.h"
#include "analyze/detect/detect_rules.h"
#include "analyze/sigma/sigma.h"

#define S INT64_C(1000000000)
#define BF "ca7325cf-8356-4762-9d0f-6699974c512e"
#define SVC "a352b659-4251-4ceb-a622-34d5fe6f076c"
#define TASK "9cb667b3-8af9-4651-8d54-93a0b0fee59c"

static struct ll_ruleset *rs;

struct out {
	char rule[64][48];
	char host[64][32];
	size_t nev[64];
	int64_t first[64], last[64];
	size_t n;
	size_t own[64]; /* per rule index: matches that would give its own finding */
};

static int emit(void *ctx, const struct ll_finding *f)
{
	struct out *o = ctx;

	if (o->n < 64) {
		snprintf(o->rule[o->n], sizeof(o->rule[0]), "%s", f->rule_id);
		snprintf(o->host[o->n], sizeof(o->host[0]), "%s", f->host ? f->host : "");
		o->nev[o->n] = f->nevents;
		o->first[o->n] = f->first_ns;
		o->last[o->n] = f->last_ns;
	}
	o->n++;
	return 0;
}

/* Feeds one event (attrs JSON) to every built-in rule, as detect does. */
static void feed(struct ll_corr_run *run, struct out *o, const char *host, int64_t t, int64_t id,
		 const char *attrs)
{
	struct ll_sigma_event ev = { 0 };
	json_t *a = json_loads(attrs, 0, NULL);

	assert_non_null(a);
	assert_int_equal(ll_sigma_event_set(&ev, a), 0);
	for (size_t r = 0; r < rs->nrules; r++)
		if (ll_sigma_rule_match(rs->rules[r], &ev)) {
			int rc = ll_corr_feed(run, r, &ev, host, t, id);

			assert_true(rc >= 0);
			if (rc == 1 && r < 64)
				o->own[r]++;
		}
	ll_sigma_event_release(&ev);
	json_decref(a);
}

static size_t count(const struct out *o, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < o->n && i < 64; i++)
		n += !strcmp(o->rule[i], rule);
	return n;
}

static const char *fail4625(char *buf, size_t len, const char *ip)
{
	snprintf(buf, len, "{\"Channel\":\"Security\",\"EventID\":4625,\"IpAddress\":\"%s\","
		 "\"TargetUserName\":\"admin\",\"LogonType\":3}", ip);
	return buf;
}

static void brute_force_4625(void **state)
{
	struct ll_corr_run *run = NULL;
	struct out o = { 0 };
	char b[256];

	(void)state;
	assert_int_equal(ll_corr_run_new(&run, rs), 0);
	/* 20 from 198.51.100.7 over 9.5 minutes on DC01; 19 from 198.51.100.8 */
	for (int i = 0; i < 20; i++)
		feed(run, &o, "DC01", i * 30 * S, 1 + i, fail4625(b, sizeof(b), "198.51.100.7"));
	for (int i = 0; i < 19; i++)
		feed(run, &o, "DC01", i * 30 * S, 100 + i, fail4625(b, sizeof(b), "198.51.100.8"));
	/* 20 from one address, but 10 on each of two hosts */
	for (int i = 0; i < 20; i++)
		feed(run, &o, i % 2 ? "FS01" : "FS02", i * S, 200 + i,
		     fail4625(b, sizeof(b), "198.51.100.9"));
	assert_int_equal(ll_corr_emit(run, true, "builtin", emit, &o), 0);
	assert_int_equal(count(&o, BF), 1);
	assert_string_equal(o.rule[0], BF);
	assert_string_equal(o.host[0], "DC01");
	assert_int_equal(o.nev[0], 20);
	assert_true(o.first[0] == 0 && o.last[0] == 19 * 30 * S);
	/* win_failed_logon gives no finding of its own */
	for (size_t r = 0; r < rs->nrules && r < 64; r++)
		assert_int_equal(o.own[r], 0);
	ll_corr_run_free(run);
}

#define LOGON "{\"Channel\":\"Security\",\"EventID\":4624,\"LogonType\":3," \
	"\"AuthenticationPackageName\":\"NTLM\",\"IpAddress\":\"10.0.2.17\"," \
	"\"TargetUserName\":\"Administrator\",\"WorkstationName\":\"PC01\"}"
#define SERVICE "{\"Channel\":\"System\",\"EventID\":7045,\"Provider_Name\":\"Service Control Manager\"," \
	"\"ServiceName\":\"x\",\"ImagePath\":\"%COMSPEC% /c \\\\\\\\127.0.0.1\\\\c$\\\\x.bat\"}"
#define TASK4698 "{\"Channel\":\"Security\",\"EventID\":4698,\"TaskName\":\"\\\\upd\"," \
	"\"SubjectUserName\":\"Administrator\"}"

static void remote_execution(void **state)
{
	struct ll_corr_run *run = NULL;
	struct out o = { 0 };
	size_t svc_rule = SIZE_MAX, logon_rule = SIZE_MAX;

	(void)state;
	for (size_t r = 0; r < rs->nrules; r++) {
		const char *id = ll_sigma_rule_meta(rs->rules[r])->id;

		if (!strcmp(id, "5df1d207-0293-5cfb-8d6c-0eb0ba999330"))
			svc_rule = r;
		if (!strcmp(id, "ac312b6c-aa27-574e-9335-9f38a5db1396"))
			logon_rule = r;
	}
	assert_true(svc_rule < 64 && logon_rule < 64);
	assert_int_equal(ll_corr_run_new(&run, rs), 0);
	/* FS03: logon at 100 s, task at 350 s, service at 400 s (5 min later: inside) */
	feed(run, &o, "FS03", 100 * S, 1, LOGON);
	feed(run, &o, "FS03", 400 * S, 2, SERVICE);
	feed(run, &o, "FS03", 350 * S, 3, TASK4698);
	/* FS04: service first, logon after: not in order */
	feed(run, &o, "FS04", 100 * S, 4, SERVICE);
	feed(run, &o, "FS04", 200 * S, 5, LOGON);
	/* FS05: the logon on PC02, the service on FS05: other hosts */
	feed(run, &o, "PC02", 100 * S, 6, LOGON);
	feed(run, &o, "FS05", 110 * S, 7, SERVICE);
	/* FS06: 301 s apart */
	feed(run, &o, "FS06", 0, 8, LOGON);
	feed(run, &o, "FS06", 301 * S, 9, TASK4698);
	assert_int_equal(ll_corr_emit(run, true, "builtin", emit, &o), 0);
	assert_int_equal(count(&o, SVC), 1);
	assert_int_equal(count(&o, TASK), 1);
	for (size_t i = 0; i < o.n; i++) {
		assert_string_equal(o.host[i], "FS03");
		assert_int_equal(o.nev[i], 2);
	}
	/* generate: true on the service correlation keeps both rules' own findings */
	assert_int_equal(o.own[svc_rule], 3);
	assert_int_equal(o.own[logon_rule], 4);
	ll_corr_run_free(run);
}

static int setup(void **state)
{
	(void)state;
	return ll_ruleset_load(&rs, LL_SRC_DIR "/rules/builtin") == 0 && rs->nskips == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	ll_ruleset_free(rs);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(brute_force_4625),
		cmocka_unit_test(remote_execution),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
