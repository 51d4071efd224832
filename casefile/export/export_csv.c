/* SPDX-License-Identifier: Apache-2.0 */
/* Timeline export as RFC 4180 CSV: every event column, Timesketch's three first, formulas neutralised. */
#include "core/compat.h"
#include "casefile/export/export_rows.h"

#include <sqlite3.h>

#include "core/error.h"
#include "core/store.h"
#include "core/time.h"

int ll_export_csv(FILE *out, struct ll_store *st,
		  const struct ll_export_filter *f, uint64_t *rows)
{
	/* lifeline's integer columns (true = written as the number it is) */
	static const struct {
		int col;
		bool number;
	} cols[] = {
		{ LL_EV_EVIDENCE, false }, { LL_EV_SOURCE, false }, { LL_EV_PARSER, false }, { LL_EV_CATEGORY, false },
		{ LL_EV_HOST, false }, { LL_EV_USER, false }, { LL_EV_PATH, false }, { LL_EV_CODE, true },
		{ LL_EV_LOCATOR, false }, { LL_EV_TIME, true }, { LL_EV_ORIG, true }, { LL_EV_RAW, false },
		{ LL_EV_RULE, false }, { LL_EV_ATTRS, false }, { LL_EV_ID, true },
	};
	sqlite3_stmt *s = NULL;
	int rc, step;

	if ((rc = ll_export_events_query(&s, st, f)) < 0)
		return rc;
	fputs("datetime,timestamp_desc,message,evidence_id,source,parser,category,"
	      "host,user,path,event_code,locator,time_ns,orig_ns,time_raw,time_rule,"
	      "attrs,event_id\n", out);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		char dt[48];

		ll_time_format(dt, sizeof(dt), sqlite3_column_int64(s, LL_EV_TIME), 9);
		ll_export_csv_cell(out, dt);
		putc(',', out);
		ll_export_csv_cell(out, ll_export_col(s, LL_EV_DESC));
		putc(',', out);
		ll_export_csv_cell(out, ll_export_col(s, LL_EV_MESSAGE));
		for (size_t i = 0; i < LL_ARRAY_SIZE(cols); i++) {
			putc(',', out);
			/* an integer column holds an SQLite integer (or NULL), never evidence text */
			if (cols[i].number && sqlite3_column_type(s, cols[i].col) == SQLITE_INTEGER)
				fprintf(out, "%lld", (long long)sqlite3_column_int64(s, cols[i].col));
			else
				ll_export_csv_cell(out, ll_export_col(s, cols[i].col));
		}
		putc('\n', out);
		(*rows)++;
	}
	if (step != SQLITE_DONE)
		rc = ll_store_error(st, "reading events");
	sqlite3_finalize(s);
	return rc;
}
