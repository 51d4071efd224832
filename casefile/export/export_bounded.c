/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One event as a JSON document with a bounded set of top-level keys, for
 * Timesketch JSONL and OpenSearch _bulk. Timesketch puts every timeline of
 * a sketch in OpenSearch indexes whose mappings stop at 1,000 fields
 * (index.mapping.total_fields.limit); a dynamic string key costs a text
 * field and its .keyword, so about 454 distinct keys (1000 / 2 / 1.1) over
 * every timeline of a sketch fail the import. Keys named after what each
 * source parsed grow with the sources (142 on the sample incident), so the
 * per-source attributes go into ONE key, "attributes", as the JSON text of
 * the object: lossless and unambiguous (a "k: v | k: v" text, as Hayabusa's
 * Timesketch profile writes, cannot be split back when a value holds " | "
 * and evidence chooses its values), still searched word by word by
 * Timesketch's full-text query. An attribute named like one of our keys or
 * a Timesketch field ("datetime", "__ts_timeline_id") stays inside it.
 */
#include "core/compat.h"
#include "casefile/export/export_rows.h"

#include <jansson.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/json.h"
#include "core/time.h"

/*
 * Every key a document may have, in the order written. Beyond Timesketch's
 * and the fields: path, category, event_code and parser are what
 * analysts filter on (a Windows event id above all); time_ns keeps the
 * nanoseconds Timesketch's microsecond timestamp drops; orig_ns, time_raw
 * and time_rule say how the time became UTC (the time as found, the clock
 * offset), which an expert is asked about; truncated says a value was cut.
 */
const char *const ll_export_bounded_keys[] = {
	"message", "datetime", "timestamp", "timestamp_desc", "data_type",
	"hostname", "username", "source", "parser", "evidence", "locator",
	"event_id", "path", "event_code", "category", "time_ns", "orig_ns",
	"time_raw", "time_rule", "attributes", "truncated",
};
const size_t ll_export_bounded_nkeys = LL_ARRAY_SIZE(ll_export_bounded_keys);

/*
 * Caps in bytes of evidence text: with JSON's worst escaping (a control
 * byte becomes \u00XX, 6 bytes) the line stays under LL_EXPORT_LINE_MAX:
 * (64 KiB + 256 KiB + 11 x 8 KiB) x 6 = 2.45 MB, plus the keys.
 */
#define CAP_MESSAGE 65536u
#define CAP_ATTRS 262144u
#define CAP_TEXT 8192u

/* 1700-01-01T00:00:00Z and 9999-12-31T23:59:59Z in seconds */
#define YEAR_MIN_SEC INT64_C(-8520336000)
#define YEAR_MAX_SEC INT64_C(253402300799)

bool ll_export_year_ok(int64_t ns)
{
	int64_t sec = ns >= 0 ? ns / LL_NS_PER_SEC : -((-(ns + 1)) / LL_NS_PER_SEC) - 1;

	return sec >= YEAR_MIN_SEC && sec <= YEAR_MAX_SEC;
}

struct doc {
	json_t *o;
	struct ll_buf cut; /* names of the values cut, comma-separated */
	int rc;
};

/* `len` bytes of `t` cut to `cap`, backing off a UTF-8 sequence cut in two. */
static size_t capped(struct doc *d, const char *key, const char *t, size_t len, size_t cap)
{
	if (len <= cap)
		return len;
	len = cap;
	for (int i = 0; i < 3 && len > 0 && ((unsigned char)t[len] & 0xC0) == 0x80; i++)
		len--;
	if (d->cut.len)
		ll_buf_putc(&d->cut, ',');
	ll_buf_puts(&d->cut, key);
	return len;
}

static void set(struct doc *d, const char *key, json_t *v)
{
	if (!v || json_object_set_new(d->o, key, v) != 0)
		d->rc = LL_ENOMEM;
}

static void set_text(struct doc *d, const char *key, struct ll_export_cursor *s, int col,
		     size_t cap)
{
	const char *t = ll_export_text(s, col);

	if (t)
		set(d, key, ll_json_string_lossy(t, capped(d, key, t, ll_export_bytes(s, col), cap)));
}

static int put_cb(const char *buf, size_t size, void *payload)
{
	return ll_buf_put(payload, buf, size) < 0 ? -1 : 0;
}

