/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The mapped CSV and JSON Lines reader: exports from other systems, read
 * with the column mapping the examiner gives (--mapping; see
 * docs/formats/mapping.md). Every column is kept as a field; the time rule
 * names the column, its format and the zone that was applied.
 */
#include "core/compat.h"

#include "analyze/readers/csvmap_parse.h"
#include "analyze/input.h"
#include "analyze/source.h"
#include "analyze/readers/textlog.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/time.h"

#define MAX_COLS 512
/*
 * A record whose quoted field stays open past either cap is taken for an
 * unclosed quote: its first line is rejected and reading starts again at the
 * line after it (docs/formats/mapping.md).
 */
#define MAX_RECORD (1u << 20)   /* bytes of one record */
#define MAX_QUOTED_LINES 1000u  /* lines of one record */

/* A line read but not yet used by a record (the CSV window). */
struct wline {
	uint64_t lineno, off;
	size_t at, len;         /* text in rd.win */
	bool too_long;          /* longer than LL_INPUT_MAX_LINE: not kept */
};

static bool jsonl_line(const char *s, size_t l)
{
	json_t *j;
	bool ok;

	while (l && (*s == ' ' || *s == '\t'))
		s++, l--;
	if (!l || *s != '{')
		return false;
	j = json_loadb(s, l, JSON_REJECT_DUPLICATES, NULL);
	ok = json_is_object(j);
	json_decref(j);
	return ok;
}

static int probe(const uint8_t *head, size_t len, uint64_t file_size)
{
	const char *s = (const char *)head, *end = s + len;
	unsigned lines = 0, json = 0, same = 0;
	int hdr_fields = -1, schema_col = -1;
	bool jsonl_first = false;
	char *out = NULL;
	const char **f = NULL;
	int score = 0;

	if (len < file_size)
		while (end > s && end[-1] != '\n')
			end--;
	if (memchr(s, '\0', (size_t)(end - s)))
		return 0;
	if (!(out = ll_malloc((size_t)(end - s) + MAX_COLS + 1)) ||
	    !(f = ll_calloc(MAX_COLS, sizeof(*f))))
		goto out;
	while (s < end && lines < 20) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t l = nl ? (size_t)(nl - s) : (size_t)(end - s);
		int n;

		if (l && s[l - 1] == '\r')
			l--;
		if (!l) {
			s = nl ? nl + 1 : end;
			continue;
		}
		lines++;
		if (jsonl_line(s, l)) {
			json++;
			jsonl_first |= lines == 1;
		}
		n = ll_csv_split(out, f, MAX_COLS, s, l, memchr(s, '\t', l) ? '\t' : ',');
		if (hdr_fields < 0) {
			hdr_fields = n;
			for (int i = 0; i < n; i++)
				if (!strcmp(f[i], "schema"))
					schema_col = i;
		} else if (n == hdr_fields) {
			same++;
			/* hospital harm data (lifeline-harm/1 …) has its own reader */
			if (schema_col >= 0 && !strncmp(f[schema_col], "lifeline-", 9)) {
				score = 0;
				goto out;
			}
		}
		s = nl ? nl + 1 : end;
	}
	/* a low score: any reader that knows the content better wins */
	if (lines && json * 2 >= lines && jsonl_first)
		score = 10;
	else if (hdr_fields >= 2 && lines >= 2 && same * 3 >= lines - 1)
		score = 10;
out:
	ll_free(out);
	ll_free(f);
	return score;
}

struct rd {
	struct ll_source_ctx *ctx;
	struct ll_csvmap map;
	struct ll_tl_zone zone;
	const char *zone_name, *zone_how;
	bool jsonl;
	struct ll_buf rule, rec;
	struct ll_tl_row row;
	char *names;            /* header, NUL-separated (CSV) */
	const char **cols;
	int ncols, tcol, hcol, ucol, mcol[LL_CSVMAP_MAX_MSG];
	char *split;
	const char **vals;
	/* CSV: lines read ahead, so that the lines of a rejected record can be read again */
	struct ll_buf win;
	struct wline *wl;
	size_t wn, wcap, wcur;
	bool win_eof;
	/* CSV line accounting: every line is one of these */
	uint64_t n_lines, n_header, n_read, n_rejected, n_blank, n_records;
	uint64_t n_multi, long_first, long_k; /* records of several lines; the longest */
};

