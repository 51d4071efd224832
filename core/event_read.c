/* SPDX-License-Identifier: Apache-2.0 */
/* Reading the events table: counts and span, the file-system events the fs detectors walk. */
#include "core/compat.h"
#include "core/event.h"

#include <sqlite3.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/store.h"

struct ll_event_fs_cursor {
	sqlite3_stmt *s;
	struct ll_store *st;
};

int ll_event_fs_open(struct ll_event_fs_cursor **out, struct ll_store *st)
{
	struct ll_event_fs_cursor *c = ll_calloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	if (!c)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = ll_store_prepare(&c->s, st,
		"SELECT id, evidence_id, time_ns, path, json_extract(attrs, '$.macb'),"
		" json_extract(attrs, '$.size'), json_extract(attrs, '$.allocated'), host"
		" FROM events WHERE source = 'fs' AND path IS NOT NULL"
		" ORDER BY evidence_id, path, time_ns, id")) < 0) {
		ll_free(c);
		return rc;
	}
	c->st = st;
	*out = c;
	return 0;
}

int ll_event_fs_next(struct ll_fs_event *ev, struct ll_event_fs_cursor *c)
{
	int step = sqlite3_step(c->s);

	if (step == SQLITE_DONE)
		return 0;
	if (step != SQLITE_ROW)
		return ll_store_error(c->st, "reading file-system events");
	ev->id = sqlite3_column_int64(c->s, 0);
	ev->evidence_id = (const char *)sqlite3_column_text(c->s, 1);
	ev->time_ns = sqlite3_column_int64(c->s, 2);
	ev->path = (const char *)sqlite3_column_text(c->s, 3);
	ev->macb = (const char *)sqlite3_column_text(c->s, 4);
	ev->size = sqlite3_column_int64(c->s, 5);
	/* unknown counts as allocated: only a recorded false marks a deleted name */
	ev->allocated = sqlite3_column_type(c->s, 6) == SQLITE_NULL || sqlite3_column_int(c->s, 6);
	ev->host = (const char *)sqlite3_column_text(c->s, 7);
	return 1;
}

void ll_event_fs_free(struct ll_event_fs_cursor *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->s);
	ll_free(c);
}

int ll_event_stats(int64_t *count, bool *any, int64_t *first_ns, int64_t *last_ns,
		   struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*count = 0;
	*any = false;
	*first_ns = *last_ns = 0;
	if ((rc = ll_store_prepare(&s, st,
				   "SELECT count(*), min(time_ns), max(time_ns) FROM events")) < 0)
		return rc;
	/* an aggregate always gives its one row */
	if ((rc = ll_store_step_row(st, s, "counting events")) > 0) {
		rc = 0;
		*count = sqlite3_column_int64(s, 0);
		if (sqlite3_column_type(s, 1) != SQLITE_NULL) {
			*any = true;
			*first_ns = sqlite3_column_int64(s, 1);
			*last_ns = sqlite3_column_int64(s, 2);
		}
	}
	sqlite3_finalize(s);
	return rc;
}
