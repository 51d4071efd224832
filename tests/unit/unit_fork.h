/* SPDX-License-Identifier: Apache-2.0 */
/* A check that changes the process for good (a lock-down, a Landlock ruleset) runs in a child. */
#ifndef LL_TESTS_UNIT_FORK_H
#define LL_TESTS_UNIT_FORK_H

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs fn in a forked child that exits with its return value; returns the wait status. */
static inline int unit_fork_run(int (*fn)(void))
{
	int st;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(fn());
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

#endif
