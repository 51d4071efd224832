/* SPDX-License-Identifier: Apache-2.0 */
/* Linux logs for Sigma: a syslog or journal event's fields and logsources; audit EXECVE as process_creation. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "analyze/sigma/sigma.h"
#include "analyze/sigma/sigma_linux.h"

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void sshd_syslog_and_journal(void **state)
{
	const char *ch[4];
	json_t *a = json_pack("{s:s, s:s}", "program", "sshd", "pid", "20911");
	size_t n;

	(void)state;
	/* syslog: the message column is "sshd[pid]: text" */
	n = ll_sigma_linux_prepare(a, "sshd[20911]: Failed password for invalid user oracle from "
				   "203.0.113.45 port 41234 ssh2", ch, 4);
	assert_int_equal(n, 3);
	assert_string_equal(ch[0], LL_SIGMA_LINUX_SSHD);
	assert_string_equal(ch[1], LL_SIGMA_LINUX_AUTH);
	assert_string_equal(ch[2], LL_SIGMA_LINUX_SYSLOG);
	assert_string_equal(str(a, "message"),
			    "Failed password for invalid user oracle from 203.0.113.45 port 41234 ssh2");
	assert_string_equal(str(a, "Outcome"), "failure");
	assert_string_equal(str(a, "AuthMethod"), "password");
	assert_string_equal(str(a, "User"), "oracle");
	assert_string_equal(str(a, "InvalidUser"), "true");
	assert_string_equal(str(a, "SourceIp"), "203.0.113.45");
	assert_string_equal(str(a, "SourcePort"), "41234");
	json_decref(a);

	/* journal: MESSAGE is the text itself */
	a = json_pack("{s:s}", "program", "sshd");
	n = ll_sigma_linux_prepare(a, "Accepted publickey for labtech from 10.20.4.21 port 50000 "
				   "ssh2: ED25519 SHA256:abc", ch, 4);
	assert_int_equal(n, 3);
	assert_string_equal(str(a, "Outcome"), "success");
	assert_string_equal(str(a, "AuthMethod"), "publickey");
	assert_string_equal(str(a, "User"), "labtech");
	assert_null(json_object_get(a, "InvalidUser"));
	assert_string_equal(str(a, "SourceIp"), "10.20.4.21");
	json_decref(a);

	/* "Invalid user" is no authentication result: no Outcome */
	a = json_pack("{s:s}", "program", "sshd");
	ll_sigma_linux_prepare(a, "sshd[1]: Invalid user test from 203.0.113.45 port 4", ch, 4);
	assert_null(json_object_get(a, "Outcome"));
	assert_string_equal(str(a, "User"), "test");
	assert_string_equal(str(a, "SourceIp"), "203.0.113.45");
	json_decref(a);
}

static void auth_and_syslog(void **state)
{
	const char *ch[4];
	json_t *a = json_pack("{s:s}", "program", "sudo");
	size_t n;

	(void)state;
	n = ll_sigma_linux_prepare(a, "sudo: labadmin : TTY=pts/1 ; PWD=/home/labadmin ; USER=root ; "
				   "COMMAND=/usr/bin/xfreerdp /v:FS03.offsec.lan", ch, 4);
	assert_int_equal(n, 2);
	assert_string_equal(ch[0], LL_SIGMA_LINUX_AUTH);
	assert_string_equal(str(a, "User"), "labadmin");
	assert_string_equal(str(a, "TargetUser"), "root");
	assert_string_equal(str(a, "CurrentDirectory"), "/home/labadmin");
	assert_string_equal(str(a, "CommandLine"), "/usr/bin/xfreerdp /v:FS03.offsec.lan");
	json_decref(a);

	/* an unknown program on the authpriv facility is auth; session lines give User */
	a = json_pack("{s:s, s:i}", "program", "custom-login", "facility", 10);
	n = ll_sigma_linux_prepare(a, "custom-login[3]: pam_unix(custom:session): session opened for "
				   "user nurse1(uid=1001) by (uid=0)", ch, 4);
	assert_int_equal(n, 2);
	assert_string_equal(str(a, "User"), "nurse1");
	assert_string_equal(str(a, "Session"), "opened");
	json_decref(a);

	/* anything else: syslog only, the message kept whole */
	a = json_pack("{s:s}", "program", "CRONX");
	n = ll_sigma_linux_prepare(a, "no prefix here", ch, 4);
	assert_int_equal(n, 1);
	assert_string_equal(ch[0], LL_SIGMA_LINUX_SYSLOG);
	assert_string_equal(str(a, "message"), "no prefix here");
	json_decref(a);
}

/* A rule for each logsource loads; keywords search the message; process_creation matches EXECVE. */
static void rules(void **state)
{
	static const char sshd[] = "title: t\nlogsource: {product: linux, service: sshd}\n"
				   "detection:\n  kw: ['Failed password']\n  condition: kw\n";
	static const char pc[] = "title: t\nlogsource: {product: linux, category: process_creation}\n"
				 "detection:\n  s: {Image|endswith: openssl, CommandLine|contains: ' enc '}\n"
				 "  condition: s\n";
	struct ll_sigma_rule *r = NULL;
	struct ll_sigma_event ev = { 0 };
	const char *ch[4];
	char why[128];
	json_t *a = json_pack("{s:s}", "program", "sshd");

	(void)state;
	assert_int_equal(ll_sigma_rule_parse(&r, why, sizeof(why), sshd, strlen(sshd), "s.yml"), 0);
	ll_sigma_linux_prepare(a, "sshd[1]: Failed password for root from 1.2.3.4 port 1 ssh2", ch, 4);
	assert_int_equal(ll_sigma_event_set(&ev, a), 0);
	ev.channel = ch[0];
	assert_true(ll_sigma_rule_match(r, &ev));
	ev.channel = ch[2]; /* the syslog channel: not the sshd rule's */
	assert_false(ll_sigma_rule_match(r, &ev));
	ll_sigma_rule_free(r);
	json_decref(a);

	assert_int_equal(ll_sigma_rule_parse(&r, why, sizeof(why), pc, strlen(pc), "p.yml"), 0);
	a = json_pack("{s:s, s:s, s:s}", "record_type", "EXECVE", "a0", "/usr/bin/openssl",
		      "command_line", "/usr/bin/openssl enc -aes-256-cbc -in x");
	assert_true(ll_sigma_linux_execve(a));
	assert_int_equal(ll_sigma_event_set(&ev, a), 0);
	ev.channel = LL_SIGMA_LINUX_PROC;
	assert_true(ll_sigma_rule_match(r, &ev));
	json_decref(a);
	a = json_pack("{s:s, s:s}", "record_type", "SYSCALL", "exe", "/usr/bin/openssl");
	assert_false(ll_sigma_linux_execve(a));
	json_decref(a);
	ll_sigma_rule_free(r);
	ll_sigma_event_release(&ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sshd_syslog_and_journal),
		cmocka_unit_test(auth_and_syslog),
		cmocka_unit_test(rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
