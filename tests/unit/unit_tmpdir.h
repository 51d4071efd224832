/* SPDX-License-Identifier: Apache-2.0 */
/* A scratch directory per unit-test group: made by setup, removed by teardown. */
#ifndef LL_TESTS_UNIT_TMPDIR_H
#define LL_TESTS_UNIT_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>

/* The group's directory, "/tmp/ll-unit-NAME.XXXXXX" once made. */
static char unit_dir[256];

/* mkdtemp under /tmp; 0 or -1 (cmocka group setup convention). */
static inline int unit_tmpdir_make(const char *name)
{
	snprintf(unit_dir, sizeof(unit_dir), "/tmp/ll-unit-%s.XXXXXX", name);
	return mkdtemp(unit_dir) ? 0 : -1;
}

/* Removes the directory, read-only files included (evidence is made 0444). */
static inline int unit_tmpdir_remove(void)
{
	char cmd[600];
	FILE *p;

	/* system() is banned in product code; tests clean up with a shell */
	snprintf(cmd, sizeof(cmd), "chmod -R u+w '%s' 2>/dev/null; rm -rf '%s'", unit_dir,
		 unit_dir);
	if ((p = popen(cmd, "r")))
		pclose(p);
	return 0;
}

#endif
