/* SPDX-License-Identifier: Apache-2.0 */
/* libevtx (Windows XML event logs), loaded where it is needed (core/dynlib.h). */
#ifndef LL_ANALYZE_EVTX_LIB_H
#define LL_ANALYZE_EVTX_LIB_H

#include "core/compat.h"

#include <libevtx.h>

#include "core/dynlib.h"

/*
 * Only the EVTX reader's worker loads libevtx.so.1 (the process that holds
 * the key and case.db never maps it): the functions it calls, through this
 * table.
 */
#define LL_EVTX_FUNCS(X) \
	X(get_version) \
	X(error_sprint) \
	X(error_free) \
	X(file_initialize) \
	X(file_free) \
	X(file_open) \
	X(file_close) \
	X(file_is_corrupted) \
	X(file_get_number_of_records) \
	X(file_get_record_by_index) \
	X(file_get_number_of_recovered_records) \
	X(file_get_recovered_record_by_index) \
	X(record_free) \
	X(record_get_identifier) \
	X(record_get_event_identifier) \
	X(record_get_written_time) \
	X(record_get_utf8_xml_string_size) \
	X(record_get_utf8_xml_string)

#define LL_EVTX_FIELD(name) LL_DYNLIB_FIELD(libevtx_, name)
struct ll_evtx_api {
	LL_EVTX_FUNCS(LL_EVTX_FIELD)
};

/*
 * The table, loaded on first use (thread-safe; never unloaded). Returns
 * NULL with the error set (LL_EUNSUPPORTED) when libevtx.so.1 or one of its
 * functions cannot be loaded.
 */
const struct ll_evtx_api *ll_evtx_api_get(void);

#endif
