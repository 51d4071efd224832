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
