/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libqcow.so.1, loaded on first use in the process that reads a QCOW image
 * (the image reader's worker, or the check worker that hashes it): never
 * in the process that holds the key and case.db (core/dynlib.h).
 */
#ifndef LL_ANALYZE_TSK_QCOW_LIB_H
#define LL_ANALYZE_TSK_QCOW_LIB_H

#include "core/compat.h"

#include <libqcow.h>

#include "core/dynlib.h"

#define LL_QCOW_FUNCS(X) \
	X(get_version) \
	X(error_free) \
	X(error_sprint) \
	X(file_initialize) \
	X(file_free) \
	X(file_open) \
	X(file_close) \
	X(file_read_buffer_at_offset) \
	X(file_get_media_size) \
	X(file_get_utf8_backing_filename_size) \
	X(file_get_utf8_backing_filename) \
	X(file_set_parent_file)

#define LL_QCOW_FIELD(name) LL_DYNLIB_FIELD(libqcow_, name)
struct ll_qcow_api {
	LL_QCOW_FUNCS(LL_QCOW_FIELD)
};

/* The table, or NULL with the error set (LL_EUNSUPPORTED: libqcow1 missing). */
const struct ll_qcow_api *ll_qcow_api_get(void);

#endif
