/* SPDX-License-Identifier: Apache-2.0 */
/* Timeline export as RFC 4180 CSV: every event column, Timesketch's three first, formulas neutralised. */
#include "core/compat.h"
#include "casefile/export/export_rows.h"


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
	struct ll_export_cursor *s = NULL;
	int rc, step;

	if ((rc = ll_export_events_open(&s, st, f)) < 0)
		return rc;
	fputs("datetime,timestamp_desc,message,evidence_id,source,parser,category,"
	      "host,user,path,event_code,locator,time_ns,orig_ns,time_raw,time_rule,"
	      "attrs,event_id\n", out);
	while ((step = ll_export_next(s)) > 0) {
		char dt[48];

		ll_time_format(dt, sizeof(dt), ll_export_int(s, LL_EV_TIME), 9);
		ll_export_csv_cell(out, dt);
		putc(',', out);
		ll_export_csv_cell(out, ll_export_col(s, LL_EV_DESC));
		putc(',', out);
		ll_export_csv_cell(out, ll_export_col(s, LL_EV_MESSAGE));
		for (size_t i = 0; i < LL_ARRAY_SIZE(cols); i++) {
			putc(',', out);
			/* an integer column holds an SQLite integer (or NULL), never evidence text */
			if (cols[i].number && ll_export_is_int(s, cols[i].col))
				fprintf(out, "%lld", (long long)ll_export_int(s, cols[i].col));
			else
				ll_export_csv_cell(out, ll_export_col(s, cols[i].col));
		}
		putc('\n', out);
		(*rows)++;
	}
	if (step < 0)
		rc = step;
	ll_export_cursor_free(s);
	return rc;
}
