/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the timeline exports: filtered event rows in time order, CSV quoting. */
#include "core/compat.h"
#include "casefile/export/export_rows.h"

#include <sqlite3.h>

#include "casefile/redact.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/store.h"
#include "core/time.h"

int ll_export_events_query(sqlite3_stmt **out, struct ll_store *st,
			   const struct ll_export_filter *f)
{
	struct ll_buf sql = LL_BUF_INIT;
	char lo[64], hi[64];
	int rc, i = 1;

	ll_buf_init(&sql);
	ll_buf_puts(&sql, "SELECT id, evidence_id, time_ns, orig_ns, time_desc, time_raw,"
			  " time_rule, source, parser, category, host, user, path,"
			  " event_code, locator, ");
	if (f->redact_harm)
		ll_buf_puts(&sql, "CASE WHEN category = 'harm' THEN " LL_REDACT_HARM_MESSAGE_SQL
				  " ELSE message END, CASE WHEN category = 'harm' THEN "
				  LL_REDACT_HARM_ATTRS_SQL " ELSE attrs END");
	else
		ll_buf_puts(&sql, "message, attrs");
	ll_buf_puts(&sql, " FROM events_full WHERE 1");
	if (f->evidence_id)
		ll_buf_puts(&sql, " AND evidence_id = ?");
	if (f->has_from)
		ll_buf_puts(&sql, " AND time_ns >= ?");
	if (f->has_to)
		ll_buf_puts(&sql, " AND time_ns <= ?");
	if (f->has_part)
		/* locators of fs events start "part_offset=N;[pool_block=B;]" (a prefix range) */
		ll_buf_puts(&sql, " AND source = 'fs' AND locator >= ? AND locator < ?");
	if ((rc = ll_buf_puts(&sql, " ORDER BY time_ns, id")) < 0 ||
	    (rc = ll_store_prepare(out, st, sql.ptr)) < 0) {
		ll_buf_release(&sql);
		return rc;
	}
	ll_buf_release(&sql);
	if (f->evidence_id)
		sqlite3_bind_text(*out, i++, f->evidence_id, -1, SQLITE_TRANSIENT);
	if (f->has_from)
		sqlite3_bind_int64(*out, i++, f->from_ns);
	if (f->has_to)
		sqlite3_bind_int64(*out, i++, f->to_ns);
	if (f->has_part && f->has_pool) {
		snprintf(lo, sizeof(lo), "part_offset=%" PRIu64 ";pool_block=%" PRIu64 ";",
			 f->part_offset, f->pool_block);
		snprintf(hi, sizeof(hi), "part_offset=%" PRIu64 ";pool_block=%" PRIu64 "<",
			 f->part_offset, f->pool_block);
		sqlite3_bind_text(*out, i++, lo, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(*out, i++, hi, -1, SQLITE_TRANSIENT);
	} else if (f->has_part) {
		snprintf(lo, sizeof(lo), "part_offset=%" PRIu64 ";", f->part_offset);
		snprintf(hi, sizeof(hi), "part_offset=%" PRIu64 "<", f->part_offset);
		sqlite3_bind_text(*out, i++, lo, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(*out, i++, hi, -1, SQLITE_TRANSIENT);
	}
	return 0;
}

const char *ll_export_col(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	return t ? (const char *)t : "";
}

int64_t ll_export_body_seconds(bool is_null, int64_t ns)
{
	if (is_null)
		return 0;
	if (ns >= 0)
		return ns / LL_NS_PER_SEC;
	return -((-(ns + 1)) / LL_NS_PER_SEC) - 1;
}

int ll_export_fs_count(uint64_t *out, struct ll_store *st,
		       const struct ll_export_filter *f)
{
	sqlite3_stmt *s = NULL;
	int rc, i = 1;
	char sql[256];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM fs_volumes WHERE fs_type IS NOT NULL%s%s%s",
		 f->evidence_id ? " AND evidence_id = ?" : "",
		 f->has_part ? " AND part_offset = ?" : "",
		 f->has_part && f->has_pool ? " AND pool_block = ?" : "");
	if ((rc = ll_store_prepare(&s, st, sql)) < 0)
		return rc;
	if (f->evidence_id)
		sqlite3_bind_text(s, i++, f->evidence_id, -1, SQLITE_STATIC);
	if (f->has_part)
		sqlite3_bind_int64(s, i++, (sqlite3_int64)f->part_offset);
	if (f->has_part && f->has_pool)
		sqlite3_bind_int64(s, i++, (sqlite3_int64)f->pool_block);
	if (sqlite3_step(s) != SQLITE_ROW)
		rc = ll_store_error(st, "counting file systems");
	else
		*out = (uint64_t)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc;
}

void ll_export_csv_field(FILE *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

bool ll_export_formula_lead(const char *s)
{
	static const char *const wide[] = {
		"\xef\xbc\x9d", /* U+FF1D FULLWIDTH EQUALS SIGN */
		"\xef\xbc\x8b", /* U+FF0B FULLWIDTH PLUS SIGN */
		"\xef\xbc\x8d", /* U+FF0D FULLWIDTH HYPHEN-MINUS */
		"\xef\xbc\xa0", /* U+FF20 FULLWIDTH COMMERCIAL AT */
	};

	/* Spreadsheets that trim spaces on import (Google Sheets by default,
	 * LibreOffice's "Trim spaces") read " =1" as a formula too. */
	for (;;) {
		if (*s == ' ')
			s += 1;
		else if (!strncmp(s, "\xc2\xa0", 2)) /* U+00A0 NO-BREAK SPACE */
			s += 2;
		else if (!strncmp(s, "\xe3\x80\x80", 3)) /* U+3000 IDEOGRAPHIC SPACE */
			s += 3;
		else
			break;
	}
	if (*s && strchr("=+-@\t\r", *s))
		return true;
	for (size_t i = 0; i < LL_ARRAY_SIZE(wide); i++)
		if (!strncmp(s, wide[i], 3))
			return true;
	return false;
}

void ll_export_csv_cell(FILE *out, const char *s)
{
	if (!ll_export_formula_lead(s)) {
		ll_export_csv_field(out, s);
		return;
	}
	/* OWASP CSV injection: quoted, prefixed with ', quotes doubled */
	fputs("\"'", out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}
