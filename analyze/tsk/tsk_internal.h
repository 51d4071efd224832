/* SPDX-License-Identifier: Apache-2.0 */
/* Private to analyze/tsk_*.c: the only place libtsk's headers are included. */
#ifndef LL_ANALYZE_TSK_INTERNAL_H
#define LL_ANALYZE_TSK_INTERNAL_H

#include "core/compat.h"

#include <tsk/libtsk.h>

#include "core/dynlib.h"

/*
 * libtsk.so.19 is loaded only by the process that walks an image, the
 * image reader's worker (core/dynlib.h): with it come its libyal libraries
 * (libewf, libvmdk, libvhdi, libbfio), which the process that holds the key
 * and case.db must not map. The functions analyze/tsk/ calls, through this
 * table.
 */
#define LL_TSK_FUNCS(X) \
	X(version_get_str) \
	X(error_get) \
	X(error_get_errno) \
	X(error_reset) \
	X(error_set_errno) \
	X(error_set_errstr) \
	X(img_open_utf8) \
	X(img_open_external) \
	X(img_read) \
	X(img_close) \
	X(img_type_toname) \
	X(vs_open) \
	X(vs_part_walk) \
	X(vs_close) \
	X(vs_type_toname) \
	X(pool_open_img_sing) \
	X(pool_close) \
	X(fs_open_img) \
	X(fs_close) \
	X(fs_type_toname) \
	X(fs_dir_walk) \
	X(fs_file_read) \
	X(fs_attr_read) \
	X(fs_file_open) \
	X(fs_file_open_meta) \
	X(fs_file_close) \
	X(fs_file_attr_getsize) \
	X(fs_file_attr_get_idx) \
	X(fs_meta_make_ls) \
	X(fs_name_type_str) /* data: fls's one-letter name types */

#define LL_TSK_FIELD(name) LL_DYNLIB_FIELD(tsk_, name)
struct ll_tsk_api {
	LL_TSK_FUNCS(LL_TSK_FIELD)
};

/*
 * The table, loaded on first use (thread-safe; never unloaded). Returns
 * NULL with the error set (LL_EUNSUPPORTED) when libtsk.so.19 or one of its
 * functions cannot be loaded.
 */
const struct ll_tsk_api *ll_tsk_api_get(void);

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

/*
 * tsk_vss.c: when the NTFS volume `v` (walked) holds a Volume Shadow Copy
 * catalog, lists its stores through cb->vss_store and walks each as a
 * volume (v->vss_store = N). Returns 0 or the callback's stop value.
 */
int ll_tsk_vss_walk(TSK_IMG_INFO *ti, const struct ll_tsk_walk_cb *cb,
		    const struct ll_tsk_volume *v);

/* tsk_bde.c: the BitLocker signature (-FVE-FS-) at `off`. */
bool ll_tsk_bde_at(TSK_IMG_INFO *ti, uint64_t off);
/*
 * The BitLocker volume `v`: described through cb->bde, then, when a key
 * was given and opens it, walked read-only (v->bde); else v->error says
 * why it was not. cb->volume is called for it. Returns 0 or the stop value.
 */
int ll_tsk_bde_walk(TSK_IMG_INFO *ti, const struct ll_tsk_walk_cb *cb, struct ll_tsk_volume *v);

#endif