static void bad(struct rd *r, uint64_t lineno, uint64_t off, const char *why)
{
	ll_source_reject_line(r->ctx, lineno, off, why);
}

/* The time text → UTC, and the rule saying how. */
static int to_utc(struct rd *r, int64_t *ns, const char *t, size_t tl)
{
	int64_t w[7];
	bool had_zone;
	int rc;

	if ((rc = ll_csvmap_time(ns, &had_zone, w, r->map.time_format, t, tl)) < 0)
		return rc;
	ll_buf_reset(&r->rule);
	if (had_zone) {
		return ll_buf_printf(&r->rule, "%s field '%s' (format %s) with its own UTC offset",
				     r->jsonl ? "JSON Lines" : "CSV", r->map.time, r->map.time_format);
	}
	if ((rc = ll_tl_zone_to_ns(ns, &r->zone, w[0], (unsigned)w[1], (unsigned)w[2],
				   (unsigned)w[3], (unsigned)w[4], (unsigned)w[5], w[6])) < 0)
		return rc;
	return ll_buf_printf(&r->rule, "%s field '%s' (format %s, no zone in the data): zone %s (%s)",
			     r->jsonl ? "JSON Lines" : "CSV", r->map.time, r->map.time_format,
			     r->zone_name, r->zone_how);
}

static int emit(struct rd *r, uint64_t lineno, uint64_t off, int64_t ns)
{
	struct ll_event ev;
	int rc;

	if (!r->row.msg.len && (rc = ll_buf_puts(&r->row.msg, "(no message column)")) < 0)
		return rc;
	if ((rc = ll_source_row_event(&ev, r->ctx, &r->row, lineno, off)) < 0)
		return rc;
	ev.time_ns = ns;
	ev.time_desc = r->map.time_desc;
	ev.time_rule = r->rule.ptr;
	ev.source = r->jsonl ? "jsonl" : "csv";
	ev.parser = r->jsonl ? "jsonl-mapped" : "csv-mapped";
	return ll_event_add(r->ctx->w, &ev, NULL);
}

static int col(struct rd *r, const char *name)
{
	if (!name[0])
		return -1;
	for (int i = 0; i < r->ncols; i++)
		if (!strcmp(r->cols[i], name))
			return i;
	return -2;
}

