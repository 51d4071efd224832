/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A libbfio handle over a range of an open image (any format libtsk or
 * lifeline reads: raw, split, E01, VMDK, VHD, VHDX, QCOW2): libvshadow and
 * libbde read a volume inside the image through it, nothing extracted.
 */
#ifndef LL_ANALYZE_TSK_BFIO_IMG_H
#define LL_ANALYZE_TSK_BFIO_IMG_H

#include "core/compat.h"
#include "analyze/tsk/vol_lib.h"
#include "analyze/tsk/tsk_internal.h"

/*
 * A handle whose byte 0 is byte `offset` of `ti`, `length` bytes long
 * (clipped to the image's end). `ti` must outlive it. Free with
 * ll_bfio_img_free. Returns 0, or < 0 with the error set.
 */
int ll_bfio_img_open(libbfio_handle_t **out, TSK_IMG_INFO *ti, uint64_t offset, uint64_t length);
void ll_bfio_img_free(libbfio_handle_t **h);

/*
 * The first read through any handle since the reset that the image could
 * not give whole (failed, or cut short by its end): the image offset where
 * it stopped, or UINT64_MAX. Reset before a step whose failure is to be named.
 */
uint64_t ll_bfio_img_failed_at(void);
void ll_bfio_img_failed_reset(void);
/* The last such read: the one a library's open gave up on. */
uint64_t ll_bfio_img_last_failed_at(void);

#endif
