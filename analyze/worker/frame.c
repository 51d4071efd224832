/* SPDX-License-Identifier: Apache-2.0 */
/* The worker frame codec (docs/formats/worker-frames.md): the worker encodes, the parent validates. */
#include "core/compat.h"
#include "analyze/worker/frame.h"
#include "analyze/worker/frame_codec.h"
#include "analyze/worker/frame_harm.h"

#include <errno.h>
#include <stdarg.h>
#include <unistd.h>

#include <jansson.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/name.h"
#include "core/reader.h"
#include "core/time.h"

#define STR_ABSENT UINT32_MAX
#define EVENT_NSTR 10 /* strings of an EVENT before its times */

/* ---- encoder ---- */

static int put_le(struct ll_buf *out, uint64_t v, size_t n)
{
	uint8_t b[8];

	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	return ll_buf_put(out, b, n);
}

static int put_str(struct ll_buf *out, const char *s)
{
	size_t n;
	int rc;

	if (!s)
		return put_le(out, STR_ABSENT, 4);
	n = strlen(s);
	if (n > LL_FRAME_MAX_PAYLOAD)
		return ll_error_set(LL_EINVAL,
			"worker frame: a string of %zu bytes is too long", n);
	if ((rc = put_le(out, n, 4)) < 0)
		return rc;
	return ll_buf_put(out, s, n);
}

/* ns → (seconds, nanoseconds 0..999999999), the wire's time. */
static int put_time(struct ll_buf *out, int64_t ns)
{
	int64_t sec = ns / LL_NS_PER_SEC, frac = ns % LL_NS_PER_SEC;
	int rc;

	if (frac < 0)
		sec--, frac += LL_NS_PER_SEC;
	if ((rc = put_le(out, (uint64_t)sec, 8)) < 0)
		return rc;
	return put_le(out, (uint64_t)frac, 4);
}

static int put_event(struct ll_buf *out, const struct ll_frame_event *fe)
{
	const struct ll_event *e = &fe->ev;
	const char *strs[EVENT_NSTR] = { e->time_raw, e->time_rule, e->source,
		e->parser, e->category, e->host, e->user, e->path, e->locator,
		e->message };
	int rc;

	if (fe->ntimes < 1 || fe->ntimes > LL_EVENT_MAX_TIMES)
		return ll_error_set(LL_EINVAL,
			"worker frame: %zu times in one event", fe->ntimes);
	if ((rc = put_le(out, fe->ntimes, 1)) < 0 ||
		(rc = put_le(out, (uint64_t)e->event_code, 8)) < 0)
		return rc;
	for (size_t i = 0; i < EVENT_NSTR; i++)
		if ((rc = put_str(out, strs[i])) < 0)
			return rc;
	/* one time: the event's own fields; several: the arrays (as ll_event_add_times) */
	if (fe->ntimes == 1)
		return (rc = put_time(out, e->time_ns)) < 0 ||
				       (rc = put_str(out, e->time_desc)) < 0
			       ? rc
			       : put_str(out, e->attrs);
	for (size_t i = 0; i < fe->ntimes; i++)
		if ((rc = put_time(out, fe->time_ns[i])) < 0 ||
			(rc = put_str(out, fe->time_desc[i])) < 0 ||
			(rc = put_str(out, fe->attrs[i])) < 0)
			return rc;
	return 0;
}

static int put_payload(struct ll_buf *out, const struct ll_frame *f)
{
	int rc;

	switch (f->type) {
	case LL_FRAME_HELLO:
		return (rc = put_le(out, f->u.hello.version, 4)) < 0
			       ? rc
			       : put_str(out, f->u.hello.item);
	case LL_FRAME_FILE:
		return (rc = put_le(out, f->u.file.index, 4)) < 0
			       ? rc
			       : put_str(out, f->u.file.kind);
	case LL_FRAME_EVENT:
		return put_event(out, &f->u.event);
	case LL_FRAME_WARN:
		if ((rc = put_str(out, f->u.warn.text)) < 0 || !f->u.warn.code)
			return rc;
		return (rc = put_str(out, f->u.warn.code)) < 0 ? rc : put_str(out, f->u.warn.params);
	case LL_FRAME_REJECT:
		return (rc = put_le(out, f->u.reject.number, 8)) < 0 ||
				       (rc = put_le(
						out, f->u.reject.offset, 8)) < 0
			       ? rc
			       : put_str(out, f->u.reject.reason);
	case LL_FRAME_PARTIAL:
		return (rc = put_str(out, f->u.partial.reason)) < 0
			       ? rc
			       : put_str(out, f->u.partial.message);
	case LL_FRAME_PROGRESS:
		return (rc = put_le(out, f->u.progress.done, 8)) < 0
			       ? rc
			       : put_le(out, f->u.progress.total, 8);
	case LL_FRAME_FS_BEGIN:
	case LL_FRAME_FS_ENTRY:
	case LL_FRAME_FS_VOLUME:
	case LL_FRAME_FS_HOSTNAME:
	case LL_FRAME_FS_ZONE:
		return ll_frame_fs_put(out, f);
	case LL_FRAME_END:
		return (rc = put_le(out, f->u.end.events, 8)) < 0 ||
				       (rc = put_le(out, f->u.end.rejected,
						8)) < 0 ||
				       (rc = put_le(out, f->u.end.recovered,
						8)) < 0 ||
				       (rc = put_le(out, (uint32_t)f->u.end.rc,
						4)) < 0
			       ? rc
			       : put_str(out, f->u.end.message);
	case LL_FRAME_HARM_ROW:
		return ll_frame_harm_put(out, f);
	default:
		return ll_frame_sigma_encode(out, f);
	}
}

