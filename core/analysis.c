/* SPDX-License-Identifier: Apache-2.0 */
/* The analyses table's SQL (core owns it: analyze writes it, the case file reads it). */
#include "core/compat.h"
#include "core/analysis.h"

#include <sqlite3.h>

#include "core/alloc.h"
#include "core/cmdline.h"
#include "core/error.h"
#include "core/store.h"
#include "core/time.h"

int ll_analysis_record(struct ll_store *st, const char *evidence_id, const char *kind,
		       const char *options, const char *counts, const char *warnings)
{
	sqlite3_stmt *s = NULL;
	char *command = ll_cmdline_json(); /* NULL (no command line known) is stored as NULL */
	int rc;

	if ((rc = ll_store_prepare(&s, st,
				   "INSERT OR REPLACE INTO analyses(evidence_id, kind, time_ns,"
				   " options, counts, warnings, command) VALUES (?, ?, ?, ?, ?, ?, ?)")) < 0) {
		ll_free(command);
		return rc;
	}
	sqlite3_bind_text(s, 7, command, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 1, evidence_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, ll_time_now_ns());
	sqlite3_bind_text(s, 4, options, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, counts, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, warnings, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = ll_store_error(st, "recording the analysis");
	sqlite3_finalize(s);
	ll_free(command);
	return rc;
}

int ll_analysis_replace_warnings(struct ll_store *st, const char *evidence_id, const char *kind,
				 const char *prefix, const char *texts)
{
	sqlite3_stmt *s = NULL;
	int rc;

	/* kept in their order, the pass's own after them; substr, not LIKE: no wildcards */
	if ((rc = ll_store_prepare(&s, st,
				   "UPDATE analyses SET warnings = (SELECT json_group_array(value) FROM"
				   " (SELECT value FROM json_each(COALESCE(analyses.warnings, '[]'))"
				   "  WHERE type <> 'text' OR substr(value, 1, length(?1)) <> ?1"
				   "  UNION ALL SELECT value FROM json_each(?2)))"
				   " WHERE evidence_id = ?3 AND kind = ?4")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, texts, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, evidence_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, kind, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = ll_store_error(st, "recording the analysis's warnings");
	sqlite3_finalize(s);
	return rc;
}

int ll_analysis_set_warning_codes(struct ll_store *st, const char *evidence_id, const char *kind,
				  const char *codes)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, st,
				   "UPDATE analyses SET warning_codes = ?1 WHERE evidence_id = ?2 AND kind = ?3")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, codes, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, evidence_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = ll_store_error(st, "recording the analysis's warning codes");
	sqlite3_finalize(s);
	return rc;
}
