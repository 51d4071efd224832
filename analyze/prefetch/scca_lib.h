/* SPDX-License-Identifier: Apache-2.0 */
/* libscca (Windows Prefetch files), loaded where it is needed (core/dynlib.h). */
#ifndef LL_ANALYZE_SCCA_LIB_H
#define LL_ANALYZE_SCCA_LIB_H

#include "core/compat.h"

/* libscca's open over a libbfio handle (a file inside a disk image, from memory) */
#define LIBSCCA_HAVE_BFIO 1
#include <libbfio.h>
#include <libscca.h>

#include "core/dynlib.h"

/*
 * Only the Prefetch reader's worker loads libscca.so.1 (the process that
 * holds the key and case.db never maps it): the functions it calls, through
 * this table. Debian's libscca 20200717 reads format versions 17, 23, 26
 * and 30, and undoes the Windows 10 compression ("MAM\x04", LZXPRESS
 * Huffman, through its own libfwnt); version 31 (Windows 11) it refuses.
 */
#define LL_SCCA_FUNCS(X) \
	X(get_version) \
	X(error_sprint) \
	X(error_backtrace_sprint) \
	X(error_free) \
	X(file_initialize) \
	X(file_free) \
	X(file_open) \
	X(file_open_file_io_handle) \
	X(file_close) \
	X(file_get_format_version) \
	X(file_get_utf8_executable_filename_size) \
	X(file_get_utf8_executable_filename) \
	X(file_get_prefetch_hash) \
	X(file_get_last_run_time) \
	X(file_get_run_count) \
	X(file_get_number_of_filenames) \
	X(file_get_utf8_filename_size) \
	X(file_get_utf8_filename) \
	X(file_get_number_of_volumes) \
	X(file_get_volume_information) \
	X(volume_information_free) \
	X(volume_information_get_creation_time) \
	X(volume_information_get_serial_number) \
	X(volume_information_get_utf8_device_path_size) \
	X(volume_information_get_utf8_device_path)

#define LL_SCCA_FIELD(name) LL_DYNLIB_FIELD(libscca_, name)
struct ll_scca_api {
	LL_SCCA_FUNCS(LL_SCCA_FIELD)
};

/*
 * The table, loaded on first use (thread-safe; never unloaded). Returns
 * NULL with the error set (LL_EUNSUPPORTED) when libscca.so.1 or one of its
 * functions cannot be loaded.
 */
const struct ll_scca_api *ll_scca_api_get(void);

/*
 * libbfio.so.1, libscca's own dependency (the same object dlopen returns):
 * its memory range, through which libscca reads a Prefetch file found
 * inside a disk image from the bytes the image reader read, after the
 * worker's lock-down (no file is opened).
 */
#define LL_SCCA_BFIO_FUNCS(X) \
	X(error_free) \
	X(handle_free) \
	X(memory_range_initialize) \
	X(memory_range_set)

#define LL_SCCA_BFIO_FIELD(name) LL_DYNLIB_FIELD(libbfio_, name)
struct ll_scca_bfio_api {
	LL_SCCA_BFIO_FUNCS(LL_SCCA_BFIO_FIELD)
};

/* The table, or NULL with the error set (LL_EUNSUPPORTED). */
const struct ll_scca_bfio_api *ll_scca_bfio_api_get(void);

#endif
