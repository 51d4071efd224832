/* SPDX-License-Identifier: Apache-2.0 */
/* The event XML that libevtx renders, parsed into System fields and named data fields. */
#ifndef LL_ANALYZE_EVTX_XML_H
#define LL_ANALYZE_EVTX_XML_H

#include "core/compat.h"

/* One EventData/UserData field: name and decoded value (NUL-terminated). */
struct ll_evtx_field {
	const char *name;
	const char *value;
	size_t vlen;
};

/*
 * A parsed record. All strings point into `arena` (owned) and stay valid
 * until the next parse or release. Absent System fields are NULL.
 */
struct ll_evtx_doc {
	const char *provider, *provider_guid, *channel, *computer, *user_sid;
	const char *time_created; /* System/TimeCreated/@SystemTime */
	const char *event_id, *level, *task, *opcode, *keywords, *version;
	const char *record_id, *process_id, *thread_id;
	const char *qualifiers;
	struct ll_evtx_field *fields;
	size_t nfields;
	bool user_data; /* fields came from <UserData> */
	/* private */
	char *arena;
	size_t arena_cap, fields_cap;
	void *nodes, *attrs;
	size_t nodes_cap, attrs_cap;
};

/*
 * Parses the XML of one record (`len` bytes, need not be NUL-terminated).
 * Data elements without a Name become "Data" (if alone) or "Data1".."DataN";
 * UserData leaves are named by element. Returns LL_ECORRUPT with the byte
 * offset for XML it cannot read; the doc is then empty.
 */
int ll_evtx_xml_parse(struct ll_evtx_doc *d, const char *xml, size_t len);
void ll_evtx_doc_release(struct ll_evtx_doc *d);

/* The value of field `name`, or NULL. */
const char *ll_evtx_doc_get(const struct ll_evtx_doc *d, const char *name);

#endif
