/* SPDX-License-Identifier: Apache-2.0 */
/* Reading the events table: counts and span, the file-system events the fs detectors walk. */
#include "core/compat.h"
#include "core/event/event.h"

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
		/* a shadow copy store's files are the volume's past, not its present state */
		" AND locator NOT LIKE '%;vss_store=%'"
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

/* The events ll_event_scan_attrs reads, and ll_event_count_attrs counts. */
#define ATTR_EVENTS " WHERE source IN ('evtx', 'audit', 'syslog', 'journal') AND attrs IS NOT NULL"

int ll_event_count_attrs(uint64_t *n, struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*n = 0;
	if ((rc = ll_store_prepare(&s, st, "SELECT count(*) FROM events" ATTR_EVENTS)) < 0)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW)
		*n = (uint64_t)sqlite3_column_int64(s, 0);
	else
		rc = ll_store_error(st, "counting events");
	sqlite3_finalize(s);
	return rc;
}

int ll_event_scan_attrs(struct ll_store *st, ll_attr_event_cb cb, void *payload)
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	if ((rc = ll_store_prepare(&s, st,
		"SELECT id, time_ns, host, attrs, source = 'audit', source, message FROM events"
		ATTR_EVENTS " ORDER BY id")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct ll_attr_event ev;

		ev.attrs = (const char *)sqlite3_column_text(s, 3);
		ev.attrs_len = (size_t)sqlite3_column_bytes(s, 3);
		ev.id = sqlite3_column_int64(s, 0);
		ev.time_ns = sqlite3_column_int64(s, 1);
		ev.host = (const char *)sqlite3_column_text(s, 2);
		ev.audit = sqlite3_column_int(s, 4) != 0;
		ev.source = (const char *)sqlite3_column_text(s, 5);
		ev.message = (const char *)sqlite3_column_text(s, 6);
		if ((rc = cb(&ev, payload)) < 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = ll_store_error(st, "reading events");
	sqlite3_finalize(s);
	return rc;
}

int ll_event_host_mentions(bool *out, struct ll_store *st, const char *host,
			   const char *other, int64_t from_ns, int64_t to_ns)
{
	sqlite3_stmt *s = NULL;
	char pat[300];
	int rc = 0, step;

	*out = false;
	snprintf(pat, sizeof(pat), "%%%s%%", other);
	if ((rc = ll_store_prepare(&s, st,
				   "SELECT 1 FROM events WHERE time_ns BETWEEN ? AND ?"
				   " AND (host = ? COLLATE NOCASE OR host LIKE ? || '.%')"
				   " AND (message LIKE ? OR attrs LIKE ?) LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, from_ns);
	sqlite3_bind_int64(s, 2, to_ns);
	sqlite3_bind_text(s, 3, host, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, host, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, pat, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, pat, -1, SQLITE_STATIC);
	if ((step = sqlite3_step(s)) == SQLITE_ROW)
		*out = true;
	else if (step != SQLITE_DONE)
		rc = ll_store_error(st, "reading events");
	sqlite3_finalize(s);
	return rc;
}

int ll_event_scan_movement(struct ll_store *st, ll_move_event_cb cb, void *payload)
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	/* the event ids analyze/movement/movement_win.c reads; every other source is
	 * narrowed to the records that can name a remote peer */
	if ((rc = ll_store_prepare(&s, st,
		"SELECT id, time_ns, event_code, evidence_id, source, parser, host, user, path,"
		" locator, message, attrs FROM events WHERE"
		" (source IN ('evtx', 'evt') AND event_code IN (6, 21, 25, 1149, 4624, 4625, 4648,"
		"  4697, 4698, 4702, 4778, 4779, 5140, 5145, 5858, 7045))"
		" OR (source IN ('syslog', 'journal') AND (message LIKE '%Accepted %'"
		"  OR message LIKE '%Failed %'))"
		" OR (source = 'login' AND attrs LIKE '%client_%')"
		" OR (source = 'audit' AND attrs LIKE '%client_ip%')"
		" OR (source = 'web' AND host IS NOT NULL)"
		" ORDER BY time_ns, id")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct ll_move_event ev;

		ev.id = sqlite3_column_int64(s, 0);
		ev.time_ns = sqlite3_column_int64(s, 1);
		ev.event_code = sqlite3_column_type(s, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 2);
		ev.evidence_id = (const char *)sqlite3_column_text(s, 3);
		ev.source = (const char *)sqlite3_column_text(s, 4);
		ev.parser = (const char *)sqlite3_column_text(s, 5);
		ev.host = (const char *)sqlite3_column_text(s, 6);
		ev.user = (const char *)sqlite3_column_text(s, 7);
		ev.path = (const char *)sqlite3_column_text(s, 8);
		ev.locator = (const char *)sqlite3_column_text(s, 9);
		ev.message = (const char *)sqlite3_column_text(s, 10);
		ev.attrs = (const char *)sqlite3_column_text(s, 11);
		if ((rc = cb(&ev, payload)) < 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = ll_store_error(st, "reading events for movement edges");
	sqlite3_finalize(s);
	return rc;
}

int ll_event_vss_catalog(struct ll_store *st, const char *evidence_id, int64_t *count,
			 int64_t *first_ns, int64_t *last_ns)
{
	sqlite3_stmt *s;
	int rc, step;

	*count = *first_ns = *last_ns = 0;
	if ((rc = ll_store_prepare(&s, st,
		"SELECT count(*), min(time_ns), max(time_ns) FROM events"
		" WHERE evidence_id = ? AND source = 'vss'")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, evidence_id, -1, SQLITE_STATIC);
	step = sqlite3_step(s);
	if (step != SQLITE_ROW) {
		rc = ll_store_error(st, "reading shadow copy stores");
	} else {
		*count = sqlite3_column_int64(s, 0);
		*first_ns = sqlite3_column_int64(s, 1);
		*last_ns = sqlite3_column_int64(s, 2);
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}