static int csv_header(struct rd *r, const char *s, size_t len)
{
	int n;

	if (!(r->names = ll_malloc(len + MAX_COLS + 1)) ||
	    !(r->cols = ll_calloc(MAX_COLS, sizeof(*r->cols))) ||
	    !(r->vals = ll_calloc(MAX_COLS, sizeof(*r->vals))) ||
	    !(r->split = ll_malloc(MAX_RECORD + MAX_COLS + 1)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((n = ll_csv_split(r->names, r->cols, MAX_COLS, s, len, r->map.delimiter)) < 0)
		return ll_error_set(LL_ECORRUPT, "'%s': header line: %s", r->ctx->rel_path,
				    ll_error_message());
	r->ncols = n;
	r->tcol = col(r, r->map.time);
	r->hcol = col(r, r->map.host);
	r->ucol = col(r, r->map.user);
	if (r->tcol < 0)
		return ll_error_set(LL_EINVAL, "'%s': the mapping's time column '%s' is not in the header",
				    r->ctx->rel_path, r->map.time);
	if (r->hcol == -2 || r->ucol == -2)
		return ll_error_set(LL_EINVAL, "'%s': the mapping's %s column '%s' is not in the header",
				    r->ctx->rel_path, r->hcol == -2 ? "host" : "user",
				    r->hcol == -2 ? r->map.host : r->map.user);
	for (size_t i = 0; i < r->map.nmessage; i++)
		if ((r->mcol[i] = col(r, r->map.message[i])) < 0)
			return ll_error_set(LL_EINVAL, "'%s': the mapping's message column '%s' is not in the header",
					    r->ctx->rel_path, r->map.message[i]);
	return 0;
}

static int put_val(struct ll_buf *b, const char *v)
{
	ll_buf_reset(b);
	return v ? ll_tl_put_text(b, v, strlen(v), false) : 0;
}

/* What csv_record did with a record (or < 0: an error that stops the file). */
enum { RECORD_READ = 0, RECORD_REJECTED = 1, RECORD_FIELDS = 2 };

/*
 * One whole record in r->rec: RECORD_READ (stored), RECORD_REJECTED (rejected
 * and said so) or RECORD_FIELDS (*why says how its fields do not match the
 * header; not yet rejected: the caller decides which lines to reject).
 */
static int csv_record(struct rd *r, uint64_t lineno, uint64_t off, char *why, size_t whylen)
{
	struct ll_tl_obj o;
	int n, rc;
	int64_t ns;

	n = ll_csv_split(r->split, r->vals, MAX_COLS, r->rec.ptr, r->rec.len, r->map.delimiter);
	if (n != r->ncols) {
		if (n < 0)
			snprintf(why, whylen, "%s", ll_error_message());
		else
			snprintf(why, whylen, "%d fields where the header has %d", n, r->ncols);
		return RECORD_FIELDS;
	}
	if ((rc = put_val(&r->row.raw, r->vals[r->tcol])) < 0)
		return rc;
	if (to_utc(r, &ns, r->vals[r->tcol], strlen(r->vals[r->tcol])) < 0) {
		if (ll_error_code() != LL_ECORRUPT)
			return ll_error_code();
		snprintf(why, whylen, "%s", ll_error_message());
		bad(r, lineno, off, why);
		return RECORD_REJECTED;
	}
	ll_buf_reset(&r->row.attrs);
	ll_tl_obj_begin(&o, &r->row.attrs);
	for (int i = 0; i < n; i++)
		ll_tl_obj_cstr(&o, r->cols[i], r->vals[i]);
	if (r->map.label[0])
		ll_tl_obj_cstr(&o, "mapping_label", r->map.label);
	if ((rc = ll_tl_obj_end(&o)) < 0)
		return rc;
	ll_buf_reset(&r->row.msg);
	for (size_t i = 0; i < r->map.nmessage; i++) {
		const char *v = r->vals[r->mcol[i]];

		if ((i && (rc = ll_buf_puts(&r->row.msg, " | ")) < 0) ||
		    (rc = ll_tl_put_text(&r->row.msg, v, strlen(v), false)) < 0)
			return rc;
	}
	if ((rc = put_val(&r->row.host, r->hcol >= 0 ? r->vals[r->hcol] : NULL)) < 0 ||
	    (rc = put_val(&r->row.user, r->ucol >= 0 ? r->vals[r->ucol] : NULL)) < 0)
		return rc;
	if ((rc = emit(r, lineno, off, ns)) < 0 && ll_time_range_error()) {
		/* the clock offset moves it out of range */
		snprintf(why, whylen, "%s", ll_error_message());
		bad(r, lineno, off, why);
		return RECORD_REJECTED;
	}
	return rc < 0 ? rc : RECORD_READ;
}

/* A dotted path ("a.b.c") in a JSON object. */
static json_t *path_get(json_t *o, const char *path)
{
	char key[128];

	while (o && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		o = json_object_get(o, key);
		path += dot ? n + 1 : n;
	}
	return o;
}

/* A scalar's text: strings as they are, numbers as written, else NULL. */
static const char *scalar(json_t *v, char *buf, size_t n)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf;
	}
	if (json_is_real(v)) {
		snprintf(buf, n, "%.9f", json_real_value(v));
		return buf;
	}
	if (json_is_boolean(v))
		return json_is_true(v) ? "true" : "false";
	return NULL;
}