int ll_frame_encode(struct ll_buf *out, const struct ll_frame *f)
{
	size_t start = out->len, n;
	int rc;

	if ((rc = put_le(out, (uint64_t)f->type, 2)) < 0 ||
		(rc = put_le(out, 0, 2)) < 0 || (rc = put_le(out, 0, 4)) < 0 ||
		(rc = put_payload(out, f)) < 0)
		goto fail;
	n = out->len - start - LL_FRAME_HEADER;
	if (n > LL_FRAME_MAX_PAYLOAD) {
		rc = ll_error_set(LL_EINVAL,
			"worker frame: payload of %zu bytes over the %zu limit",
			n, LL_FRAME_MAX_PAYLOAD);
		goto fail;
	}
	for (size_t i = 0; i < 4; i++)
		out->ptr[start + 4 + i] = (char)(uint8_t)(n >> (8 * i));
	return 0;
fail:
	/* the buffer keeps only whole frames */
	out->len = start;
	if (out->cap)
		out->ptr[start] = '\0';
	return rc;
}

int ll_frame_write_all(int fd, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return ll_error_set(LL_EIO,
				"worker pipe: cannot write: %s",
				n < 0 ? strerror(errno) : "no progress");
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* ---- decoder ---- */

static const char *type_name(unsigned t)
{
	static const char *const names[] = { "?", "HELLO", "FILE", "EVENT",
		"WARN", "REJECT", "PARTIAL", "PROGRESS", "END" };

	if (ll_frame_fs_name(t))
		return ll_frame_fs_name(t);
	if (ll_frame_sigma_type(t))
		return ll_frame_sigma_type_name(t);
	if (t == LL_FRAME_HARM_ROW)
		return "HARM_ROW";
	return t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}

/* What a string field must be (docs/formats/worker-frames.md, "Strings"); frame_codec.h mirrors it. */
enum str_class {
	S_RAW,	 /* bytes as the evidence has them: no NUL */
	S_TEXT,	 /* UTF-8 */
	S_NAME,	 /* UTF-8, no control character, not empty */
	S_TOKEN, /* printable ASCII without space, not empty */
	S_JSON,	 /* UTF-8 text of a JSON object */
};

static int bad(const char *field, const char *fmt, ...) LL_PRINTF(2, 3);

static int bad(const char *field, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return ll_error_set(LL_ECORRUPT, "field '%s': %s", field, what);
}

/* The first control character (C0, DEL, C1) of UTF-8 `s`, or -1. */
static long control_at(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] == 0x7f ||
			(s[i] == 0xc2 && i + 1 < n && s[i + 1] < 0xa0))
			return (long)i;
	return -1;
}

/*
 * A fast path for the common attrs, in front of jansson (whose tree of
 * every event's attrs, built only to be freed, cost the parent more than
 * storing the event): one flat object of keys without escapes and values
 * that are strings (no \\u escapes), integers of at most 18 digits, true,
 * false or null, keys all different. True only when jansson would accept
 * it too (JSON_REJECT_DUPLICATES; the text is UTF-8 without NUL already);
 * false decides nothing: jansson then does.
 */
#define FLAT_KEYS 32

