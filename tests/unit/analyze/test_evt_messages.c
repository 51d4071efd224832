/* SPDX-License-Identifier: Apache-2.0 */
/* The legacy (.evt) message table: string positions, absent strings, users, fallback. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>

#include <cmocka.h>

#include "analyze/winlog/evt_messages.h"
#include "core/buf.h"

static void check(const char *source, const char *sid, const char *const *s, size_t n,
		  uint32_t code, const char *want_msg, const char *want_user)
{
	struct ll_buf msg = LL_BUF_INIT, user = LL_BUF_INIT;
	struct ll_evt_rec r = { source, sid, s, n };

	assert_int_equal(ll_evt_message(&msg, &user, &r, code), 0);
	assert_string_equal(msg.ptr ? msg.ptr : "", want_msg);
	assert_string_equal(user.ptr ? user.ptr : "", want_user);
	ll_buf_release(&msg);
	ll_buf_release(&user);
}

static void test_logon_positions(void **state)
{
	/* Windows Server 2003 528: user, domain, logon id, type, process, package, workstation … address, port */
	const char *s[] = { "bob", "HOSP", "(0x0,0x1)", "10", "User32", "Negotiate", "WS1", "{}",
			    "-", "-", "-", "-", "-", "10.1.2.3", "1025" };

	LL_UNUSED(state);
	check("Security", "S-1-5-18", s, 15, 528,
	      "Successful logon of HOSP\\bob, logon type 10 (RemoteInteractive), from 10.1.2.3:1025 (workstation WS1), process User32, package Negotiate",
	      "HOSP\\bob");
	/* the source name matches case-insensitively; an unknown logon type stays a number */
	s[3] = "99";
	check("SECURITY", NULL, s, 15, 540,
	      "Successful network logon of HOSP\\bob, logon type 99, from 10.1.2.3:1025 (workstation WS1), process User32, package Negotiate",
	      "HOSP\\bob");
}

static void test_missing_strings(void **state)
{
	/* XP's 529 has six strings: no caller, no address */
	const char *s[] = { "eve", "", "3", "NtLmSsp ", "NTLM", "KALI" };

	LL_UNUSED(state);
	check("Security", "S-1-5-18", s, 6, 529,
	      "Failed logon of -\\eve (unknown user name or bad password), logon type 3 (Network), from -:- (workstation KALI), process NtLmSsp , package NTLM",
	      "eve");
	/* no strings at all: no user from them, the SID instead */
	check("Security", "S-1-5-18", NULL, 0, 529,
	      "Failed logon of -\\- (unknown user name or bad password), logon type -, from -:- (workstation -), process -, package -",
	      "S-1-5-18");
}

static void test_scm_and_fallback(void **state)
{
	const char *s[] = { "Spooler", "stopped" };

	LL_UNUSED(state);
	check("Service Control Manager", NULL, s, 2, 7036, "Service Spooler entered the stopped state", "");
	/* same id, another source: the fallback lists the strings */
	check("MyApp", "S-1-5-20", s, 2, 7036, "MyApp event 7036: Spooler; stopped", "S-1-5-20");
	check(NULL, NULL, NULL, 0, 1, "Windows event 1", "");
}

static void test_hostile_strings(void **state)
{
	char big[5000];
	const char *s[] = { "a\xff" "b", big };
	struct ll_buf msg = LL_BUF_INIT, user = LL_BUF_INIT;
	struct ll_evt_rec r = { "Security", NULL, s, 2 };

	LL_UNUSED(state);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(ll_evt_message(&msg, &user, &r, 592), 0);
	/* invalid UTF-8 repaired, a long string cut with an ellipsis */
	assert_non_null(strstr(msg.ptr, "a\xef\xbf\xbd" "b"));
	assert_non_null(strstr(msg.ptr, "x…"));
	assert_true(msg.len < 3000);
	ll_buf_release(&msg);
	ll_buf_release(&user);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_logon_positions),
		cmocka_unit_test(test_missing_strings),
		cmocka_unit_test(test_scm_and_fallback),
		cmocka_unit_test(test_hostile_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
