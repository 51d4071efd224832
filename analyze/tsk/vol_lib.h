/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libbfio.so.1, libvshadow.so.1 and libbde.so.1: loaded on first use in the
 * image reader's worker only (core/dynlib.h), never in the process that
 * holds the key and case.db. libvshadow and libbde are linked by Debian to
 * the shared libbfio.so.1, so the handle bfio_img.c makes through this
 * table is the one they read through (dlopen returns the same object).
 */
#ifndef LL_ANALYZE_TSK_VOL_LIB_H
#define LL_ANALYZE_TSK_VOL_LIB_H

#include "core/compat.h"

#define LIBVSHADOW_HAVE_BFIO 1
#define LIBBDE_HAVE_BFIO 1
#include <libbfio.h>
#include <libvshadow.h>
#include <libbde.h>

#include "core/dynlib.h"

#define LL_BFIO_FUNCS(X) \
	X(error_free) \
	X(handle_initialize) \
	X(handle_free)

#define LL_BFIO_FIELD(name) LL_DYNLIB_FIELD(libbfio_, name)
struct ll_bfio_api {
	LL_BFIO_FUNCS(LL_BFIO_FIELD)
};

#define LL_VSHADOW_FUNCS(X) \
	X(get_version) \
	X(error_free) \
	X(error_sprint) \
	X(volume_initialize) \
	X(volume_free) \
	X(volume_open_file_io_handle) \
	X(volume_close) \
	X(volume_get_number_of_stores) \
	X(volume_get_store) \
	X(store_free) \
	X(store_get_identifier) \
	X(store_get_copy_identifier) \
	X(store_get_copy_set_identifier) \
	X(store_get_creation_time) \
	X(store_get_volume_size) \
	X(store_read_buffer_at_offset)

#define LL_VSHADOW_FIELD(name) LL_DYNLIB_FIELD(libvshadow_, name)
struct ll_vshadow_api {
	LL_VSHADOW_FUNCS(LL_VSHADOW_FIELD)
};

#define LL_BDE_FUNCS(X) \
	X(get_version) \
	X(error_free) \
	X(error_sprint) \
	X(volume_initialize) \
	X(volume_free) \
	X(volume_open_file_io_handle) \
	X(volume_close) \
	X(volume_is_locked) \
	X(volume_set_utf8_password) \
	X(volume_set_utf8_recovery_password) \
	X(volume_get_encryption_method) \
	X(volume_get_number_of_key_protectors) \
	X(volume_get_key_protector) \
	X(volume_get_volume_identifier) \
	X(volume_get_creation_time) \
	X(volume_get_size) \
	X(volume_read_buffer_at_offset) \
	X(key_protector_free) \
	X(key_protector_get_type) \
	X(key_protector_get_identifier)

#define LL_BDE_FIELD(name) LL_DYNLIB_FIELD(libbde_, name)
struct ll_bde_api {
	LL_BDE_FUNCS(LL_BDE_FIELD)
};

/* The tables, or NULL with the error set (LL_EUNSUPPORTED: the package missing). */
const struct ll_bfio_api *ll_bfio_api_get(void);
const struct ll_vshadow_api *ll_vshadow_api_get(void);
const struct ll_bde_api *ll_bde_api_get(void);

#endif
