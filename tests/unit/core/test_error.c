/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the last error: LL_CORRUPT's source place and LL_BUG's exit. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/error.h"

static void corrupt_records_place(void **state)
{
	int line;

	(void)state;
	line = __LINE__ + 1;
	assert_int_equal(LL_CORRUPT("bad record at offset %d", 12), LL_ECORRUPT);
	assert_int_equal(ll_error_code(), LL_ECORRUPT);
	/* the message users see is unchanged */
	assert_string_equal(ll_error_message(), "bad record at offset 12");
	char want[64];
	snprintf(want, sizeof(want), "test_error.c:%d", line);
	const char *where = ll_error_where();
	size_t wl = strlen(where), nl = strlen(want);
	assert_true(wl >= nl);
	assert_string_equal(where + wl - nl, want);

	/* context keeps the root cause's place */
	ll_error_context("reading '%s'", "x.evtx");
	assert_string_equal(ll_error_message(),
			    "reading 'x.evtx': bad record at offset 12");
	assert_string_equal(ll_error_where() + wl - nl, want);

	/* a plain error replaces it */
	assert_int_equal(ll_error_set(LL_EIO, "disk full"), LL_EIO);
	assert_string_equal(ll_error_where(), "");
	LL_CORRUPT("again");
	ll_error_clear();
	assert_string_equal(ll_error_where(), "");
	assert_string_equal(ll_error_message(), "");
}

static void bug_exits_70(void **state)
{
	int fds[2], status;
	char out[256] = "";
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		LL_BUG("impossible state %d", 7);
	}
	close(fds[1]);
	size_t len = 0;
	ssize_t n;
	while (len < sizeof(out) - 1 &&
	       (n = read(fds[0], out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)n;
	close(fds[0]);
	out[len] = '\0';
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 70);
	assert_non_null(strstr(out, "lifeline: BUG: "));
	assert_non_null(strstr(out, "test_error.c:"));
	assert_non_null(strstr(out, ": impossible state 7\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(corrupt_records_place),
		cmocka_unit_test(bug_exits_70),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