static size_t skip_ws(const char *s, size_t i, size_t n)
{
	/* every white-space byte is <= ' ': one test for the text that follows it */
	while (i < n && (unsigned char)s[i] <= ' ' &&
	       (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

/*
 * The bytes a string's scan stops at: '"', '\\' and those below 0x20. A
 * table lookup a byte, not three tests (the attrs of every event pass here).
 */
static const bool flat_stop[256] = {
	[0] = true, [1] = true, [2] = true, [3] = true, [4] = true, [5] = true,
	[6] = true, [7] = true, [8] = true, [9] = true, [10] = true, [11] = true,
	[12] = true, [13] = true, [14] = true, [15] = true, [16] = true, [17] = true,
	[18] = true, [19] = true, [20] = true, [21] = true, [22] = true, [23] = true,
	[24] = true, [25] = true, [26] = true, [27] = true, [28] = true, [29] = true,
	[30] = true, [31] = true, ['"'] = true, ['\\'] = true,
};

/* The index after the string opening at s[i], or 0; *plain: it has no escape. */
static size_t flat_string(const char *s, size_t i, size_t n, bool *plain)
{
	*plain = true;
	for (i++; i < n; i++) {
		while (i < n && !flat_stop[(unsigned char)s[i]])
			i++;
		if (i >= n)
			break;
		if (s[i] == '"')
			return i + 1;
		if ((unsigned char)s[i] < 0x20)
			return 0;
		if (s[i] == '\\') {
			*plain = false;
			if (++i >= n || !s[i] || !strchr("\"\\/bfnrt", s[i]))
				return 0;
		}
	}
	return 0;
}

static size_t flat_value(const char *s, size_t i, size_t n)
{
	size_t d, j;
	bool plain;

	if (s[i] == '"')
		return flat_string(s, i, n, &plain);
	if (n - i >= 4 && (!memcmp(s + i, "true", 4) || !memcmp(s + i, "null", 4)))
		return i + 4;
	if (n - i >= 5 && !memcmp(s + i, "false", 5))
		return i + 5;
	d = j = i + (s[i] == '-');
	while (j < n && s[j] >= '0' && s[j] <= '9')
		j++;
	if (j == d || j - d > 18 || (s[d] == '0' && (j - d > 1 || d > i)))
		return 0;
	return j;
}

static bool flat_object_ok(const char *s, size_t n)
{
	size_t key[FLAT_KEYS], klen[FLAT_KEYS], nk = 0, e, i = skip_ws(s, 0, n);
	uint64_t seen = 0, bit; /* a bit per (length, first and last byte) of the keys so far */
	bool plain;

	if (i >= n || s[i] != '{')
		return false;
	i = skip_ws(s, i + 1, n);
	if (i < n && s[i] == '}')
		return skip_ws(s, i + 1, n) == n;
	for (;;) {
		if (i >= n || s[i] != '"' || nk == FLAT_KEYS ||
			!(e = flat_string(s, i, n, &plain)) || !plain)
			return false;
		/* the keys are compared only when one may be the same as this one */
		bit = UINT64_C(1) << (((e - i) * 7 + (unsigned char)s[i + 1] * 3 +
				       (unsigned char)s[e - 2]) & 63);
		for (size_t k = 0; (seen & bit) && k < nk; k++)
			if (klen[k] == e - i && !memcmp(s + key[k], s + i, e - i))
				return false;
		seen |= bit;
		key[nk] = i;
		klen[nk++] = e - i;
		i = skip_ws(s, e, n);
		if (i >= n || s[i] != ':')
			return false;
		i = skip_ws(s, i + 1, n);
		if (i >= n || !(e = flat_value(s, i, n)))
			return false;
		i = skip_ws(s, e, n);
		if (i < n && s[i] == ',') {
			i = skip_ws(s, i + 1, n);
			continue;
		}
		return i < n && s[i] == '}' && skip_ws(s, i + 1, n) == n;
	}
}

/*
 * The ASCII bytes at the start of s[0, n), 8 at a time (most frame text is
 * ASCII): stops before the word holding a byte >= 0x80 or a NUL.
 */
static size_t ascii_run(const char *s, size_t n)
{
	const uint64_t ones = UINT64_C(0x0101010101010101), high = ones << 7;
	size_t i = 0;
	uint64_t w;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		if ((w & high) || ((w - ones) & ~w & high))
			break;
	}
	return i;
}

static int check_str(
	const char *field, enum str_class cls, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t at;
	long c;
	json_t *j;

	if (cls == S_RAW)
		return 0;
	if (cls == S_TOKEN) {
		if (!n)
			return bad(field, "empty");
		for (size_t i = 0; i < n; i++)
			if (u[i] < 0x21 || u[i] > 0x7e)
				return bad(field,
					"byte 0x%02X at byte %zu is not "
					"printable ASCII",
					u[i], i);
		return 0;
	}
	at = ascii_run(s, n);
	if ((at += ll_utf8_valid_prefix(s + at)) != n) {
		/* a NUL anywhere is named first, as get_str names it for the other classes */
		const char *z = memchr(s + at, 0, n - at);

		if (z)
			return bad(field, "NUL byte at byte %td", z - s);
		return bad(field, "invalid UTF-8 at byte %zu", at);
	}
	if (cls == S_NAME) {
		if (!n)
			return bad(field, "empty");
		if ((c = control_at(u, n)) >= 0)
			return bad(field, "control character at byte %ld", c);
	}
	if (cls == S_JSON && !flat_object_ok(s, n)) {
		j = json_loadb(s, n, JSON_REJECT_DUPLICATES, NULL);
		if (!json_is_object(j)) {
			json_decref(j);
			return bad(field, "not a JSON object");
		}
		json_decref(j);
	}
	return 0;
}

/*
 * A length-prefixed string of `cls`, at most `max` bytes, copied with a NUL
 * into the arena (grown beforehand, so the pointer stays put). *out is NULL
 * for an absent string, which `required` refuses.
 */
static int get_str(const char **out, struct ll_reader *r, struct ll_frame_decoder *d,
	const char *field, enum str_class cls, size_t max, bool required)
{
	const uint8_t *p;
	uint32_t n;
	char *s;
	int rc;

	if (ll_reader_u32le(&n, r) < 0)
		return bad(field, "length truncated at offset %" PRIu64,
			ll_reader_offset(r));
	if (n == STR_ABSENT) {
		if (required)
			return bad(field, "required but absent");
		*out = NULL;
		return 0;
	}
	if (n > max)
		return bad(field, "too long (%" PRIu32 " bytes)", n);
	if (ll_reader_bytes(&p, r, n) < 0)
		return bad(field,
			"%" PRIu32 " bytes, past the end of the frame", n);
	/* the UTF-8 classes find a NUL in check_str's one pass */
	if (!d->trusted && (cls == S_RAW || cls == S_TOKEN) && memchr(p, 0, n))
		return bad(field, "NUL byte at byte %td",
			(const uint8_t *)memchr(p, 0, n) - p);
	s = d->arena.ptr + d->arena.len;
	if ((rc = ll_buf_put(&d->arena, p, n)) < 0 ||
		(rc = ll_buf_putc(&d->arena, '\0')) < 0)
		return rc;
	if (!d->trusted && (rc = check_str(field, cls, s, n)) < 0)
		return rc;
	*out = s;
	return 0;
}

static int get_u(
	uint64_t *out, struct ll_reader *r, const char *field, size_t n)
{
	int rc;

	if (n == 8)
		rc = ll_reader_u64le(out, r);
	else {
		uint32_t v = 0;

		rc = ll_reader_u32le(&v, r);
		*out = v;
	}
	if (rc < 0)
		return bad(field, "truncated at offset %" PRIu64,
			ll_reader_offset(r));
	return 0;
}

static int get_time(int64_t *out, struct ll_reader *r, const char *field)
{
	uint64_t sec, frac;
	int rc;

	if ((rc = get_u(&sec, r, field, 8)) < 0 ||
		(rc = get_u(&frac, r, field, 4)) < 0)
		return rc;
	if (frac >= (uint64_t)LL_NS_PER_SEC)
		return bad(field, "nanoseconds %" PRIu64 " out of 0..999999999",
			frac);
	if (ll_time_ns_from_sec(out, (int64_t)sec, (int64_t)frac, NULL) < 0)
		return bad(field, "%" PRId64 " s %s", (int64_t)sec,
			LL_TIME_RANGE_WHY);
	return 0;
}

static int need_file(const struct ll_frame_decoder *d, const char *type)
{
	if (!d->in_file)
		return ll_error_set(LL_ECORRUPT,
			"%s outside a file (no FILE before it)", type);
	return 0;
}

static int dec_hello(
	struct ll_frame *f, struct ll_frame_decoder *d, struct ll_reader *r)
{
	uint64_t v;
	char *item;
	int rc;

	if ((rc = get_u(&v, r, "version", 4)) < 0 ||
		(rc = get_str(&f->u.hello.item, r, d, "item", S_NAME,
			 LL_FRAME_NAME_MAX, true)) < 0)
		return rc;
	if (v != LL_FRAME_VERSION)
		return bad("version", "version %" PRIu64 " is not 1", v);
	f->u.hello.version = (uint32_t)v;
	if (!(item = ll_strdup(f->u.hello.item)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	d->item = item;
	return 0;
}

static int dec_file(
	struct ll_frame *f, struct ll_frame_decoder *d, struct ll_reader *r)
{
	uint64_t v;
	int rc;

	if (d->in_file)
		return ll_error_set(LL_ECORRUPT,
			"FILE while file %" PRIu32 " is open (no END)",
			d->file_index);
	if ((rc = get_u(&v, r, "index", 4)) < 0 ||
		(rc = get_str(&f->u.file.kind, r, d, "kind", S_TOKEN,
			 LL_FRAME_TOKEN_MAX, true)) < 0)
		return rc;
	if (d->have_file && v <= d->file_index)
		return bad("index",
			"%" PRIu64 " does not follow the previous file", v);
	f->u.file.index = (uint32_t)v;
	return 0;
}

static int dec_event(
	struct ll_frame *f, struct ll_frame_decoder *d, struct ll_reader *r)
{
	static const struct {
		const char *field;
		enum str_class cls;
		size_t max;
		bool required;
	} spec[EVENT_NSTR] = {
		{ "time_raw", S_RAW, LL_FRAME_MAX_PAYLOAD, false },
		{ "time_rule", S_TEXT, LL_FRAME_TEXT_MAX, false },
		{ "source", S_TOKEN, LL_FRAME_TOKEN_MAX, true },
		{ "parser", S_TOKEN, LL_FRAME_TOKEN_MAX, true },
		{ "category", S_TOKEN, LL_FRAME_TOKEN_MAX, false },
		{ "host", S_RAW, LL_FRAME_MAX_PAYLOAD, false },
		{ "user", S_RAW, LL_FRAME_MAX_PAYLOAD, false },
		{ "path", S_RAW, LL_FRAME_MAX_PAYLOAD, false },
		{ "locator", S_NAME, LL_FRAME_LOCATOR_MAX, true },
		{ "message", S_RAW, LL_FRAME_MAX_PAYLOAD, true },
	};
	struct ll_frame_event *fe = &f->u.event;
	struct ll_event *e = &fe->ev;
	const char **strs[EVENT_NSTR] = { &e->time_raw, &e->time_rule,
		&e->source, &e->parser, &e->category, &e->host, &e->user,
		&e->path, &e->locator, &e->message };
	uint8_t nt;
	uint64_t code;
	int rc;

	if ((rc = need_file(d, "EVENT")) < 0)
		return rc;
	if (ll_reader_u8(&nt, r) < 0)
		return bad("ntimes", "truncated");
	if (nt < 1 || nt > LL_EVENT_MAX_TIMES)
		return bad("ntimes", "%u is not 1..%d", nt, LL_EVENT_MAX_TIMES);
	if ((rc = get_u(&code, r, "event_code", 8)) < 0)
		return rc;
	/* -1 (none) or an unsigned 32-bit id (EVTX: 16 bits, EVT: 32) */
	if ((int64_t)code < -1 || (int64_t)code > (int64_t)UINT32_MAX)
		return bad("event_code", "%" PRId64 " out of -1..4294967295",
			(int64_t)code);
	e->event_code = (int64_t)code;
	for (size_t i = 0; i < EVENT_NSTR; i++)
		if ((rc = get_str(strs[i], r, d, spec[i].field,
			     spec[i].cls, spec[i].max, spec[i].required)) < 0)
			return rc;
	fe->ntimes = nt;
	for (size_t i = 0; i < nt; i++)
		if ((rc = get_time(&fe->time_ns[i], r, "time")) < 0 ||
			(rc = get_str(&fe->time_desc[i], r, d,
				 "time_desc", S_NAME, LL_FRAME_NAME_MAX,
				 true)) < 0 ||
			(rc = get_str(&fe->attrs[i], r, d, "attrs",
				 S_JSON, LL_FRAME_MAX_PAYLOAD, false)) < 0)
			return rc;
	e->evidence_id = d->item;
	e->time_ns = fe->time_ns[0];
	e->time_desc = fe->time_desc[0];
	e->attrs = fe->attrs[0];
	return 0;
}

static int dec_text(const char **out, struct ll_frame_decoder *d,
	struct ll_reader *r, const char *type, const char *field)
{
	int rc;

	if ((rc = need_file(d, type)) < 0)
		return rc;
	return get_str(
		out, r, d, field, S_TEXT, LL_FRAME_TEXT_MAX, true);
}

static int dec_reject(
	struct ll_frame *f, struct ll_frame_decoder *d, struct ll_reader *r)
{
	int rc;

	if ((rc = need_file(d, "REJECT")) < 0 ||
		(rc = get_u(&f->u.reject.number, r, "number", 8)) < 0 ||
		(rc = get_u(&f->u.reject.offset, r, "offset", 8)) < 0 ||
		(rc = dec_text(&f->u.reject.reason, d, r, "REJECT", "reason")) <
			0)
		return rc;
	if (!f->u.reject.number)
		return bad("number", "0 (numbers start at 1)");
	return 0;
}

static int dec_partial(
	struct ll_frame *f, struct ll_frame_decoder *d, struct ll_reader *r)
{
	int rc;

	if ((rc = need_file(d, "PARTIAL")) < 0 ||
		(rc = get_str(&f->u.partial.reason, r, d, "reason",
			 S_TOKEN, LL_FRAME_TOKEN_MAX, true)) < 0)
		return rc;
	return dec_text(&f->u.partial.message, d, r, "PARTIAL", "message");
}

static int dec_progress(
	struct ll_frame *f, struct ll_frame_decoder *d, struct ll_reader *r)
{
	uint64_t done, total;
	int rc;

	if ((rc = get_u(&done, r, "done", 8)) < 0 ||
		(rc = get_u(&total, r, "total", 8)) < 0)
		return rc;
	if (total && done > total)
		return bad("done", "%" PRIu64 " is past the total", done);
	if (done < d->progress_done)
		return bad("done", "%" PRIu64 " goes backwards", done);
	f->u.progress.done = done;
	f->u.progress.total = total;
	return 0;
}

static int dec_end(
	struct ll_frame *f, struct ll_frame_decoder *d, struct ll_reader *r)
{
	uint64_t rc64;
	int rc;

	if ((rc = need_file(d, "END")) < 0 ||
		(rc = get_u(&f->u.end.events, r, "events", 8)) < 0 ||
		(rc = get_u(&f->u.end.rejected, r, "rejected", 8)) < 0 ||
		(rc = get_u(&f->u.end.recovered, r, "recovered", 8)) < 0 ||
		(rc = get_u(&rc64, r, "rc", 4)) < 0 ||
		(rc = dec_text(&f->u.end.message, d, r, "END", "message")) < 0)
		return rc;
	/* the counts are checked against what came, so a summary cannot lie */
	if (f->u.end.events != d->events)
		return bad("events", "%" PRIu64 ", but the file sent %" PRIu64,
			f->u.end.events, d->events);
	if (f->u.end.rejected < d->rejects)
		return bad("rejected",
			"%" PRIu64 ", fewer than the %" PRIu64 " REJECT frames",
			f->u.end.rejected, d->rejects);
	if (f->u.end.recovered > d->events + d->fs.deleted)
		return bad("recovered", "%" PRIu64 ", more than the events",
			f->u.end.recovered);
	f->u.end.rc = (int32_t)(uint32_t)rc64;
	if (f->u.end.rc > 0 || f->u.end.rc < LL_EINTERRUPTED)
		return bad("rc", "%" PRId32 " is not 0 or an error code",
			f->u.end.rc);
	if ((f->u.end.rc != 0) != (f->u.end.message[0] != '\0'))
		return bad("message", "must be given exactly when rc is not 0");
	return 0;
}

static int dec_warn(
	struct ll_frame *f, struct ll_frame_decoder *d, struct ll_reader *r)
{
	int rc;

	f->u.warn.code = f->u.warn.params = NULL;
	if ((rc = dec_text(&f->u.warn.text, d, r, "WARN", "text")) < 0 || !ll_reader_remaining(r))
		return rc;
	/* a coded warning: its code (a token) and params (JSON text, checked by the parent) */
	if ((rc = get_str(&f->u.warn.code, r, d, "code", S_TOKEN, LL_FRAME_TOKEN_MAX, true)) < 0)
		return rc;
	return get_str(&f->u.warn.params, r, d, "params", S_TEXT, LL_FRAME_WARN_PARAMS_MAX, true);
}

/* The payload decoders, by type (1..LL_FRAME_END). */
static int (*const decoders[])(
	struct ll_frame *, struct ll_frame_decoder *, struct ll_reader *) = {
	[LL_FRAME_HELLO] = dec_hello,
	[LL_FRAME_FILE] = dec_file,
	[LL_FRAME_EVENT] = dec_event,
	[LL_FRAME_WARN] = dec_warn,
	[LL_FRAME_REJECT] = dec_reject,
	[LL_FRAME_PARTIAL] = dec_partial,
	[LL_FRAME_PROGRESS] = dec_progress,
	[LL_FRAME_END] = dec_end,
};

/* Decodes the payload of a frame of type `t` into *f; sequence state is committed by the caller. */
static int decode(struct ll_frame *f, struct ll_frame_decoder *d, unsigned t,
	struct ll_reader *r)
{
	int rc;

	if (!d->hello && t != LL_FRAME_HELLO)
		return ll_error_set(
			LL_ECORRUPT, "%s before HELLO", type_name(t));
	if (d->hello && t == LL_FRAME_HELLO)
		return ll_error_set(LL_ECORRUPT, "a second HELLO");
	memset(f, 0, sizeof(*f));
	f->type = (enum ll_frame_type)t;
	/* t was checked against the table (or the fs, hospital and Sigma types) with the header */
	if ((rc = ll_frame_sigma_type(t) || ll_frame_sigma_open(d)
			    ? ll_frame_sigma_decode(f, d, t, r)
		  : ll_frame_fs_name(t)	  ? ll_frame_fs_decode(f, d, r)
		  : t == LL_FRAME_HARM_ROW ? ll_frame_harm_decode(f, d, r)
					   : decoders[t](f, d, r)) < 0)
		return rc;
	if (ll_reader_remaining(r))
		return ll_error_set(LL_ECORRUPT,
			"%zu bytes after the last field",
			ll_reader_remaining(r));
	return 0;
}

/* The sequence state a decoded frame changes (after it passed every check). */
static void commit(struct ll_frame_decoder *d, const struct ll_frame *f)
{
	switch (f->type) {
	case LL_FRAME_HELLO:
		d->hello = true;
		break;
	case LL_FRAME_FILE:
		d->in_file = d->have_file = true;
		d->file_index = f->u.file.index;
		d->events = d->rejects = 0;
		break;
	case LL_FRAME_EVENT:
		d->events += f->u.event.ntimes;
		break;
	case LL_FRAME_REJECT:
		d->rejects++;
		break;
	case LL_FRAME_PROGRESS:
		d->progress_done = f->u.progress.done;
		break;
	case LL_FRAME_END:
		d->in_file = false;
		break;
	default:
		break;
	}
	ll_frame_fs_commit(d, f);
}

/* Kills the stream with the last error, prefixed by where: every later call repeats it. */
static int refuse(struct ll_frame_decoder *d, unsigned t, uint64_t at)
{
	snprintf(d->why, sizeof(d->why),
		"worker stream: frame %" PRIu64 " (%s) at offset %" PRIu64
		": %s",
		d->nframes + 1, type_name(t), at, ll_error_message());
	d->dead = LL_ECORRUPT;
	return ll_error_set(LL_ECORRUPT, "%s", d->why);
}

static int refused(const struct ll_frame_decoder *d)
{
	return ll_error_set(d->dead, "%s", d->why);
}

void ll_frame_decoder_init(struct ll_frame_decoder *d)
{
	memset(d, 0, sizeof(*d));
	ll_buf_init(&d->in);
	ll_buf_init(&d->arena);
}

void ll_frame_decoder_release(struct ll_frame_decoder *d)
{
	ll_buf_release(&d->in);
	ll_buf_release(&d->arena);
	ll_free(d->item);
	ll_frame_sigma_release(d);
	ll_frame_decoder_init(d);
}

int ll_frame_decoder_feed(
	struct ll_frame_decoder *d, const uint8_t *data, size_t len)
{
	if (d->dead)
		return refused(d);
	/* drop what was decoded before growing: the buffer holds one frame and a read */
	if (d->head) {
		memmove(d->in.ptr, d->in.ptr + d->head, d->in.len - d->head);
		d->in.len -= d->head;
		d->in.ptr[d->in.len] = '\0';
		d->head = 0;
	}
	return ll_buf_put(&d->in, data, len);
}

int ll_frame_decoder_next(struct ll_frame *out, struct ll_frame_decoder *d)
{
	struct ll_reader r;
	struct ll_frame f;
	uint16_t t, reserved;
	uint32_t n;
	const uint8_t *p;
	int rc;

	if (d->dead)
		return refused(d);
	ll_reader_init_at(&r, (const uint8_t *)d->in.ptr + d->head,
		d->in.len - d->head, d->consumed);
	if (ll_reader_remaining(&r) < LL_FRAME_HEADER)
		return 0;
	if (ll_reader_u16le(&t, &r) < 0 || ll_reader_u16le(&reserved, &r) < 0 ||
		ll_reader_u32le(&n, &r) < 0)
		LL_BUG("frame header not readable after the length check");
	/* the header alone can condemn the frame: no waiting for a huge payload */
	if (!ll_frame_fs_name(t) && !ll_frame_sigma_type(t) && t != LL_FRAME_HARM_ROW &&
		(t >= sizeof(decoders) / sizeof(decoders[0]) || !decoders[t])) {
		if (t >= LL_FRAME_FS_FIRST && t <= LL_FRAME_SIGMA_LAST)
			ll_error_set(LL_ECORRUPT,
				"type 0x%04x is reserved (not in version 1)",
				t);
		else
			ll_error_set(LL_ECORRUPT, "unknown type 0x%04x", t);
		return refuse(d, t, d->consumed);
	}
	if (reserved) {
		bad("reserved", "0x%04x is not 0", reserved);
		return refuse(d, t, d->consumed);
	}
	if (n > LL_FRAME_MAX_PAYLOAD) {
		bad("length", "%" PRIu32 " bytes over the frame limit", n);
		return refuse(d, t, d->consumed);
	}
	if (ll_reader_remaining(&r) < n)
		return 0;
	if (ll_reader_bytes(&p, &r, n) < 0)
		LL_BUG("payload not readable after the length check");
	ll_reader_init_at(&r, p, n, d->consumed + LL_FRAME_HEADER);
	/* every string fits in the payload's size plus NULs: no realloc moves them */
	ll_buf_reset(&d->arena);
	if ((rc = ll_buf_grow(&d->arena,
		     (size_t)n + 2 * (EVENT_NSTR + 2 * LL_EVENT_MAX_TIMES))) <
		0)
		return rc;
	if ((rc = decode(&f, d, t, &r)) < 0) {
		if (rc == LL_ENOMEM)
			return rc; /* ours, not the worker's: the frame can be decoded again */
		return refuse(d, t, d->consumed);
	}
	commit(d, &f);
	d->head += LL_FRAME_HEADER + (size_t)n;
	d->consumed += LL_FRAME_HEADER + (uint64_t)n;
	d->nframes++;
	*out = f;
	return 1;
}

int ll_frame_decoder_finish(struct ll_frame_decoder *d)
{
	size_t left;

	if (d->dead)
		return refused(d);
	left = d->in.len - d->head;
	if (left)
		ll_error_set(LL_ECORRUPT,
			"the stream ends inside the frame (%zu bytes of it)",
			left);
	else if (!d->hello)
		ll_error_set(LL_ECORRUPT, "the stream ends before HELLO");
	else if (d->in_file)
		ll_error_set(LL_ECORRUPT,
			"the stream ends inside file %" PRIu32 " (no END)",
			d->file_index);
	else if (ll_frame_sigma_finish(d) == 0)
		return 0;
	return refuse(d, 0, d->consumed);
}

/* ---- the field codec for the other frame files (frame_codec.h) ---- */

_Static_assert((int)LL_FRAME_S_RAW == (int)S_RAW && (int)LL_FRAME_S_TEXT == (int)S_TEXT &&
		       (int)LL_FRAME_S_NAME == (int)S_NAME && (int)LL_FRAME_S_TOKEN == (int)S_TOKEN &&
		       (int)LL_FRAME_S_JSON == (int)S_JSON,
	       "frame_codec.h's string classes are frame.c's");

int ll_frame_put_le(struct ll_buf *out, uint64_t v, size_t n)
{
	return put_le(out, v, n);
}

int ll_frame_put_str(struct ll_buf *out, const char *s)
{
	return put_str(out, s);
}

int ll_frame_put_time(struct ll_buf *out, int64_t ns)
{
	return put_time(out, ns);
}

int ll_frame_get_str(const char **out, struct ll_reader *r, struct ll_frame_decoder *d,
		     const char *field, enum ll_frame_str_class cls, size_t max, bool required)
{
	return get_str(out, r, d, field, (enum str_class)cls, max, required);
}

int ll_frame_get_u(uint64_t *out, struct ll_reader *r, const char *field, size_t n)
{
	return get_u(out, r, field, n);
}

int ll_frame_get_time(int64_t *out, struct ll_reader *r, const char *field)
{
	return get_time(out, r, field);
}

int ll_frame_bad(const char *field, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return bad(field, "%s", what);
}

int ll_frame_need_file(const struct ll_frame_decoder *d, const char *type)
{
	return need_file(d, type);
}
