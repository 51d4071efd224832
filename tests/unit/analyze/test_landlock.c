/* SPDX-License-Identifier: Apache-2.0 */
/* A worker's Landlock step, in forked children: the granted file reads, nothing else of the case opens. */
#include "core/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyze/worker/landlock.h"
#include "core/error.h"

#include "../unit_fork.h"
#include "../unit_skip.h"
#include "../unit_tmpdir.h"

/* Child exit codes: which check failed (the parent prints them). */
enum {
	C_OK = 0,
	C_CONFINE = 80, /* ll_landlock_confine failed */
	C_GRANTED = 81, /* the granted file did not read */
	C_OTHER = 82, /* a file beside it opened, or failed other than EACCES */
	C_WRITE = 83, /* the granted file opened for writing */
	C_CREATE = 84,	 /* a new file was made */
	C_FD = 85,	 /* a descriptor opened before stopped working */
	C_LIST = 86,	 /* the directory was listed */
	C_SYSTEM = 87,	 /* a granted system file did not read */
	C_SCRATCH = 88,	 /* the scratch file did not reopen read-only */
	C_NOTFOUND = 89, /* a missing granted name was not skipped */
};

static char granted[300], other[300], scratch[300], casedb[300];

static int setup(void **state)
{
	static const char *const names[] = { "evidence.log", "other.log",
		"scratch", "case.db" };
	char *const paths[] = { granted, other, scratch, casedb };

	LL_UNUSED(state);
	if (unit_tmpdir_make("landlock") < 0)
		return -1;
	for (size_t i = 0; i < 4; i++) {
		int fd;

		snprintf(paths[i], 300, "%s/%s", unit_dir, names[i]);
		if ((fd = open(paths[i], O_CREAT | O_WRONLY | O_TRUNC, 0644)) <
				0 ||
			write(fd, "data\n", 5) != 5 || close(fd) < 0)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	LL_UNUSED(state);
	return unit_tmpdir_remove();
}

static int refused(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC, 0644);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return errno == EACCES;
}

static int readable(const char *path)
{
	char b[8];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, b, sizeof(b)) : -1;

	if (fd >= 0)
		close(fd);
	return n > 0;
}

/* The worker's case: the item's file granted; its neighbours and the case store refused. */
static int child_confined(void)
{
	const char *files[] = { granted, NULL,
		"/nonexistent/ll-landlock-test" };
	char why[256], path[400];
	int before = open(casedb, O_WRONLY | O_APPEND | O_CLOEXEC);
	int sfd = open(scratch, O_RDWR | O_CLOEXEC), fd, rc;

	if (before < 0 || sfd < 0)
		return C_FD;
	if ((rc = ll_landlock_confine(files, 3, sfd, why, sizeof(why))) != 1) {
		dprintf(2, "confine: %d %s %s\n", rc, why,
			rc < 0 ? ll_error_message() : "");
		return rc == 0 ? 77 : C_CONFINE;
	}
	if (!readable(granted))
		return C_GRANTED;
	if (!refused(other, O_RDONLY) || !refused(casedb, O_RDONLY))
		return C_OTHER;
	if (!refused(granted, O_WRONLY) || !refused(casedb, O_RDWR) ||
		!refused(casedb, O_WRONLY | O_TRUNC))
		return C_WRITE;
	snprintf(path, sizeof(path), "%s/new", unit_dir);
	if (!refused(path, O_WRONLY | O_CREAT))
		return C_CREATE;
	if (!refused(unit_dir, O_RDONLY | O_DIRECTORY))
		return C_LIST;
	/* Landlock checks opens: a descriptor handed over before keeps working */
	if (write(before, "x", 1) != 1)
		return C_FD;
	close(before);
	if (!readable("/etc/ld.so.cache") &&
		access("/etc/ld.so.cache", F_OK) == 0)
		return C_SYSTEM;
	if (!readable("/usr/share/zoneinfo/UTC") &&
		access("/usr/share/zoneinfo/UTC", F_OK) == 0)
		return C_SYSTEM;
	if (readable("/etc/shadow") || readable("/root/.bashrc"))
		return C_OTHER;
	/* the scratch file reads back through /proc/self/fd, read-only */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", sfd);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return C_SCRATCH;
	close(fd);
	if (!refused(path, O_WRONLY))
		return C_SCRATCH;
	return C_OK;
}

