/* SPDX-License-Identifier: Apache-2.0 */
/* The built-in rules on the EVTX attack samples (via evtxexport XML) and on a benign System log. */
#define _GNU_SOURCE 1 /* memmem */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "tests/unit/unit_skip.h"
#include <jansson.h>

#include "analyze/detect/detect_rules.h"
#include "analyze/sigma/sigma.h"
#include "core/buf.h"

static struct ll_ruleset *rs;

static void unescape(struct ll_buf *out, const char *s, size_t n)
{
	static const struct { const char *e; char c; } ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&apos;", '\'' },
	};

	ll_buf_reset(out);
	for (size_t i = 0; i < n; i++) {
		size_t k;

		for (k = 0; k < LL_ARRAY_SIZE(ents); k++)
			if (!strncmp(s + i, ents[k].e, strlen(ents[k].e)) &&
			    i + strlen(ents[k].e) <= n)
				break;
		if (k < LL_ARRAY_SIZE(ents)) {
			ll_buf_putc(out, ents[k].c);
			i += strlen(ents[k].e) - 1;
		} else {
			ll_buf_putc(out, s[i]);
		}
	}
}

static void put(json_t *a, const char *key, const char *s, size_t n)
{
	struct ll_buf b;

	ll_buf_init(&b);
	unescape(&b, s, n);
	json_object_set_new(a, key, json_string(b.ptr));
	ll_buf_release(&b);
}

static const char *between(const char *ev, const char *end, const char *open, const char *close,
			   size_t *len)
{
	const char *p = strstr(ev, open), *q;

	if (!p || p > end)
		return NULL;
	p += strlen(open);
	q = strstr(p, close);
	if (!q || q > end)
		return NULL;
	*len = (size_t)(q - p);
	return p;
}

/* The reader contract's attrs from one evtxexport -f xml record. */
static json_t *attrs_of(const char *ev, const char *end)
{
	json_t *a = json_object();
	const char *p, *q;
	size_t n;
	char key[128];

	if ((p = between(ev, end, "<Provider Name=\"", "\"", &n)))
		put(a, "Provider_Name", p, n);
	if ((p = between(ev, end, "<EventID", "</EventID>", &n)) && (q = memchr(p, '>', n)))
		json_object_set_new(a, "EventID", json_integer(strtoll(q + 1, NULL, 10)));
	if ((p = between(ev, end, "<Channel>", "</Channel>", &n)))
		put(a, "Channel", p, n);
	if ((p = between(ev, end, "<Computer>", "</Computer>", &n)))
		put(a, "Computer", p, n);
	if ((p = between(ev, end, "<Security UserID=\"", "\"", &n)))
		put(a, "UserID", p, n);
	for (p = ev; (p = strstr(p, "<Data Name=\"")) && p < end;) {
		const char *ke = strchr(p + 12, '"');

		if (!ke || ke > end)
			break;
		snprintf(key, sizeof(key), "%.*s", (int)(ke - p - 12), p + 12);
		if (!strncmp(ke, "\"/>", 3)) {
			json_object_set_new(a, key, json_string(""));
			p = ke;
			continue;
		}
		q = strstr(ke, "</Data>");
		if (!q || q > end)
			break;
		put(a, key, ke + 2, (size_t)(q - ke - 2));
		p = q;
	}
	if ((p = between(ev, end, "<UserData>", "</UserData>", &n))) {
		const char *ue = p + n;

		/* leaf elements <X>text</X> */
		for (q = p; (q = strchr(q, '<')) && q < ue; q++) {
			const char *gt = strchr(q, '>'), *close;

			if (!gt || q[1] == '/' || gt[-1] == '/')
				continue;
			snprintf(key, sizeof(key), "%.*s", (int)strcspn(q + 1, " >"), q + 1);
			close = gt + 1;
			if (*close == '<')
				continue;
			{
				const char *lt = strchr(close, '<');

				if (lt && lt < ue && lt[1] == '/')
					put(a, key, close, (size_t)(lt - close));
			}
		}
	}
	return a;
}