int ll_export_bounded_doc(struct ll_buf *out, bool *truncated, struct ll_export_cursor *s)
{
	int64_t ns = ll_export_int(s, LL_EV_TIME);
	int64_t us = ns >= 0 ? ns / 1000 : -((-(ns + 1)) / 1000) - 1;
	struct doc d = { json_object(), LL_BUF_INIT, 0 };
	char dt[48], dtype[CAP_TEXT * 2 + 16];
	size_t start = out->len, n;
	int rc;

	ll_buf_init(&d.cut);
	*truncated = false;
	if (!d.o)
		return ll_error_set(LL_ENOMEM, "out of memory");
	/* Timesketch's example form: microseconds and +00:00 rather than Z */
	ll_time_format(dt, sizeof(dt), ns, 6);
	n = strlen(dt);
	if (n > 1 && dt[n - 1] == 'Z' && n + 6 < sizeof(dt))
		memcpy(dt + n - 1, "+00:00", 7);
	set_text(&d, "message", s, LL_EV_MESSAGE, CAP_MESSAGE);
	set(&d, "datetime", json_string(dt));
	set(&d, "timestamp", json_integer((json_int_t)us));
	set_text(&d, "timestamp_desc", s, LL_EV_DESC, CAP_TEXT);
	snprintf(dtype, sizeof(dtype), "lifeline:%.*s:%.*s", (int)CAP_TEXT,
		 ll_export_col(s, LL_EV_SOURCE), (int)CAP_TEXT, ll_export_col(s, LL_EV_PARSER));
	set(&d, "data_type", ll_json_string_lossy(dtype, strlen(dtype)));
	set_text(&d, "hostname", s, LL_EV_HOST, CAP_TEXT);
	set_text(&d, "username", s, LL_EV_USER, CAP_TEXT);
	set_text(&d, "source", s, LL_EV_SOURCE, CAP_TEXT);
	set_text(&d, "parser", s, LL_EV_PARSER, CAP_TEXT);
	set_text(&d, "evidence", s, LL_EV_EVIDENCE, CAP_TEXT);
	set_text(&d, "locator", s, LL_EV_LOCATOR, CAP_TEXT);
	set(&d, "event_id", json_integer(ll_export_int(s, LL_EV_ID)));
	set_text(&d, "path", s, LL_EV_PATH, CAP_TEXT);
	if (!ll_export_is_null(s, LL_EV_CODE))
		set(&d, "event_code", json_integer(ll_export_int(s, LL_EV_CODE)));
	set_text(&d, "category", s, LL_EV_CATEGORY, CAP_TEXT);
	set(&d, "time_ns", json_integer((json_int_t)ns));
	if (!ll_export_is_null(s, LL_EV_ORIG))
		set(&d, "orig_ns", json_integer(ll_export_int(s, LL_EV_ORIG)));
	set_text(&d, "time_raw", s, LL_EV_RAW, CAP_TEXT);
	set_text(&d, "time_rule", s, LL_EV_RULE, CAP_TEXT);
	/* the attributes' JSON text as stored (an object; empty ones omitted) */
	{
		const char *a = ll_export_text(s, LL_EV_ATTRS);

		if (a && strcmp(a, "{}") != 0 && *a)
			set_text(&d, "attributes", s, LL_EV_ATTRS, CAP_ATTRS);
	}
	if (d.cut.len) {
		*truncated = true;
		set(&d, "truncated", json_string(d.cut.ptr));
	}
	rc = d.rc;
	if (rc == 0 && json_dump_callback(d.o, put_cb, out, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0)
		rc = LL_ENOMEM;
	json_decref(d.o);
	ll_buf_release(&d.cut);
	if (rc < 0) {
		out->len = start;
		if (out->ptr)
			out->ptr[start] = '\0';
		return ll_error_set(rc, "out of memory writing event %" PRId64,
				   ll_export_int(s, LL_EV_ID));
	}
	if (out->len - start > LL_EXPORT_LINE_MAX)
		return ll_error_set(LL_EINTERNAL, "event %" PRId64 ": a line of %zu bytes, over "
				    "the %u the caps allow", ll_export_int(s, LL_EV_ID),
				    out->len - start, LL_EXPORT_LINE_MAX);
	return 0;
}
