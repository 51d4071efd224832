/* SPDX-License-Identifier: Apache-2.0 */
/* The clinical reviewer of each harm event, read from its stored row (model_reviewers.h). */
#include "core/compat.h"
#include "casefile/report/model_reviewers.h"

#include <sqlite3.h>

#include "core/error.h"
#include "core/store.h"

static json_t *text_or_null(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t && *t ? json_string(t) : json_null();
}

int ll_model_harm_reviewers(json_t **out, struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	json_t *o = json_object();
	int rc;

	if (!o)
		return ll_error_set(LL_ENOMEM, "out of memory");
	/* a row that is not JSON reads as no reviewer, not as an error: it was validated on import */
	if ((rc = ll_store_prepare(&s, st,
				   "SELECT id, CASE WHEN json_valid(row) THEN json_extract(row, '$.reviewer_role') END,"
				   " CASE WHEN json_valid(row) THEN json_extract(row, '$.causality_method') END"
				   " FROM harm_events ORDER BY id")) < 0) {
		json_decref(o);
		return rc;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(s, 0);
		json_t *r = json_object();

		if (!id || !r || json_object_set_new(r, "reviewer_role", text_or_null(s, 1)) < 0 ||
		    json_object_set_new(r, "causality_method", text_or_null(s, 2)) < 0 ||
		    json_object_set_new(o, id, r) < 0) {
			sqlite3_finalize(s);
			json_decref(o);
			return ll_error_set(LL_ENOMEM, "out of memory");
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		json_decref(o);
		return ll_store_error(st, "reading the harm events' reviewers");
	}
	*out = o;
	return 0;
}
