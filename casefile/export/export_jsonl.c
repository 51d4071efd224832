/* SPDX-License-Identifier: Apache-2.0 */
/* Timeline export as JSON Lines for Timesketch: bounded keys (export_bounded.c), or the old wide form. */
#include "core/compat.h"
#include "casefile/export/export_rows.h"

#include <jansson.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/json.h"
#include "core/store.h"
#include "core/time.h"

static void set_text(json_t *o, const char *k, struct ll_export_cursor *s, int col)
{
	const char *t = ll_export_text(s, col);

	if (t)
		json_object_set_new(o, k, ll_json_string_lossy(t, ll_export_bytes(s, col)));
}

/*
 * The wide form (--format jsonl-wide, lifeline before 0.x): the Timesketch
 * fields first, then ours, then each attribute as a key of its own. Its
 * keys grow with the sources; kept for readers that expect them.
 */
static json_t *row_json(struct ll_export_cursor *s)
{
	int64_t ns = ll_export_int(s, LL_EV_TIME);
	int64_t us = ns >= 0 ? ns / 1000 : -((-(ns + 1)) / 1000) - 1;
	char dt[48], full[48];
	json_t *o = json_object(), *attrs;
	const char *k;
	json_t *v;

	ll_time_format(dt, sizeof(dt), ns, 6);
	ll_time_format(full, sizeof(full), ns, 9);
	/* Timesketch's example form: +00:00 rather than Z */
	if (strlen(dt) > 1 && dt[strlen(dt) - 1] == 'Z') {
		dt[strlen(dt) - 1] = '\0';
		size_t n = strlen(dt);

		if (n + 7 < sizeof(dt))
			memcpy(dt + n, "+00:00", 7);
	}
	set_text(o, "message", s, LL_EV_MESSAGE);
	json_object_set_new(o, "datetime", json_string(dt));
	json_object_set_new(o, "timestamp", json_integer((json_int_t)us));
	set_text(o, "timestamp_desc", s, LL_EV_DESC);
	json_object_set_new(o, "time", json_string(full));
	json_object_set_new(o, "time_ns", json_integer((json_int_t)ns));
	if (!ll_export_is_null(s, LL_EV_ORIG))
		json_object_set_new(o, "orig_ns", json_integer(ll_export_int(s, LL_EV_ORIG)));
	set_text(o, "time_raw", s, LL_EV_RAW);
	set_text(o, "time_rule", s, LL_EV_RULE);
	set_text(o, "evidence_id", s, LL_EV_EVIDENCE);
	set_text(o, "source", s, LL_EV_SOURCE);
	set_text(o, "parser", s, LL_EV_PARSER);
	{
		char dtype[96];

		snprintf(dtype, sizeof(dtype), "lifeline:%s:%s", ll_export_col(s, LL_EV_SOURCE),
			 ll_export_col(s, LL_EV_PARSER));
		json_object_set_new(o, "data_type", ll_json_string_lossy(dtype, strlen(dtype)));
	}
	set_text(o, "category", s, LL_EV_CATEGORY);
	set_text(o, "hostname", s, LL_EV_HOST);
	set_text(o, "username", s, LL_EV_USER);
	set_text(o, "path", s, LL_EV_PATH);
	if (!ll_export_is_null(s, LL_EV_CODE))
		json_object_set_new(o, "event_code", json_integer(ll_export_int(s, LL_EV_CODE)));
	set_text(o, "locator", s, LL_EV_LOCATOR);
	json_object_set_new(o, "event_id", json_integer(ll_export_int(s, LL_EV_ID)));
	attrs = json_loads(ll_export_col(s, LL_EV_ATTRS), 0, NULL);
	json_object_foreach(attrs, k, v) {
		/* an attribute never hides one of our fields */
		if (json_object_get(o, k)) {
			char alt[256];

			snprintf(alt, sizeof(alt), "attr_%s", k);
			json_object_set(o, alt, v);
		} else {
			json_object_set(o, k, v);
		}
	}
	json_decref(attrs);
	return o;
}

int ll_export_jsonl_wide(FILE *out, struct ll_store *st,
			 const struct ll_export_filter *f, uint64_t *rows)
{
	struct ll_export_cursor *s = NULL;
	int rc, step;

	if ((rc = ll_export_events_open(&s, st, f)) < 0)
		return rc;
	while ((step = ll_export_next(s)) > 0) {
		json_t *o = row_json(s);

		if (!o || json_dumpf(o, out, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0) {
			json_decref(o);
			ll_export_cursor_free(s);
			return ll_error_set(LL_EIO, "writing JSON Lines");
		}
		putc('\n', out);
		json_decref(o);
		if (f->out_of_range && !ll_export_year_ok(ll_export_int(s, LL_EV_TIME)))
			(*f->out_of_range)++;
		(*rows)++;
	}
	if (step < 0)
		rc = step;
	ll_export_cursor_free(s);
	return rc;
}

int ll_export_jsonl(FILE *out, struct ll_store *st,
		    const struct ll_export_filter *f, uint64_t *rows)
{
	struct ll_export_cursor *s = NULL;
	struct ll_buf line = LL_BUF_INIT;
	bool cut;
	int rc, step;

	ll_buf_init(&line);
	if ((rc = ll_export_events_open(&s, st, f)) < 0)
		return rc;
	while ((step = ll_export_next(s)) > 0) {
		ll_buf_reset(&line);
		if ((rc = ll_export_bounded_doc(&line, &cut, s)) < 0 ||
		    (rc = ll_buf_putc(&line, '\n')) < 0)
			break;
		if (fwrite(line.ptr, 1, line.len, out) != line.len) {
			rc = ll_error_set(LL_EIO, "writing JSON Lines");
			break;
		}
		if (f->out_of_range && !ll_export_year_ok(ll_export_int(s, LL_EV_TIME)))
			(*f->out_of_range)++;
		(*rows)++;
	}
	if (rc == 0 && step < 0)
		rc = step;
	ll_buf_release(&line);
	ll_export_cursor_free(s);
	return rc;
}
