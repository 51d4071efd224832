/* SPDX-License-Identifier: Apache-2.0 */
/* Timeline export in plaso's legacy l2tcsv (17 columns), from events of every source. */
#include "core/compat.h"
#include "casefile/export_rows.h"

#include <jansson.h>
#include <sqlite3.h>

#include "core/error.h"
#include "core/store.h"
#include "core/time.h"

/* plaso's l2tcsv replaces the delimiter inside fields; we also drop line breaks. */
static void put_field(FILE *out, const char *s)
{
	for (; *s; s++)
		putc(*s == ',' || *s == '\r' || *s == '\n' ? ' ' : *s, out);
}

static const char *macb_of(const char *desc, const char *macb)
{
	if (!strcmp(macb, "m") || !strcmp(desc, "Content Modification Time"))
		return "M...";
	if (!strcmp(macb, "a") || !strcmp(desc, "Last Access Time"))
		return ".A..";
	if (!strcmp(macb, "c") || !strcmp(desc, "Metadata Modification Time"))
		return "..C.";
	if (!strcmp(macb, "b") || !strcmp(desc, "Creation Time"))
		return "...B";
	return "....";
}

/* plaso's short source names: FILE for file-system times, EVT for event logs. */
static const char *short_source(const char *source)
{
	if (!strcmp(source, "fs"))
		return "FILE";
	if (!strcmp(source, "evtx") || !strcmp(source, "evt"))
		return "EVT";
	if (!strcmp(source, "web"))
		return "WEBHIST";
	return "LOG";
}

static void put_extra(FILE *out, sqlite3_stmt *s, json_t *attrs)
{
	const char *k;
	json_t *v;

	fputs("evidence_id: ", out);
	put_field(out, ll_export_col(s, LL_EV_EVIDENCE));
	fputs("; locator: ", out);
	put_field(out, ll_export_col(s, LL_EV_LOCATOR));
	if (*ll_export_col(s, LL_EV_RULE)) {
		fputs("; time_rule: ", out);
		put_field(out, ll_export_col(s, LL_EV_RULE));
	}
	json_object_foreach(attrs, k, v) {
		fputs("; ", out);
		put_field(out, k);
		fputs(": ", out);
		if (json_is_string(v)) {
			put_field(out, json_string_value(v));
		} else {
			char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

			if (t)
				put_field(out, t);
			free(t);
		}
	}
}

int ll_export_l2tcsv(FILE *out, struct ll_store *st,
		     const struct ll_export_filter *f, uint64_t *rows)
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	if ((rc = ll_export_events_query(&s, st, f)) < 0)
		return rc;
	fputs("date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,"
	      "version,filename,inode,notes,format,extra\n", out);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t ns = sqlite3_column_int64(s, LL_EV_TIME);
		int64_t sec = ll_export_body_seconds(false, ns);
		int64_t days = sec >= 0 ? sec / 86400 : -((-sec + 86399) / 86400);
		int64_t rem = sec - days * 86400, y;
		unsigned mo, d;
		json_t *attrs = json_loads(ll_export_col(s, LL_EV_ATTRS), 0, NULL);
		const char *macb = json_string_value(json_object_get(attrs, "macb"));
		const char *inode = json_string_value(json_object_get(attrs, "inode"));
		const char *msg = ll_export_col(s, LL_EV_MESSAGE);
		const char *v;

		if (!json_is_object(attrs)) {
			json_decref(attrs);
			attrs = json_object();
		}
		ll_civil_from_days(days, &y, &mo, &d);
		fprintf(out, "%02u/%02u/%04lld,%02d:%02d:%02d,UTC,%s,%s,", mo, d, (long long)y,
			(int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60),
			macb_of(ll_export_col(s, LL_EV_DESC), macb ? macb : ""),
			short_source(ll_export_col(s, LL_EV_SOURCE)));
		put_field(out, ll_export_col(s, LL_EV_SOURCE));
		putc(':', out);
		put_field(out, ll_export_col(s, LL_EV_PARSER));
		putc(',', out);
		put_field(out, ll_export_col(s, LL_EV_DESC));
		putc(',', out);
		v = ll_export_col(s, LL_EV_USER);
		put_field(out, *v ? v : "-");
		putc(',', out);
		v = ll_export_col(s, LL_EV_HOST);
		put_field(out, *v ? v : "-");
		putc(',', out);
		/* short: the message cut at 80 bytes on a UTF-8 boundary */
		{
			size_t n = strlen(msg);

			if (n > 80) {
				n = 80;
				while (n > 0 && ((unsigned char)msg[n] & 0xc0) == 0x80)
					n--;
			}
			for (size_t k = 0; k < n; k++)
				putc(msg[k] == ',' || msg[k] == '\r' || msg[k] == '\n' ? ' ' : msg[k], out);
		}
		putc(',', out);
		put_field(out, msg);
		fputs(",2,", out);
		v = ll_export_col(s, LL_EV_PATH);
		put_field(out, *v ? v : "-");
		putc(',', out);
		put_field(out, inode ? inode : "-");
		fputs(",-,", out);
		fputs("lifeline/", out);
		put_field(out, ll_export_col(s, LL_EV_PARSER));
		putc(',', out);
		put_extra(out, s, attrs);
		putc('\n', out);
		json_decref(attrs);
		(*rows)++;
	}
	if (step != SQLITE_DONE)
		rc = ll_store_error(st, "reading events");
	sqlite3_finalize(s);
	return rc;
}