/* Runs every built-in rule over a sample; `fired` lists the rule files that matched. */
static size_t scan(const char *name, char *fired, size_t len)
{
	char path[4096];
	struct ll_buf b;
	struct ll_sigma_event ev = { 0 };
	const char *p;
	size_t hits = 0;
	bool seen[64] = { false };

	snprintf(path, sizeof(path), "%s/testdata/evtx/%s.evtxexport.txt", LL_SHARED_DIR, name);
	ll_buf_init(&b);
	assert_int_equal(ll_buf_read_file(&b, path), 0);
	/*
	 * memmem with lengths, and each event cut out with a NUL: strstr over
	 * the rest of a megabyte file per search is quadratic (ASan's strstr
	 * measures the whole haystack every call: minutes instead of a second).
	 */
	for (p = b.ptr; (p = memmem(p, (size_t)(b.ptr + b.len - p), "<Event ", 7)); ) {
		char *end = memmem(p, (size_t)(b.ptr + b.len - p), "</Event>", 8);
		json_t *a;

		if (!end)
			break;
		*end = '\0';
		a = attrs_of(p, end);
		*end = '<';
		assert_int_equal(ll_sigma_event_set(&ev, a), 0);
		for (size_t r = 0; r < rs->nrules && r < LL_ARRAY_SIZE(seen); r++)
			if (ll_sigma_rule_match(rs->rules[r], &ev)) {
				hits++;
				seen[r] = true;
			}
		json_decref(a);
		p = end;
	}
	fired[0] = '\0';
	for (size_t r = 0; r < rs->nrules && r < LL_ARRAY_SIZE(seen); r++)
		if (seen[r]) {
			size_t l = strlen(fired);

			snprintf(fired + l, len - l, " %s", ll_sigma_rule_meta(rs->rules[r])->origin);
		}
	ll_sigma_event_release(&ev);
	ll_buf_release(&b);
	return hits;
}

static void samples(void **state)
{
	static const struct { const char *file, *want; } cases[] = {
		{ "cc0_4624_runas_different_user.evtx", "log_cleared_security.yml" },
		{ "cc0_4688_diskshadow_abuse.evtx", "shadow_copy_delete.yml" },
		{ "cc0_4720_local_user_created.evtx", "account_created.yml" },
		{ "cc0_4732_user_added_to_local_admins.evtx", "admin_group_add.yml" },
		{ "cc0_5140_failed_admin_share_access.evtx", "admin_share_access.yml" },
		{ "cc0_7045_payload_deployed_via_service.evtx", "service_installed_system.yml" },
		{ "cc0_7045_random_service_installation.evtx", "service_installed_system.yml" },
		{ "cc0_7045_random_service_installation.evtx", "log_cleared_system.yml" },
		{ "cc0_encrypted_payload_service_over_smb.evtx", "service_installed_security.yml" },
		{ "deepblue_new-user-security.evtx", "account_created.yml" },
		{ "deepblue_new-user-security.evtx", "admin_group_add.yml" },
		{ "eas_DE_104_system_log_cleared.evtx", "log_cleared_system.yml" },
		{ "eas_DE_1102_security_log_cleared.evtx", "log_cleared_security.yml" },
		{ "eas_DE_RDP_Tunneling_4624.evtx", "rdp_logon.yml" },
		{ "eas_DE_RDP_Tunneling_TS-RCM-Operational_1149.evtx", "rdp_auth_1149.yml" },
		{ "eas_LM_Remote_Service02_7045.evtx", "service_installed_system.yml" },
	};
	char fired[2048];
	struct stat sb;
	size_t ok = 0;

	(void)state;
	if (stat(LL_SHARED_DIR "/testdata/evtx", &sb) < 0)
		LL_SKIP("no shared test data (testdata/evtx under LL_SHARED_DIR)");
	for (size_t i = 0; i < LL_ARRAY_SIZE(cases); i++) {
		size_t hits = scan(cases[i].file, fired, sizeof(fired));

		printf("# %-52s %3zu matches:%s\n", cases[i].file, hits, fired);
		if (strstr(fired, cases[i].want))
			ok++;
		else
			printf("#   MISSING %s\n", cases[i].want);
	}
	assert_int_equal(ok, LL_ARRAY_SIZE(cases));
}

static void benign_system(void **state)
{
	char fired[2048];
	struct stat sb;
	size_t hits;

	(void)state;
	if (stat(LL_SHARED_DIR "/testdata/evtx/plaso_System.evtx.evtxexport.txt", &sb) < 0)
		LL_SKIP("no shared test data (plaso_System.evtx.evtxexport.txt under LL_SHARED_DIR)");
	hits = scan("plaso_System.evtx", fired, sizeof(fired));
	printf("# plaso_System.evtx: %zu matches:%s\n", hits, fired);
	assert_int_equal(hits, 0);
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
		cmocka_unit_test(samples),
		cmocka_unit_test(benign_system),
	};

	return ll_unit_exit(cmocka_run_group_tests(tests, setup, teardown));
}
