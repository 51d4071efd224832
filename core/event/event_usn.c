/* SPDX-License-Identifier: Apache-2.0 */
/* The change journal's events for the detectors (event_usn.h); owner: the events table's. */
#include "core/compat.h"
#include "core/event/event_usn.h"

#include <sqlite3.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/store.h"

struct ll_event_usn_cursor {
	sqlite3_stmt *s;
	struct ll_store *st;
};

int ll_event_usn_open(struct ll_event_usn_cursor **out, struct ll_store *st)
{
	struct ll_event_usn_cursor *c = ll_calloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	if (!c)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = ll_store_prepare(&c->s, st,
		"SELECT id, evidence_id, time_ns, host, json_extract(attrs, '$.reason'),"
		" json_extract(attrs, '$.file_entry'), json_extract(attrs, '$.file_seq'),"
		" json_extract(attrs, '$.name')"
		" FROM events WHERE source = 'usnjrnl'"
		" AND (json_extract(attrs, '$.reason') & 8195) != 0"
		" ORDER BY evidence_id, time_ns, id")) < 0) {
		ll_free(c);
		return rc;
	}
	c->st = st;
	*out = c;
	return 0;
}

int ll_event_usn_next(struct ll_usn_event *ev, struct ll_event_usn_cursor *c)
{
	int step = sqlite3_step(c->s);
	const char *name;

	if (step == SQLITE_DONE)
		return 0;
	if (step != SQLITE_ROW)
		return ll_store_error(c->st, "reading change journal events");
	ev->id = sqlite3_column_int64(c->s, 0);
	ev->evidence_id = (const char *)sqlite3_column_text(c->s, 1);
	ev->time_ns = sqlite3_column_int64(c->s, 2);
	ev->host = (const char *)sqlite3_column_text(c->s, 3);
	ev->reason = (uint32_t)sqlite3_column_int64(c->s, 4);
	ev->file_entry = (uint64_t)sqlite3_column_int64(c->s, 5);
	ev->file_seq = (uint32_t)sqlite3_column_int64(c->s, 6);
	name = (const char *)sqlite3_column_text(c->s, 7);
	ev->name = name ? name : "";
	return 1;
}

void ll_event_usn_free(struct ll_event_usn_cursor *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->s);
	ll_free(c);
}
