/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The NTFS change journal inside an image (issue #19 items 6 and 7): the
 * walk finds $Extend/$UsnJrnl and hands its $J stream, read in place
 * through libtsk (nothing extracted), to the USN scanner (analyze/usn/).
 * Private to analyze/tsk/.
 */
#ifndef LL_ANALYZE_TSK_USN_H
#define LL_ANALYZE_TSK_USN_H

#include "core/compat.h"

#include "analyze/source.h"
#include "analyze/tsk/tsk_internal.h"
#include "analyze/tsk/tsk_walk.h"
#include "core/buf.h"

/* A $J stream of the file system being walked (valid during the callback). */
struct ll_tsk_stream {
	const TSK_FS_ATTR *attr;
	uint32_t block;                /* file-system block size */
	const TSK_FS_ATTR_RUN *cur;    /* the run the last lookup ended in */
};

/*
 * In the walk (tsk_walk.c's on_file): when `f` is $Extend/$UsnJrnl of an
 * NTFS file system with a $J stream, names it in `e` (inode as fls prints
 * it, "/$Extend/$UsnJrnl:$J") and calls cb->usnjrnl. 0 otherwise, or the
 * callback's value.
 */
int ll_tsk_usn_keep(struct ll_tsk_entry *e, struct ll_buf *path, TSK_FS_FILE *f,
		    const char *a_path, const struct ll_tsk_walk_cb *cb);

/* ll_usn_read_fn / ll_usn_data_fn over a struct ll_tsk_stream. */
int64_t ll_tsk_stream_read(void *stream, uint64_t off, void *buf, size_t n);
uint64_t ll_tsk_stream_next_data(void *stream, uint64_t off);

/*
 * The image reader's callback: the journal's records become events with
 * the locator "part_offset=…[;pool_block=…];inode=…;usn=<offset in $J>".
 */
int ll_tsk_usn_read(struct ll_source_ctx *ctx, const struct ll_tsk_entry *e,
		    struct ll_tsk_stream *s, uint64_t size);

#endif
