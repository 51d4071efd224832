/* SPDX-License-Identifier: Apache-2.0 */
/* libregf (Windows NT registry hives), loaded where it is needed (core/dynlib.h). */
#ifndef LL_ANALYZE_REGF_LIB_H
#define LL_ANALYZE_REGF_LIB_H

#include "core/compat.h"

/* libregf's open over a libbfio handle (a hive inside a disk image, from memory) */
#define LIBREGF_HAVE_BFIO 1
#include <libbfio.h>
#include <libregf.h>

#include "core/dynlib.h"

/*
 * Only the hive reader's worker loads libregf.so.1 (the process that holds
 * the key and case.db never maps it: h0681): the functions it calls,
 * through this table.
 */
#define LL_REGF_FUNCS(X) \
	X(get_version) \
	X(error_sprint) \
	X(error_backtrace_sprint) \
	X(error_free) \
	X(file_initialize) \
	X(file_free) \
	X(file_open) \
	X(file_open_file_io_handle) \
	X(file_close) \
	X(file_is_corrupted) \
	X(file_get_root_key) \
	X(file_get_key_by_utf8_path) \
	X(key_free) \
	X(key_get_offset) \
	X(key_get_utf8_name_size) \
	X(key_get_utf8_name) \
	X(key_get_last_written_time) \
	X(key_get_number_of_sub_keys) \
	X(key_get_sub_key) \
	X(key_get_number_of_values) \
	X(key_get_value) \
	X(key_get_value_by_utf8_name) \
	X(value_free) \
	X(value_get_offset) \
	X(value_get_utf8_name_size) \
	X(value_get_utf8_name) \
	X(value_get_value_type) \
	X(value_get_value_data_size) \
	X(value_get_value_data)

#define LL_REGF_FIELD(name) LL_DYNLIB_FIELD(libregf_, name)
struct ll_regf_api {
	LL_REGF_FUNCS(LL_REGF_FIELD)
};

/*
 * The table, loaded on first use (thread-safe; never unloaded). Returns
 * NULL with the error set (LL_EUNSUPPORTED) when libregf.so.1 or one of its
 * functions cannot be loaded.
 */
const struct ll_regf_api *ll_regf_api_get(void);

/*
 * libbfio.so.1, libregf's own dependency: its memory range, through which
 * libregf reads a hive found inside a disk image from the bytes the image
 * reader read, after the worker's lock-down (no file is opened).
 */
#define LL_REGF_BFIO_FUNCS(X) \
	X(error_free) \
	X(handle_free) \
	X(memory_range_initialize) \
	X(memory_range_set)

#define LL_REGF_BFIO_FIELD(name) LL_DYNLIB_FIELD(libbfio_, name)
struct ll_regf_bfio_api {
	LL_REGF_BFIO_FUNCS(LL_REGF_BFIO_FIELD)
};

/* The table, or NULL with the error set (LL_EUNSUPPORTED). */
const struct ll_regf_bfio_api *ll_regf_bfio_api_get(void);

#endif
