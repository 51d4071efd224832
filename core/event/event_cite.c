/* SPDX-License-Identifier: Apache-2.0 */
/* One event's place and words, for a link that cites it (core/event/event_cite.h). */
#include "core/compat.h"
#include "core/event/event_cite.h"

#include <sqlite3.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/store.h"

static int dup_col(char **out, sqlite3_stmt *s, int col)
{
	const char *v = (const char *)sqlite3_column_text(s, col);

	*out = NULL;
	if (!v)
		return 0;
	if (!(*out = ll_strdup(v)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

int ll_event_cite_load(struct ll_event_cite *out, struct ll_store *st, int64_t id)
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	memset(out, 0, sizeof(*out));
	if ((rc = ll_store_prepare(&s, st,
				   "SELECT time_ns, evidence_id, locator, host, user, message"
				   " FROM events WHERE id = ?")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->id = id;
		out->time_ns = sqlite3_column_int64(s, 0);
		if ((rc = dup_col(&out->evidence_id, s, 1)) < 0 || (rc = dup_col(&out->locator, s, 2)) < 0 ||
		    (rc = dup_col(&out->host, s, 3)) < 0 || (rc = dup_col(&out->user, s, 4)) < 0 ||
		    (rc = dup_col(&out->message, s, 5)) < 0)
			ll_event_cite_release(out);
	} else if (step == SQLITE_DONE) {
		rc = ll_error_set(LL_ENOTFOUND, "event %lld: not in the case's timeline", (long long)id);
	} else {
		rc = ll_store_error(st, "reading an event");
	}
	sqlite3_finalize(s);
	return rc;
}

void ll_event_cite_release(struct ll_event_cite *c)
{
	ll_free(c->evidence_id);
	ll_free(c->locator);
	ll_free(c->host);
	ll_free(c->user);
	ll_free(c->message);
	memset(c, 0, sizeof(*c));
}
