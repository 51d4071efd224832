/* SPDX-License-Identifier: Apache-2.0 */
/* Private to analyze/tsk_*.c: the only place libtsk's headers are included. */
#ifndef LL_ANALYZE_TSK_INTERNAL_H
#define LL_ANALYZE_TSK_INTERNAL_H

#include "core/compat.h"

#include <tsk/libtsk.h>

struct ll_tsk_image {
	TSK_IMG_INFO *img;
	const char *format; /* the format when libtsk's name of it says less ("external") */
	int hidden_names;   /* img->num_img while it is 0 (ll_tsk_image_open_now) */
};

struct ll_tsk_volume;
struct ll_tsk_walk_cb;

/*
 * Opens and walks the file system at v->offset of `ti` (the image, or a
 * pool volume's image), fills `v` (fs_type NULL when none was recognised,
 * error pointing into errbuf); returns 0 or the callback's stop value.
 */
int ll_tsk_fs_walk(TSK_IMG_INFO *ti, const struct ll_tsk_walk_cb *cb,
		   struct ll_tsk_volume *v, char *errbuf, size_t errlen);

/* tsk_pool.c: an APFS container superblock ("NXSB") at `off`. */
bool ll_tsk_pool_at(TSK_IMG_INFO *ti, uint64_t off);
/*
 * Opens the pool at part->offset and walks each of its volumes, reporting
 * each through cb->volume (or the container itself when it cannot be read).
 */
int ll_tsk_pool_walk(TSK_IMG_INFO *ti, const struct ll_tsk_walk_cb *cb,
		     struct ll_tsk_volume *part);
/* When an LVM2 label is at v->offset, makes v->error say libtsk cannot read it. */
void ll_tsk_lvm_explain(TSK_IMG_INFO *ti, struct ll_tsk_volume *v, char *errbuf,
			size_t errlen);

#endif
