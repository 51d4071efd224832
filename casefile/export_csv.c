/* SPDX-License-Identifier: Apache-2.0 */
/* Timeline export as RFC 4180 CSV: every event column, Timesketch's three first. */
#include "core/compat.h"
#include "casefile/export_rows.h"

#include <sqlite3.h>

#include "core/error.h"
#include "core/store.h"
#include "core/time.h"

int ll_export_csv(FILE *out, struct ll_store *st,
		  const struct ll_export_filter *f, uint64_t *rows)
{
	static const int cols[] = {
		LL_EV_EVIDENCE, LL_EV_SOURCE, LL_EV_PARSER, LL_EV_CATEGORY,
		LL_EV_HOST, LL_EV_USER, LL_EV_PATH, LL_EV_CODE, LL_EV_LOCATOR,
		LL_EV_TIME, LL_EV_ORIG, LL_EV_RAW, LL_EV_RULE, LL_EV_ATTRS, LL_EV_ID,
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
		fputs(dt, out);
		putc(',', out);
		ll_export_csv_field(out, ll_export_col(s, LL_EV_DESC));
		putc(',', out);
		ll_export_csv_field(out, ll_export_col(s, LL_EV_MESSAGE));
		for (size_t i = 0; i < LL_ARRAY_SIZE(cols); i++) {
			putc(',', out);
			ll_export_csv_field(out, ll_export_col(s, cols[i]));
		}
		putc('\n', out);
		(*rows)++;
	}
	if (step != SQLITE_DONE)
		rc = ll_store_error(st, "reading events");
	sqlite3_finalize(s);
	return rc;
}
