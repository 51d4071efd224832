/* SPDX-License-Identifier: Apache-2.0 */
/* libtsk.so.19, loaded on first use in the image reader's worker (tsk_internal.h). */
#include "core/compat.h"
#include "analyze/tsk/tsk_internal.h"

/* the table itself; ll_tsk_api_get below opens libbfio.so.1 first */
const struct ll_tsk_api *ll_tsk_api_table(void);
LL_DYNLIB_DEFINE(ll_tsk_api_table, struct ll_tsk_api, LL_TSK_FUNCS, "libtsk.so.19", "libtsk19",
		 "tsk_")

/*
 * libtsk's group holds libvhdi and libewf, which carry their own copies of
 * libbfio, ahead of libbfio.so.1 itself: loaded first as libtsk's
 * dependency, libbfio.so.1's calls to its own functions bound to those
 * copies, and a handle libregf's reader made through libbfio.so.1 (a hive
 * read from an image's bytes, regf_lib.h) was then handled by code of
 * another vintage: a crash in libregf_file_open_file_io_handle when the
 * image was read in-process. The image worker happened to load libscca
 * (and so libbfio.so.1) first (tsk_source.c's prepare); now every process
 * does, whatever it loads first.
 */
static pthread_once_t bfio_first = PTHREAD_ONCE_INIT;
static void *bfio_handle; /* kept open for the process's life, as every table's library */

static void open_bfio_first(void)
{
	bfio_handle = ll_dynlib_preload("libbfio.so.1");
}

const struct ll_tsk_api *ll_tsk_api_get(void)
{
	pthread_once(&bfio_first, open_bfio_first);
	return ll_tsk_api_table();
}
