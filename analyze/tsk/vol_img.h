/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A libyal volume given to libtsk as an image of its own: a shadow copy
 * store (libvshadow) or an unlocked BitLocker volume (libbde). Both libraries
 * read "at offset" the same way, with an intptr_t handle and error, so one
 * image type serves both through a read function pointer; a failed read
 * names the image offset the volume could not be read at (bfio_img.h).
 */
#ifndef LL_ANALYZE_TSK_VOL_IMG_H
#define LL_ANALYZE_TSK_VOL_IMG_H

#include "core/compat.h"
#include "analyze/tsk/vol_lib.h"
#include "analyze/tsk/tsk_internal.h"

struct ll_vol_img_src {
	intptr_t *vol; /* libvshadow_store_t, libbde_volume_t: borrowed, outlives the image */
	/* libvshadow_store_read_buffer_at_offset, libbde_volume_read_buffer_at_offset */
	ssize_t (*read)(intptr_t *vol, void *buf, size_t len, off64_t off, intptr_t **e);
	int (*error_sprint)(intptr_t *e, char *buf, size_t len);
	void (*error_free)(intptr_t **e);
	const char *lib;  /* "libvshadow": said when the library gives no reason */
	const char *stat; /* the line img_stat prints: "volume shadow copy store (libvshadow)" */
	/*
	 * A read error's message begins with it, then the volume offset:
	 * "shadow copy store 2 read at offset" → "... offset 4096 (image
	 * offset N): why".
	 */
	char what[96];
};

/*
 * The source `vol` read by `readfn` of libyal table `api` (vol_lib.h), whose
 * error_sprint and error_free say why; `what` is then filled in.
 */
#define LL_VOL_IMG_SRC(api, v, readfn, libname, statline) \
	{ .vol = (v), .read = (api)->readfn, .error_sprint = (api)->error_sprint, \
	  .error_free = (api)->error_free, .lib = (libname), .stat = (statline) }

/*
 * The volume, `size` bytes (1 to INT64_MAX), as a TSK image; close with
 * libtsk's img_close. Returns < 0 with the error set (out of memory); 0 with
 * *out NULL when libtsk refused it (its error_get says why); 0 with *out set.
 */
int ll_vol_img_open(TSK_IMG_INFO **out, const struct ll_vol_img_src *src, uint64_t size);

/*
 * `buf` := "<what> unreadable (image offset N could not be read; the image
 * holds M bytes): <why>", or "<what> unreadable: <why>" when no read of the
 * image failed: a library's open that gave up (ll_bfio_img_last_failed_at).
 */
void ll_vol_unreadable(char *buf, size_t len, const char *what, const TSK_IMG_INFO *ti,
		       const char *why);

#endif
