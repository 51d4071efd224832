/* SPDX-License-Identifier: Apache-2.0 */
/* libevt (legacy Windows .evt logs), loaded where it is needed (core/dynlib.h). */
#ifndef LL_ANALYZE_EVT_LIB_H
#define LL_ANALYZE_EVT_LIB_H

#include "core/compat.h"

#include <libevt.h>

#include "core/dynlib.h"

/*
 * Debian's libevt, libevtx and libewf each carry and export their own copy
 * of the libyal helper libraries (libcdata, libfdata, libuna, libbfio …), of
 * different vintages. Linked into one process, the first copy of each
 * symbol wins for all three, and libevt 20200926 on libevtx 20181227's
 * helpers crashes (measured: a segfault reading an 11-record file). So
 * libevt is never linked: it is loaded with RTLD_LOCAL by the process that
 * reads an EVT file and called through this table.
 */
#define LL_EVT_FUNCS(X) \
	X(get_version) \
	X(error_sprint) \
	X(error_free) \
	X(file_initialize) \
	X(file_free) \
	X(file_open) \
	X(file_close) \
	X(file_get_flags) \
	X(file_is_corrupted) \
	X(file_get_number_of_records) \
	X(file_get_record_by_index) \
	X(file_get_number_of_recovered_records) \
	X(file_get_recovered_record_by_index) \
	X(record_free) \
	X(record_get_offset) \
	X(record_get_identifier) \
	X(record_get_creation_time) \
	X(record_get_written_time) \
	X(record_get_event_identifier) \
	X(record_get_event_type) \
	X(record_get_event_category) \
	X(record_get_utf8_source_name_size) \
	X(record_get_utf8_source_name) \
	X(record_get_utf8_computer_name_size) \
	X(record_get_utf8_computer_name) \
	X(record_get_utf8_user_security_identifier_size) \
	X(record_get_utf8_user_security_identifier) \
	X(record_get_number_of_strings) \
	X(record_get_utf8_string_size) \
	X(record_get_utf8_string) \
	X(record_get_data_size) \
	X(record_get_data)

#define LL_EVT_FIELD(name) LL_DYNLIB_FIELD(libevt_, name)
struct ll_evt_api {
	LL_EVT_FUNCS(LL_EVT_FIELD)
};

/*
 * The table, loaded on first use (thread-safe; never unloaded). Returns
 * NULL with the error set (LL_EUNSUPPORTED) when libevt.so.1 or one of its
 * functions cannot be loaded.
 */
const struct ll_evt_api *ll_evt_api_get(void);

#endif
