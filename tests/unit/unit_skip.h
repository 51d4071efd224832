/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Skips that tell. cmocka's skip() marks a test skipped but the group still
 * exits 0, which ctest reports as Passed. A test skips with LL_SKIP(why):
 * the reason is printed and counted, and main returns
 * ll_unit_exit(cmocka_run_group_tests(...)): the failures if any, else 77
 * when something skipped (SKIP_RETURN_CODE in cmake/LlTest.cmake), else 0.
 * A fixture script that fails is a failure, not a skip: ll_unit_sh tells a
 * missing tool (the script's exit 77) from a broken fixture.
 */
#ifndef LL_TESTS_UNIT_SKIP_H
#define LL_TESTS_UNIT_SKIP_H

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

static unsigned ll_unit_skipped;

#define LL_SKIP(why)                                                  \
	do {                                                          \
		print_message("SKIP: %s\n", (why));                   \
		ll_unit_skipped++;                                    \
		skip();                                               \
	} while (0)

static inline int ll_unit_exit(int failed)
{
	if (failed)
		return failed;
	if (ll_unit_skipped) {
		print_message("%u test(s) skipped: reporting the group as skipped (77)\n",
			      ll_unit_skipped);
		return 77;
	}
	return 0;
}

/*
 * Runs `sh -c CMD` with /usr/sbin and /sbin on PATH (Debian keeps mkfs.ext4
 * and debugfs there); its output goes to stderr. Returns the exit status,
 * or -1 if it could not run or was killed.
 */
static inline int ll_unit_sh(const char *cmd)
{
	char full[8192];
	FILE *p;
	int st;

	if ((size_t)snprintf(full, sizeof(full), "PATH=\"$PATH:/usr/sbin:/sbin\"; export PATH; (%.8000s) 1>&2",
			     cmd) >= sizeof(full) || strlen(cmd) > 8000)
		return -1;
	if (!(p = popen(full, "r")))
		return -1;
	st = pclose(p);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

#endif
