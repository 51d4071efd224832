/* SPDX-License-Identifier: Apache-2.0 */
/* Timeline export in plaso's legacy l2tcsv (17 columns), from events of every source. */
#include "core/compat.h"
#include "casefile/export/export_rows.h"

#include <jansson.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/store.h"
#include "core/time.h"

/* plaso's l2tcsv replaces the delimiter inside fields; we also drop line breaks. */
static void put_field(FILE *out, const char *s)
{
	for (; *s; s++)
		putc(*s == ',' || *s == '\r' || *s == '\n' ? ' ' : *s, out);
}

/*
 * A whole field from evidence (at most `n` bytes of it): as put_field, and
 * when a spreadsheet would read it as a formula (= + - @ TAB CR, full-width
 * forms) or as a quoted cell (a leading "), quoted with "" doubling and,
 * for a formula, prefixed with ' (docs/formats/timeline.md).
 */
static void put_cell_n(FILE *out, const char *s, size_t n)
{
	/* a leading CR becomes a space here, which no spreadsheet reads as a formula */
	bool formula = *s != '\r' && ll_export_formula_lead(s);

	if (!formula && s[0] != '"') {
		for (size_t k = 0; k < n && s[k]; k++)
			putc(s[k] == ',' || s[k] == '\r' || s[k] == '\n' ? ' ' : s[k], out);
		return;
	}
	fputs(formula ? "\"'" : "\"", out);
	for (size_t k = 0; k < n && s[k]; k++) {
		if (s[k] == '"')
			putc('"', out);
		putc(s[k] == ',' || s[k] == '\r' || s[k] == '\n' ? ' ' : s[k], out);
	}
	putc('"', out);
}

static void put_cell(FILE *out, const char *s)
{
	put_cell_n(out, s, SIZE_MAX);
}

/* "-" is l2tcsv's own "empty" (not from evidence, so not neutralised) */
static void put_cell_or_dash(FILE *out, const char *s)
{
	if (s && *s)
		put_cell(out, s);
	else
		putc('-', out);
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

/* plaso's short source names: FILE for file-system times, EVT for event logs, REG for hives. */
static const char *short_source(const char *source)
{
	if (!strcmp(source, "fs"))
		return "FILE";
	if (!strcmp(source, "evtx") || !strcmp(source, "evt"))
		return "EVT";
	if (!strcmp(source, "web"))
		return "WEBHIST";
	if (!strcmp(source, "registry"))
		return "REG";
	return "LOG";
}

static void put_extra(FILE *out, struct ll_export_cursor *s, json_t *attrs)
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
	struct ll_export_cursor *s = NULL;
	int rc, step;

	if ((rc = ll_export_events_open(&s, st, f)) < 0)
		return rc;
	fputs("date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,"
	      "version,filename,inode,notes,format,extra\n", out);
	while ((step = ll_export_next(s)) > 0) {
		int64_t ns = ll_export_int(s, LL_EV_TIME);
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
		{
			/* sourcetype "source:parser", one cell */
			size_t n = strlen(ll_export_col(s, LL_EV_SOURCE)) +
				   strlen(ll_export_col(s, LL_EV_PARSER)) + 2;
			char *st2 = ll_malloc(n);

			if (!st2) {
				json_decref(attrs);
				rc = ll_error_set(LL_ENOMEM, "out of memory");
				break;
			}
			snprintf(st2, n, "%s:%s", ll_export_col(s, LL_EV_SOURCE),
				 ll_export_col(s, LL_EV_PARSER));
			put_cell(out, st2);
			ll_free(st2);
		}
		putc(',', out);
		put_cell(out, ll_export_col(s, LL_EV_DESC));
		putc(',', out);
		v = ll_export_col(s, LL_EV_USER);
		put_cell_or_dash(out, v);
		putc(',', out);
		v = ll_export_col(s, LL_EV_HOST);
		put_cell_or_dash(out, v);
		putc(',', out);
		/* short: the message cut at 80 bytes on a UTF-8 boundary */
		{
			size_t n = strlen(msg);

			if (n > 80) {
				n = 80;
				while (n > 0 && ((unsigned char)msg[n] & 0xc0) == 0x80)
					n--;
			}
			put_cell_n(out, msg, n);
		}
		putc(',', out);
		put_cell(out, msg);
		fputs(",2,", out);
		v = ll_export_col(s, LL_EV_PATH);
		put_cell_or_dash(out, v);
		putc(',', out);
		put_cell_or_dash(out, inode);
		fputs(",-,", out);
		fputs("lifeline/", out);
		put_field(out, ll_export_col(s, LL_EV_PARSER));
		putc(',', out);
		put_extra(out, s, attrs);
		putc('\n', out);
		json_decref(attrs);
		(*rows)++;
	}
	if (rc == 0 && step < 0)
		rc = step;
	ll_export_cursor_free(s);
	return rc;
}
