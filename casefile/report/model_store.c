/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The case-file model's own reads of the case database (model_int.h): the
 * analyses joined with the rules detect could not evaluate, and cited events
 * with the harm redaction, which is an SQL expression of the case file
 * (casefile/redact.h). Everything else the model reads comes through the
 * tables' owners (core, analyze/detect, analyze/correlate).
 * NEEDSWORK: the PostgreSQL store (a later issue) needs these two queries
 * in its dialect, with export_store.c's.
 */
#include "core/compat.h"
#include "casefile/report/model_int.h"

#include <sqlite3.h>

#include "casefile/redact.h"
#include "core/error.h"
#include "core/json.h"
#include "core/name.h"
#include "core/store.h"

/* A text column; escaped (core/name.h) when its row escapes its text. */
static json_t *col_text(sqlite3_stmt *s, int i, bool esc)
{
	return ll_json_name((const char *)sqlite3_column_text(s, i), esc);
}

/*
 * JSON cannot carry text that is not UTF-8 (a file name is any bytes): a row
 * with such text has all its text columns percent-escaped and says so with
 * "name_encoding": "percent" (docs/formats/custody.md, "Names that are not UTF-8").
 */
static bool row_needs_escape(sqlite3_stmt *s, const char *const *keys, size_t nkeys)
{
	for (size_t i = 0; i < nkeys; i++) {
		const char *t;

		if (keys[i][0] != 't')
			continue;
		t = (const char *)sqlite3_column_text(s, (int)i);
		if (t && !ll_name_is_utf8(t))
			return true;
	}
	return false;
}

static json_t *col_int(sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return json_null();
	return json_integer(sqlite3_column_int64(s, i));
}

static json_t *col_time(sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return json_null();
	return ll_model_time(sqlite3_column_int64(s, i));
}

static json_t *col_json(sqlite3_stmt *s, int i)
{
	return ll_model_json_text((const char *)sqlite3_column_text(s, i));
}

/* Runs `sql` and turns each row into an object with `keys` (one per column,
 * prefixed t: text, i: integer, T: time, j: JSON). */
static int query(json_t **out, struct ll_store *st, const char *sql,
		 const char *const *keys, size_t nkeys, const char *bind)
{
	sqlite3_stmt *s = NULL;
	json_t *arr = json_array();
	int rc, step;

	if (!arr)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = ll_store_prepare(&s, st, sql)) < 0) {
		json_decref(arr);
		return rc;
	}
	if (bind)
		sqlite3_bind_text(s, 1, bind, -1, SQLITE_TRANSIENT);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *o = json_object();
		bool esc = row_needs_escape(s, keys, nkeys);

		if (esc)
			json_object_set_new(o, "name_encoding", json_string("percent"));
		for (size_t i = 0; i < nkeys; i++) {
			json_t *v;

			switch (keys[i][0]) {
			case 'i': v = col_int(s, (int)i); break;
			case 'T': v = col_time(s, (int)i); break;
			case 'j': v = col_json(s, (int)i); break;
			default: v = col_text(s, (int)i, esc); break;
			}
			json_object_set_new(o, keys[i] + 2, v);
		}
		json_array_append_new(arr, o);
	}
	if (step != SQLITE_DONE)
		rc = ll_store_error(st, "reading the case database");
	sqlite3_finalize(s);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

int ll_model_analyses(json_t **out, struct ll_store *st)
{
	static const char *const ak[] = {
		"t:evidence", "t:kind", "T:time", "j:options", "j:counts", "j:warnings",
		"j:command", "j:warning_codes",
	};

	return query(out, st,
		     "SELECT evidence_id, kind, time_ns, options, counts, warnings, command,"
		     " warning_codes FROM analyses"
		     /* rules `analyze detect` could not evaluate, per item: a limitation */
		     " UNION ALL SELECT e.evidence_id, 'detect (not evaluated)', max(d.time_ns),"
		     " NULL, json_object('not_evaluated', count(*)),"
		     " json_group_array('rule ' || d.rule_id || ' (' || d.title || ') not evaluated"
		     " on event ' || d.event_id || ': ' || d.error), NULL, NULL"
		     " FROM detect_unevaluated d JOIN events e ON e.id = d.event_id"
		     " GROUP BY e.evidence_id"
		     " ORDER BY 1, 2",
		     ak, LL_ARRAY_SIZE(ak), NULL);
}

int ll_model_cited_event(json_t **out, struct ll_store *st, const char *id, bool redact)
{
	static const char *const k[] = {
		"i:id", "t:evidence", "T:time", "t:time_desc", "t:source",
		"t:parser", "t:category", "t:host", "t:user", "t:path",
		"i:event_code", "t:locator", "t:message",
	};

	return query(out, st, redact ?
		     "SELECT id, evidence_id, time_ns, time_desc, source, parser,"
		     " category, host, user, path, event_code, locator,"
		     " CASE WHEN category = 'harm' THEN " LL_REDACT_HARM_MESSAGE_SQL
		     " ELSE message END"
		     " FROM events WHERE id = CAST(? AS INTEGER)" :
		     "SELECT id, evidence_id, time_ns, time_desc, source, parser,"
		     " category, host, user, path, event_code, locator, message"
		     " FROM events WHERE id = CAST(? AS INTEGER)",
		     k, LL_ARRAY_SIZE(k), id);
}