/* The child's exit code (a check that failed, see the enum). */
static int run_child(int (*fn)(void))
{
	int st = unit_fork_run(fn);

	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

/* The same checks with the rights of ABI `abi` only ("" : all the kernel has). */
static void confined_as(const char *abi)
{
	struct stat before, after;
	int code;

	if (ll_landlock_abi() < 1)
		LL_SKIP("the kernel has no Landlock");
	assert_int_equal(setenv("LIFELINE_TEST_LANDLOCK_ABI", abi, 1), 0);
	assert_int_equal(stat(casedb, &before), 0);
	code = run_child(child_confined);
	unsetenv("LIFELINE_TEST_LANDLOCK_ABI");
	if (code != C_OK)
		print_error("ABI '%s': child exit %d\n", abi, code);
	assert_int_equal(code, C_OK);
	/* the one write went through the descriptor opened before */
	assert_int_equal(stat(casedb, &after), 0);
	assert_int_equal(after.st_size, before.st_size + 1);
}

static void confined(void **state)
{
	LL_UNUSED(state);
	confined_as("");
}

/* A kernel of ABI 1 (5.13) and of ABI 2 (Debian 12's 6.1): the same confinement. */
static void confined_abi1(void **state)
{
	LL_UNUSED(state);
	confined_as("1");
}

static void confined_abi2(void **state)
{
	LL_UNUSED(state);
	confined_as("2");
}

/* A worker of descriptors only (Sigma): no file of the case at all. */
static int child_nothing(void)
{
	char why[256];

	if (ll_landlock_confine(NULL, 0, -1, why, sizeof(why)) != 1)
		return C_CONFINE;
	if (!refused(granted, O_RDONLY) || !refused(casedb, O_RDWR))
		return C_OTHER;
	return C_OK;
}

static void nothing_granted(void **state)
{
	LL_UNUSED(state);
	if (ll_landlock_abi() < 1)
		LL_SKIP("the kernel has no Landlock");
	assert_int_equal(run_child(child_nothing), C_OK);
}

/* Without Landlock the step says why and the worker goes on (test builds simulate it). */
static int child_unavailable(void)
{
	char why[256];
	json_t *warnings = json_array();

	if (setenv("LIFELINE_TEST_NO_LANDLOCK", "1", 1) < 0 || !warnings)
		return C_FD;
	if (ll_landlock_confine(NULL, 0, -1, why, sizeof(why)) != 0 ||
		strncmp(why, LL_LANDLOCK_UNAVAILABLE ": ",
			strlen(LL_LANDLOCK_UNAVAILABLE) + 2))
		return C_CONFINE;
	if (ll_landlock_worker(granted, NULL, NULL, 0, -1, warnings) != 0 ||
		json_array_size(warnings) != 1 ||
		strcmp(json_string_value(json_array_get(warnings, 0)), why))
		return C_CONFINE;
	/* nothing was confined */
	if (!readable(other))
		return C_OTHER;
	json_decref(warnings);
	return C_OK;
}

static void unavailable(void **state)
{
	LL_UNUSED(state);
	assert_int_equal(run_child(child_unavailable), C_OK);
}

/* The parent keeps one Landlock warning per item; other warnings are kept as they come. */
static void warn_once(void **state)
{
	json_t *list = json_array(), *rec;
	const char *w =
		LL_LANDLOCK_UNAVAILABLE ": the kernel has no Landlock (ENOSYS)";

	LL_UNUSED(state);
	assert_non_null(list);
	assert_false(ll_landlock_warn_seen(list, "line 3: odd"));
	assert_int_equal(
		json_array_append_new(list, json_string("line 3: odd")), 0);
	assert_false(ll_landlock_warn_seen(list, "line 3: odd"));
	assert_false(ll_landlock_warn_seen(list, w));
	assert_int_equal(json_array_append_new(list, json_string(w)), 0);
	assert_true(ll_landlock_warn_seen(list, w));
	/* two files' warnings into the item's record: the Landlock one once */
	rec = json_array();
	assert_non_null(rec);
	assert_int_equal(ll_landlock_warn_extend(rec, list), 0);
	assert_int_equal(ll_landlock_warn_extend(rec, list), 0);
	assert_int_equal(json_array_size(rec), 3);
	assert_string_equal(
		json_string_value(json_array_get(rec, 2)), "line 3: odd");
	json_decref(rec);
	json_decref(list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(confined),
		cmocka_unit_test(confined_abi1),
		cmocka_unit_test(confined_abi2),
		cmocka_unit_test(nothing_granted),
		cmocka_unit_test(unavailable),
		cmocka_unit_test(warn_once),
	};

	return ll_unit_exit(cmocka_run_group_tests(tests, setup, teardown));
}