static int jsonl_record(struct rd *r, const struct ll_line *ln)
{
	json_error_t je;
	json_t *j = json_loadb(ln->text, ln->len, 0, &je), *t;
	char nb[64], why[200];
	const char *tv;
	char *dump = NULL;
	int64_t ns;
	int rc = 0;

	if (!json_is_object(j)) {
		snprintf(why, sizeof(why), "not a JSON object (%s, column %d)",
			 j ? "not an object" : je.text, je.column);
		bad(r, ln->lineno, ln->offset, why);
		goto out;
	}
	t = path_get(j, r->map.time);
	if (!(tv = scalar(t, nb, sizeof(nb)))) {
		snprintf(why, sizeof(why), "no time field '%s'", r->map.time);
		bad(r, ln->lineno, ln->offset, why);
		goto out;
	}
	if ((rc = put_val(&r->row.raw, tv)) < 0)
		goto out;
	if (to_utc(r, &ns, tv, strlen(tv)) < 0) {
		if ((rc = ll_error_code()) != LL_ECORRUPT)
			goto out;
		rc = 0;
		bad(r, ln->lineno, ln->offset, ll_error_message());
		goto out;
	}
	if (r->map.label[0])
		json_object_set_new(j, "mapping_label", json_string(r->map.label));
	if (!(dump = ll_json_dump(j))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	ll_buf_reset(&r->row.attrs);
	if ((rc = ll_buf_puts(&r->row.attrs, dump)) < 0)
		goto out;
	ll_buf_reset(&r->row.msg);
	for (size_t i = 0; i < r->map.nmessage; i++) {
		const char *v = scalar(path_get(j, r->map.message[i]), nb, sizeof(nb));

		if ((i && (rc = ll_buf_puts(&r->row.msg, " | ")) < 0) ||
		    (rc = ll_tl_put_text(&r->row.msg, v ? v : "-", strlen(v ? v : "-"), false)) < 0)
			goto out;
	}
	if ((rc = put_val(&r->row.host, r->map.host[0] ? scalar(path_get(j, r->map.host), nb, sizeof(nb)) : NULL)) < 0 ||
	    (rc = put_val(&r->row.user, r->map.user[0] ? scalar(path_get(j, r->map.user), nb, sizeof(nb)) : NULL)) < 0)
		goto out;
	rc = emit(r, ln->lineno, ln->offset, ns);
out:
	ll_free(dump);
	json_decref(j);
	return rc;
}

/* Reads one more line into the window: 1, 0 at the end, < 0 on error. */
static int win_fill(struct rd *r, struct ll_input *in)
{
	struct ll_line ln;
	struct wline *w;
	int rc;

	if (r->win_eof)
		return 0;
	if ((rc = ll_input_line(&ln, in)) <= 0) {
		/* a damaged gzip tail: the lines before it kept, the end said so */
		if ((rc = ll_source_input_end(r->ctx, rc)) == 0)
			r->win_eof = true;
		return rc;
	}
	if (r->wcur && r->wcur * 2 >= r->wn) {
		/* drop the lines already used */
		size_t from = r->wcur < r->wn ? r->wl[r->wcur].at : r->win.len;

		memmove(r->win.ptr, r->win.ptr + from, r->win.len - from);
		r->win.len -= from;
		memmove(r->wl, r->wl + r->wcur, (r->wn - r->wcur) * sizeof(*r->wl));
		r->wn -= r->wcur;
		r->wcur = 0;
		for (size_t i = 0; i < r->wn; i++)
			r->wl[i].at -= from;
	}
	if (r->wn == r->wcap) {
		size_t nc = r->wcap ? r->wcap * 2 : 256;
		struct wline *q = ll_reallocarray(r->wl, nc, sizeof(*q));

		if (!q)
			return ll_error_set(LL_ENOMEM, "out of memory");
		r->wl = q;
		r->wcap = nc;
	}
	w = &r->wl[r->wn];
	*w = (struct wline){ .lineno = ln.lineno, .off = ln.offset, .at = r->win.len,
			     .len = ln.truncated ? 0 : ln.len, .too_long = ln.truncated };
	if (!ln.truncated && (rc = ll_buf_put(&r->win, ln.text, ln.len)) < 0)
		return rc;
	if ((rc = ll_buf_putc(&r->win, '\n')) < 0)
		return rc;
	r->wn++;
	r->n_lines++;
	return 1;
}

/* Rejects the first line of the window and moves past it: reading resumes at the next line. */
static void reject_first(struct rd *r, const char *why)
{
	const struct wline *w = &r->wl[r->wcur];

	bad(r, w->lineno, w->off, why);
	r->n_rejected++;
	r->wcur++;
}

/*
 * CSV: a quoted field may hold newlines, so a record is one line or more.
 * Every line ends up counted as header, read (part of a stored record),
 * rejected or blank. A record that cannot be right (a quote still open after
 * MAX_QUOTED_LINES lines or MAX_RECORD bytes or at the end of the file, or a
 * record of several lines whose fields do not match the header) rejects only
 * its first line; the lines after it are read again as records of their own.
 */
static int read_csv(struct rd *r, struct ll_input *in)
{
	bool header = true;
	char why[640];
	int rc;

	for (;;) {
		struct ll_csv_quotes q = { .field_start = true };
		const char *cut = NULL;
		char cutbuf[48];
		size_t k = 0, bytes = 0;
		const struct wline *first;

		if (r->wcur == r->wn && (rc = win_fill(r, in)) <= 0) {
			if (rc < 0)
				return rc;
			break;
		}
		first = &r->wl[r->wcur];
		if (first->too_long) {
			reject_first(r, "longer than 1 MiB; not read");
			continue;
		}
		if (!first->len) {
			r->n_blank++;
			r->wcur++;
			continue;
		}
		for (;;) {
			const struct wline *l;

			if (r->wcur + k == r->wn) {
				if ((rc = win_fill(r, in)) < 0)
					return rc;
				if (rc == 0) {
					cut = "before the end of the file";
					break;
				}
			}
			l = &r->wl[r->wcur + k];
			if (k == MAX_QUOTED_LINES) {
				snprintf(cutbuf, sizeof(cutbuf), "within %u lines", MAX_QUOTED_LINES);
				cut = cutbuf;
				break;
			}
			if (l->too_long || bytes + l->len + 1 > MAX_RECORD) {
				cut = "within 1 MiB";
				break;
			}
			bytes += l->len + 1;
			ll_csv_quotes_scan(&q, r->win.ptr + l->at, l->len, r->map.delimiter, l->lineno);
			k++;
			if (!q.in_quote)
				break;
		}
		first = &r->wl[r->wcur];
		if (cut) {
			snprintf(why, sizeof(why),
				 "unclosed quote? the quoted field opened on line %" PRIu64
				 " is not closed %s; line %" PRIu64 " rejected, reading resumes at line %" PRIu64,
				 q.opened, cut, first->lineno, first->lineno + 1);
			if (header)
				return ll_error_set(LL_ECORRUPT, "'%s': header line %" PRIu64 ": %s",
						    r->ctx->rel_path, first->lineno, why);
			reject_first(r, why);
			continue;
		}
		ll_buf_reset(&r->rec);
		/* the k lines, each with its '\n' in the window; the record without the last */
		if ((rc = ll_buf_put(&r->rec, r->win.ptr + first->at, bytes - 1)) < 0)
			return rc;
		if (header) {
			if ((rc = csv_header(r, r->rec.ptr, r->rec.len)) < 0)
				return rc;
			header = false;
			r->n_header += k;
			r->wcur += k;
			continue;
		}
		rc = csv_record(r, first->lineno, first->off, why, sizeof(why));
		if (rc < 0)
			return rc;
		if (rc == RECORD_FIELDS && k > 1) {
			char w2[sizeof(why) + 160];

			snprintf(w2, sizeof(w2),
				 "%s in the record of lines %" PRIu64 "..%" PRIu64
				 " (a stray quote?); line %" PRIu64 " rejected, reading resumes at line %" PRIu64,
				 why, first->lineno, first->lineno + k - 1, first->lineno,
				 first->lineno + 1);
			reject_first(r, w2);
			continue;
		}
		if (rc == RECORD_FIELDS)
			bad(r, first->lineno, first->off, why);
		if (rc == RECORD_READ) {
			r->n_read += k;
			r->n_records++;
			if (k > 1 && ++r->n_multi && k > r->long_k) {
				r->long_k = k;
				r->long_first = first->lineno;
			}
		} else {
			r->n_rejected += k;
		}
		r->wcur += k;
	}
	if (header)
		return ll_error_set(LL_ECORRUPT, "'%s': empty CSV (no header)", r->ctx->rel_path);
	if (r->n_rejected || r->n_multi) {
		char multi[160] = "";

		if (r->n_multi)
			snprintf(multi, sizeof(multi),
				 "; %" PRIu64 " records span several lines (quoted newlines), the longest lines %"
				 PRIu64 "..%" PRIu64, r->n_multi, r->long_first,
				 r->long_first + r->long_k - 1);
		ll_source_warn(r->ctx, "'%s': %" PRIu64 " lines: %" PRIu64 " header, %" PRIu64
			       " read (%" PRIu64 " records), %" PRIu64 " rejected, %" PRIu64 " blank%s",
			       r->ctx->rel_path, r->n_lines, r->n_header, r->n_read, r->n_records,
			       r->n_rejected, r->n_blank, multi);
	}
	return 0;
}

static int read_all(struct rd *r, struct ll_input *in)
{
	struct ll_line ln;
	int rc;

	if (!r->jsonl)
		return read_csv(r, in);
	while ((rc = ll_input_line(&ln, in)) > 0) {
		if (ln.truncated) {
			bad(r, ln.lineno, ln.offset, "longer than 1 MiB; not read");
			continue;
		}
		if (ln.len && (rc = jsonl_record(r, &ln)) < 0)
			return rc;
	}
	return ll_source_input_end(r->ctx, rc);
}

static int run(struct ll_source_ctx *ctx)
{
	struct rd r = { .ctx = ctx };
	struct ll_input *in = NULL;
	uint8_t first = 0;
	int rc;

	if (!ctx->opts->mapping)
		return ll_error_set(LL_EUNSUPPORTED,
				    "'%s' looks like CSV or JSON Lines; give --mapping FILE to say which column is the time (docs/formats/mapping.md)",
				    ctx->rel_path);
	if ((rc = ll_csvmap_load(&r.map, ctx->opts->mapping)) < 0)
		return rc;
	if (r.map.zone[0]) {
		r.zone_name = r.map.zone;
		r.zone_how = "from the mapping file";
	} else if (ctx->opts->tz) {
		r.zone_name = ctx->opts->tz;
		r.zone_how = "--tz";
	} else {
		r.zone_name = "UTC";
		r.zone_how = "default; neither the mapping nor --tz gives one";
	}
	ll_tl_zone_init(&r.zone, r.zone_name);
	ll_tl_row_init(&r.row);
	ll_buf_init(&r.rule);
	ll_buf_init(&r.rec);
	ll_buf_init(&r.win);
	if (r.map.format[0]) {
		r.jsonl = !strcmp(r.map.format, "jsonl");
	} else {
		/*
		 * from the content: the first non-blank byte (read before the
		 * input opens: a worker's opens of the file share one offset)
		 */
		struct ll_input *p = NULL;

		if ((rc = ll_input_open(&p, ctx->path)) < 0)
			goto out;
		while (ll_input_read(p, &first, 1) == 1 &&
		       (first == ' ' || first == '\n' || first == '\r' || first == '\t'))
			;
		ll_input_close(p);
		r.jsonl = first == '{';
	}
	if ((rc = ll_input_open(&in, ctx->path)) < 0)
		goto out;
	rc = read_all(&r, in);
out:
	ll_input_close(in);
	ll_free(r.names);
	ll_free(r.cols);
	ll_free(r.vals);
	ll_free(r.split);
	ll_tl_row_release(&r.row);
	ll_buf_release(&r.rule);
	ll_buf_release(&r.rec);
	ll_buf_release(&r.win);
	ll_free(r.wl);
	return rc < 0 ? rc : 0;
}

const struct ll_source_kind ll_source_csvmap = {
	.name = "csv",
	.probe = probe,
	.run = run,
	.worker = true,
};
