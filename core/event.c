/* SPDX-License-Identifier: Apache-2.0 */
/* Batched event insertion. */
#include "core/compat.h"
#include "core/event.h"

#include <sqlite3.h>

#include "core/error.h"
#include "core/store.h"

int ll_event_writer_init(struct ll_event_writer *w, struct ll_store *st,
			 int64_t clock_offset_s)
{
	w->st = st;
	w->clock_offset_s = clock_offset_s;
	w->count = 0;
	return ll_store_prepare(&w->ins, st,
				"INSERT INTO events(evidence_id, time_ns, orig_ns, time_desc,"
				" time_raw, time_rule, source, parser, category, host, user,"
				" path, event_code, locator, message, attrs)"
				" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
}

static void bind_opt(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

int ll_event_add(struct ll_event_writer *w, const struct ll_event *e,
		 int64_t *id_out)
{
	sqlite3_stmt *s = w->ins;

	if (!e->evidence_id || !e->time_desc || !e->source || !e->parser ||
	    !e->locator || !e->message)
		return ll_error_set(LL_EINVAL, "event lacks a required field");
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	sqlite3_bind_text(s, 1, e->evidence_id, -1, SQLITE_STATIC);
	if (w->clock_offset_s) {
		sqlite3_bind_int64(s, 2, e->time_ns + w->clock_offset_s * INT64_C(1000000000));
		sqlite3_bind_int64(s, 3, e->time_ns);
	} else {
		sqlite3_bind_int64(s, 2, e->time_ns);
	}
	sqlite3_bind_text(s, 4, e->time_desc, -1, SQLITE_STATIC);
	bind_opt(s, 5, e->time_raw);
	bind_opt(s, 6, e->time_rule);
	sqlite3_bind_text(s, 7, e->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, e->parser, -1, SQLITE_STATIC);
	bind_opt(s, 9, e->category);
	bind_opt(s, 10, e->host);
	bind_opt(s, 11, e->user);
	bind_opt(s, 12, e->path);
	if (e->event_code >= 0)
		sqlite3_bind_int64(s, 13, e->event_code);
	sqlite3_bind_text(s, 14, e->locator, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 15, e->message, -1, SQLITE_STATIC);
	bind_opt(s, 16, e->attrs);
	if (sqlite3_step(s) != SQLITE_DONE)
		return ll_store_error(w->st, "storing event");
	if (id_out)
		*id_out = sqlite3_last_insert_rowid(w->st->db);
	w->count++;
	return 0;
}

void ll_event_writer_release(struct ll_event_writer *w)
{
	sqlite3_finalize(w->ins);
	w->ins = NULL;
}

int ll_event_delete_evidence(struct ll_store *st, const char *evidence_id,
			     const char *source)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, st,
				   source ? "DELETE FROM events WHERE evidence_id = ? AND source = ?"
					  : "DELETE FROM events WHERE evidence_id = ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, evidence_id, -1, SQLITE_STATIC);
	if (source)
		sqlite3_bind_text(s, 2, source, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = ll_store_error(st, "deleting events");
	sqlite3_finalize(s);
	return rc;
}
