/* SPDX-License-Identifier: Apache-2.0 */
/* The SQL of `analyze correlate`: its result (table correlation) and the one events query it asks. */
#include "core/compat.h"
#include "analyze/correlate/correlate.h"

#include <sqlite3.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/store.h"

int ll_correlate_store(struct ll_store *st, int64_t time_ns, const char *options,
		       const char *doc)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, st,
				   "INSERT OR REPLACE INTO correlation(id, time_ns, options, doc)"
				   " VALUES (1, ?, ?, ?)")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, time_ns);
	sqlite3_bind_text(s, 2, options, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, doc, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = ll_store_error(st, "storing the correlation");
	sqlite3_finalize(s);
	return rc;
}

int ll_correlate_load(char **doc_out, int64_t *time_ns, struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	*doc_out = NULL;
	if ((rc = ll_store_prepare(&s, st, "SELECT doc, time_ns FROM correlation WHERE id = 1")) < 0)
		return rc;
	if ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);

		if (!t)
			rc = ll_error_set(LL_ECORRUPT,
					  "the stored correlation result is not a JSON object");
		else if (!(*doc_out = ll_strdup(t)))
			rc = ll_error_set(LL_ENOMEM, "out of memory");
		*time_ns = sqlite3_column_int64(s, 1);
	} else if (step != SQLITE_DONE) {
		rc = ll_store_error(st, "reading the correlation");
	}
	sqlite3_finalize(s);
	return rc;
}

/*
 * NEEDSWORK: this reads `events`, which core owns; it moves behind core's
 * event-reading API once there is one. Its errors read as "no such event",
 * as they always did: the link is then only weaker.
 */
int ll_correlate_events_name_host(bool *out, struct ll_store *st, const char *host,
				  const char *other, int64_t from, int64_t to)
{
	sqlite3_stmt *s = NULL;
	char pat[300];
	int rc;

	*out = false;
	snprintf(pat, sizeof(pat), "%%%s%%", other);
	if ((rc = ll_store_prepare(&s, st,
				   "SELECT 1 FROM events WHERE time_ns BETWEEN ? AND ?"
				   " AND (host = ? COLLATE NOCASE OR host LIKE ? || '.%')"
				   " AND (message LIKE ? OR attrs LIKE ?) LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, to);
	sqlite3_bind_text(s, 3, host, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, host, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, pat, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, pat, -1, SQLITE_STATIC);
	*out = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return 0;
}
