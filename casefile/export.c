/* SPDX-License-Identifier: Apache-2.0 */
/*
 * TEMPORARY timeline export (CSV and Timesketch JSONL over the events
 * table) so the casefile branch builds and tests on its own. TO BE
 * REPLACED AT MERGE by the real casefile/export_*.c of the timeline
 * branch: delete this file then; nothing else depends on its internals.
 */
#include "core/compat.h"
#include "casefile/export.h"

#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "core/error.h"
#include "core/store.h"
#include "core/time.h"

int ll_export_format_parse(enum ll_export_format *out, const char *name)
{
	static const struct {
		const char *name;
		enum ll_export_format fmt;
	} names[] = {
		{ "bodyfile", LL_EXPORT_BODYFILE }, { "mactime", LL_EXPORT_MACTIME },
		{ "l2tcsv", LL_EXPORT_L2TCSV }, { "jsonl", LL_EXPORT_JSONL },
		{ "csv", LL_EXPORT_CSV },
	};

	for (size_t i = 0; i < LL_ARRAY_SIZE(names); i++)
		if (!strcmp(names[i].name, name)) {
			*out = names[i].fmt;
			return 0;
		}
	return ll_error_set(LL_EINVAL, "unknown export format '%s'", name);
}

static void csv_field(FILE *out, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

int ll_timeline_export(FILE *out, struct ll_store *st, enum ll_export_format fmt,
		       const struct ll_export_filter *filter, uint64_t *rows_out)
{
	static const char *const cols[] = {
		"id", "evidence_id", "time_ns", "orig_ns", "time_desc", "time_raw",
		"time_rule", "source", "parser", "category", "host", "user", "path",
		"event_code", "locator", "message", "attrs",
	};
	sqlite3_stmt *s = NULL;
	uint64_t rows = 0;
	int rc, step;

	if (fmt != LL_EXPORT_CSV && fmt != LL_EXPORT_JSONL)
		return ll_error_set(LL_EUNSUPPORTED, "this build exports only csv and jsonl");
	if ((rc = ll_store_prepare(&s, st,
				   "SELECT id, evidence_id, time_ns, orig_ns, time_desc, time_raw,"
				   " time_rule, source, parser, category, host, user, path,"
				   " event_code, locator, message, attrs FROM events"
				   " WHERE (?1 IS NULL OR evidence_id = ?1)"
				   " AND (?2 IS NULL OR time_ns >= ?2) AND (?3 IS NULL OR time_ns <= ?3)"
				   " ORDER BY time_ns, id")) < 0)
		return rc;
	if (filter && filter->evidence_id)
		sqlite3_bind_text(s, 1, filter->evidence_id, -1, SQLITE_TRANSIENT);
	if (filter && filter->has_from)
		sqlite3_bind_int64(s, 2, filter->from_ns);
	if (filter && filter->has_to)
		sqlite3_bind_int64(s, 3, filter->to_ns);
	if (fmt == LL_EXPORT_CSV) {
		fputs("datetime", out);
		for (size_t i = 0; i < LL_ARRAY_SIZE(cols); i++)
			fprintf(out, ",%s", cols[i]);
		fputc('\n', out);
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		char t[48];

		ll_time_format(t, sizeof(t), sqlite3_column_int64(s, 2), 6);
		if (fmt == LL_EXPORT_CSV) {
			fputs(t, out);
			for (int i = 0; i < (int)LL_ARRAY_SIZE(cols); i++) {
				fputc(',', out);
				csv_field(out, (const char *)sqlite3_column_text(s, i));
			}
			fputc('\n', out);
		} else {
			json_t *o = json_object();
			char *line;

			json_object_set_new(o, "message", json_string((const char *)sqlite3_column_text(s, 15)));
			json_object_set_new(o, "datetime", json_string(t));
			json_object_set_new(o, "timestamp",
					    json_integer(sqlite3_column_int64(s, 2) / 1000));
			json_object_set_new(o, "timestamp_desc",
					    json_string((const char *)sqlite3_column_text(s, 4)));
			for (int i = 0; i < (int)LL_ARRAY_SIZE(cols); i++) {
				if (i == 2 || i == 4 || i == 15 ||
				    sqlite3_column_type(s, i) == SQLITE_NULL)
					continue;
				if (sqlite3_column_type(s, i) == SQLITE_INTEGER)
					json_object_set_new(o, cols[i],
							    json_integer(sqlite3_column_int64(s, i)));
				else
					json_object_set_new(o, cols[i],
							    json_string((const char *)sqlite3_column_text(s, i)));
			}
			line = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
			json_decref(o);
			if (!line) {
				sqlite3_finalize(s);
				return ll_error_set(LL_ENOMEM, "out of memory");
			}
			fputs(line, out);
			fputc('\n', out);
			free(line);
		}
		rows++;
	}
	if (step != SQLITE_DONE)
		rc = ll_store_error(st, "reading events");
	sqlite3_finalize(s);
	if (rc == 0 && ferror(out))
		rc = ll_error_set(LL_EIO, "cannot write the timeline export");
	if (rows_out)
		*rows_out = rows;
	return rc;
}
