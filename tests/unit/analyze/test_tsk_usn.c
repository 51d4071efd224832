/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit test of the $J stream's sparse runs (analyze/tsk/tsk_usn.c): the
 * journal's freed start is a sparse run, stepped over without a read. The
 * run list is built here as libtsk builds it for NTFS (offsets and lengths
 * in blocks, TSK_FS_ATTR_RUN_FLAG_SPARSE where the run has no clusters);
 * nothing of libtsk is called.
 */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <cmocka.h>

#include "analyze/tsk/tsk_usn.h"

#define B 4096u

static void sparse_runs(void **state)
{
	TSK_FS_ATTR_RUN r[4];
	TSK_FS_ATTR a;
	struct ll_tsk_stream s = { &a, B, NULL };

	(void)state;
	memset(r, 0, sizeof(r));
	memset(&a, 0, sizeof(a));
	/* sparse 0..99, data 100..109, sparse 110..119, data 120..129 */
	r[0] = (TSK_FS_ATTR_RUN){ &r[1], 0, 0, 100, 0, TSK_FS_ATTR_RUN_FLAG_SPARSE };
	r[1] = (TSK_FS_ATTR_RUN){ &r[2], 100, 5000, 10, 0, TSK_FS_ATTR_RUN_FLAG_NONE };
	r[2] = (TSK_FS_ATTR_RUN){ &r[3], 110, 0, 10, 0, TSK_FS_ATTR_RUN_FLAG_SPARSE };
	r[3] = (TSK_FS_ATTR_RUN){ NULL, 120, 6000, 10, 0, TSK_FS_ATTR_RUN_FLAG_NONE };
	a.flags = TSK_FS_ATTR_NONRES;
	a.size = 130 * B - 100;
	a.nrd.run = &r[0];
	a.nrd.initsize = a.size;
	assert_int_equal(ll_tsk_stream_next_data(&s, 0), 100 * B);
	assert_int_equal(ll_tsk_stream_next_data(&s, 99 * B + 8), 100 * B);
	assert_int_equal(ll_tsk_stream_next_data(&s, 100 * B + 8), 100 * B + 8);
	assert_int_equal(ll_tsk_stream_next_data(&s, 110 * B), 120 * B);
	assert_int_equal(ll_tsk_stream_next_data(&s, 125 * B), 125 * B);
	/* back to the start after the cached run moved on */
	assert_int_equal(ll_tsk_stream_next_data(&s, 8), 100 * B);
	/* two sparse runs in a row are one hole */
	r[1].flags = TSK_FS_ATTR_RUN_FLAG_SPARSE;
	s.cur = NULL;
	assert_int_equal(ll_tsk_stream_next_data(&s, 0), 120 * B);
	/* past the initialised size: nothing more to read */
	a.nrd.initsize = 121 * B;
	assert_int_equal(ll_tsk_stream_next_data(&s, 121 * B), (uint64_t)a.size);
	/* a resident stream: read as it is */
	a.flags = TSK_FS_ATTR_RES;
	assert_int_equal(ll_tsk_stream_next_data(&s, 16), 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sparse_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
