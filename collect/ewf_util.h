/* SPDX-License-Identifier: Apache-2.0 */
/* libewf, loaded where needed, and its error objects translated into lifeline errors. */
#ifndef LL_COLLECT_EWF_UTIL_H
#define LL_COLLECT_EWF_UTIL_H

#include "core/compat.h"

#include <libewf.h>

#include "core/dynlib.h"

/*
 * libewf.so.2 is loaded only where an E01 is written or read (core/dynlib.h):
 * `collect image --format e01` writes through it; reading one back, checking
 * its chunks and hashing its media run in the check worker (cli/check_main.c),
 * so the process that holds the key reads no E01 through libewf. The
 * functions collect/ calls, through this table.
 */
#define LL_EWF_FUNCS(X) \
	X(error_free) \
	X(error_sprint) \
	X(get_version) \
	X(glob) \
	X(glob_free) \
	X(handle_append_acquiry_error) \
	X(handle_close) \
	X(handle_free) \
	X(handle_get_bytes_per_sector) \
	X(handle_get_chunk_size) \
	X(handle_get_format) \
	X(handle_get_media_size) \
	X(handle_initialize) \
	X(handle_open) \
	X(handle_read_chunk) \
	X(handle_read_random) \
	X(handle_seek_offset) \
	X(handle_set_bytes_per_sector) \
	X(handle_set_compression_values) \
	X(handle_set_error_granularity) \
	X(handle_set_format) \
	X(handle_set_header_codepage) \
	X(handle_set_maximum_segment_size) \
	X(handle_set_md5_hash) \
	X(handle_set_media_flags) \
	X(handle_set_media_size) \
	X(handle_set_media_type) \
	X(handle_set_sectors_per_chunk) \
	X(handle_set_segment_file_set_identifier) \
	X(handle_set_sha1_hash) \
	X(handle_set_utf8_header_value) \
	X(handle_write_chunk) \
	X(handle_write_finalize)

#define LL_EWF_FIELD(name) LL_DYNLIB_FIELD(libewf_, name)
struct ll_ewf_api {
	LL_EWF_FUNCS(LL_EWF_FIELD)
};

/*
 * The table, loaded on first use (thread-safe; never unloaded). Returns
 * NULL with the error set (LL_EUNSUPPORTED) when libewf.so.2 or one of its
 * functions cannot be loaded.
 */
const struct ll_ewf_api *ll_ewf_api_get(void);

/*
 * Sets the last error to `code` with "what: <libewf message>", frees `*err`
 * and returns `code`.
 */
int ll_ewf_error(int code, libewf_error_t **err, const char *what);

#endif
