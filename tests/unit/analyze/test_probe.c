/* SPDX-License-Identifier: Apache-2.0 */
/* The probe worker's pieces: the parent's check of its answers, the worker's one-open binding. */
#include "core/compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analyze/input.h"
#include "analyze/readers/readers.h"
#include "analyze/source.h"
#include "analyze/timeline.h"
#include "analyze/worker/probe.h"
#include "core/alloc.h"
#include "core/error.h"

/* A hostile worker may name anything: only a registered reader, and a whole-item one when asked. */
static void check_refuses(void **state)
{
	const struct ll_source_kind *k = &ll_source_syslog;

	LL_UNUSED(state);
	assert_int_equal(ll_worker_probe_check(&k, "none", false), 0);
	assert_null(k);
	assert_int_equal(ll_worker_probe_check(&k, "none", true), 0);
	assert_null(k);
	assert_int_equal(ll_worker_probe_check(&k, "syslog", false), 0);
	assert_ptr_equal(k, &ll_source_syslog);
	assert_int_equal(ll_worker_probe_check(&k, "tsk", true), 0);
	assert_non_null(k);
	assert_true(k->whole_item);
	assert_int_equal(ll_worker_probe_check(&k, "tsk", false), 0);
	assert_true(k->whole_item);
	/* a reader of single files for a disk image's first file */
	assert_int_equal(ll_worker_probe_check(&k, "syslog", true), LL_ECORRUPT);
	assert_null(k);
	assert_non_null(strstr(ll_error_message(), "'syslog' does not read whole items"));
	/* a kind that does not exist, or is spelt otherwise */
	assert_int_equal(ll_worker_probe_check(&k, "nosuch", false), LL_ECORRUPT);
	assert_null(k);
	assert_non_null(strstr(ll_error_message(), "no reader 'nosuch'"));
	assert_int_equal(ll_worker_probe_check(&k, "Syslog", false), LL_ECORRUPT);
	assert_int_equal(ll_worker_probe_check(&k, "", false), LL_ECORRUPT);
	assert_int_equal(ll_worker_probe_check(&k, "none ", true), LL_ECORRUPT);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/*
 * The probe worker binds each file in turn to its descriptor, for one
 * open (no copy is made), under a name that is not a path: the picker
 * reads it through the descriptor and gets what it gets from the file.
 */
static void bind_once_per_file(void **state)
{
	char a[] = "/tmp/ll-unit-probe-a.XXXXXX", b[] = "/tmp/ll-unit-probe-b.XXXXXX";
	const char *line = "Mar  1 10:00:00 ris01 sshd[10]: line\n";
	const struct ll_source_kind *by_path, *k = NULL;
	int fa, fb;

	LL_UNUSED(state);
	assert_true((fa = mkstemp(a)) >= 0);
	assert_true((fb = mkstemp(b)) >= 0);
	close(fa);
	close(fb);
	write_file(a, line);
	write_file(b, "\x01\x02 not a log\n");
	by_path = ll_timeline_pick_reader(a, false);
	assert_ptr_equal(by_path, &ll_source_syslog);
	/* without a cache: the in-process picker (runs without workers, fuzz targets) */
	assert_int_equal(ll_worker_probe_pick(&k, NULL, NULL, 0, a, false), 0);
	assert_ptr_equal(k, by_path);
	assert_null(ll_timeline_pick_reader(b, false));

	assert_true((fa = open(a, O_RDONLY)) >= 0);
	assert_true((fb = open(b, O_RDONLY)) >= 0);
	unlink(a);
	unlink(b);
	assert_int_equal(ll_input_bind_once("dir/a.log", fa), 0);
	assert_ptr_equal(ll_timeline_pick_reader("dir/a.log", false), &ll_source_syslog);
	assert_int_equal(ll_input_bind_once("dir/b.log", fb), 0);
	assert_null(ll_timeline_pick_reader("dir/b.log", false));
	/* the one open is used: the file is not opened again, by name or otherwise */
	assert_null(ll_timeline_pick_reader("dir/b.log", false));
	assert_int_equal(fcntl(fb, F_GETFD), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_refuses),
		cmocka_unit_test(bind_once_per_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
