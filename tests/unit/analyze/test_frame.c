/* SPDX-License-Identifier: Apache-2.0 */
/* The worker frame codec: round trips, every refusal, any cut of the stream, allocation failures. */
#define _GNU_SOURCE 1 /* memmem */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyze/worker/frame.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/time.h"
#include "frame_expect.h"

#define NS(s, n) ((int64_t)(s)*LL_NS_PER_SEC + (n))

/* ---- a valid stream of every type ---- */

static void put_file(struct ll_buf *b, uint32_t index, const char *kind)
{
	struct ll_frame f = { .type = LL_FRAME_FILE };

	f.u.file.index = index;
	f.u.file.kind = kind;
	enc(b, &f);
}

/* A complete single-time event; callers change one field to make it bad. */
static struct ll_frame good_event(void)
{
	struct ll_frame f = { .type = LL_FRAME_EVENT };
	struct ll_event *e = &f.u.event.ev;

	f.u.event.ntimes = 1;
	e->time_ns = NS(1717423331, 123456789);
	e->time_desc = "Event Logged";
	e->time_raw = "2024-06-03T14:02:11.123456789Z";
	e->time_rule = "EVTX FILETIME";
	e->source = "evtx";
	e->parser = "evtx";
	e->category = "log";
	e->host = "WS01";
	e->user = "S-1-5-18";
	e->path = NULL;
	e->event_code = 4624;
	e->locator = "record=7;chunk=0;offset=4608";
	e->message = "An account was successfully logged on.\nline two";
	e->attrs = "{\"EventID\":4624,\"Channel\":\"Security\"}";
	return f;
}

static struct ll_frame macb_event(void)
{
	struct ll_frame f = { .type = LL_FRAME_EVENT };
	struct ll_frame_event *fe = &f.u.event;
	static const char *const desc[3] = { "Content Modification Time",
		"Last Access Time", "Creation Time" };
	static const char *const attrs[3] = { "{\"macb\":\"m\"}", NULL,
		"{\"macb\":\"b\"}" };

	fe->ntimes = 3;
	for (size_t i = 0; i < 3; i++) {
		fe->time_ns[i] =
			NS(-5 + (int64_t)i, 999999999); /* before 1970 too */
		fe->time_desc[i] = desc[i];
		fe->attrs[i] = attrs[i];
	}
	fe->ev.time_rule = "ext4 UTC";
	fe->ev.source = "fs";
	fe->ev.parser = "tsk";
	fe->ev.category = "file";
	fe->ev.path = "/home/\xff\x01raw"; /* file names are raw bytes */
	fe->ev.event_code = -1;
	fe->ev.locator = "part_offset=2048;inode=12";
	fe->ev.message = "/home/\xff\x01raw (deleted)";
	return f;
}

/* HELLO, a file with one frame of every type, a second file that failed. */
static void good_stream(struct ll_buf *b)
{
	struct ll_frame f;

	put_hello(b, "E1");
	put_file(b, 0, "evtx");
	f = good_event();
	enc(b, &f);
	f = macb_event();
	enc(b, &f);
	f = (struct ll_frame){ .type = LL_FRAME_WARN };
	f.u.warn.text =
		"'Security.evtx' record 9: bad XML, d\xc3\xa9j\xc3\xa0 vu";
	enc(b, &f);
	/* a coded warning: its code and params after the text (ll_source_warn_code) */
	f.u.warn.text = "'a.log' line 3: last line has no newline";
	f.u.warn.code = "source.no-final-newline";
	f.u.warn.params = "{\"file\":\"a.log\",\"line\":3}";
	enc(b, &f);
	f = (struct ll_frame){ .type = LL_FRAME_REJECT };
	f.u.reject.number = 9;
	f.u.reject.offset = 70000;
	f.u.reject.reason = "bad XML";
	enc(b, &f);
	f = (struct ll_frame){ .type = LL_FRAME_PARTIAL };
	f.u.partial.reason = "budget";
	f.u.partial.message = "stopped at the event budget";
	enc(b, &f);
	f = (struct ll_frame){ .type = LL_FRAME_PROGRESS };
	f.u.progress.done = 65536;
	f.u.progress.total = 69632;
	enc(b, &f);
	f = (struct ll_frame){ .type = LL_FRAME_END };
	f.u.end.events = 4;
	f.u.end.rejected = 2;
	f.u.end.recovered = 1;
	f.u.end.message = "";
	enc(b, &f);
	put_file(b, 3, "tsk");
	f = (struct ll_frame){ .type = LL_FRAME_END };
	f.u.end.rc = LL_ECORRUPT;
	f.u.end.message = "no file system";
	enc(b, &f);
}

#define GOOD_FRAMES 12

/*
 * Decodes `len` bytes fed in pieces cut at `cuts` (ascending; none: one
 * piece), re-encoding every frame into `out`. Returns the first error, or
 * finish's result.
 */
static int decode_cuts(struct ll_buf *out, size_t *nframes, const uint8_t *data,
	size_t len, const size_t *cuts, size_t ncuts)
{
	struct ll_frame_decoder d;
	struct ll_frame f;
	size_t from = 0;
	int rc = 0;

	ll_frame_decoder_init(&d);
	*nframes = 0;
	for (size_t i = 0; i <= ncuts && rc >= 0; i++) {
		size_t to = i < ncuts ? cuts[i] : len;

		if ((rc = ll_frame_decoder_feed(&d, data + from, to - from)) <
			0)
			break;
		from = to;
		while ((rc = ll_frame_decoder_next(&f, &d)) == 1) {
			if (f.type == LL_FRAME_EVENT)
				assert_string_equal(
					f.u.event.ev.evidence_id, "E1");
			if ((rc = ll_frame_encode(out, &f)) < 0)
				break;
			(*nframes)++;
		}
	}
	if (rc >= 0)
		rc = ll_frame_decoder_finish(&d);
	ll_frame_decoder_release(&d);
	return rc;
}

static void round_trip_every_type(void **state)
{
	struct ll_buf in = LL_BUF_INIT, out = LL_BUF_INIT;
	struct ll_frame_decoder d;
	struct ll_frame f, want;
	size_t n;

	(void)state;
	good_stream(&in);
	/* the decoded frames encode back to the very bytes */
	assert_int_equal(
		decode_cuts(&out, &n, (const uint8_t *)in.ptr, in.len, NULL, 0),
		0);
	assert_int_equal(n, GOOD_FRAMES);
	assert_int_equal(out.len, in.len);
	assert_memory_equal(out.ptr, in.ptr, in.len);

	/* and field by field, for the two event shapes */
	ll_frame_decoder_init(&d);
	assert_int_equal(
		ll_frame_decoder_feed(&d, (const uint8_t *)in.ptr, in.len), 0);
	assert_int_equal(ll_frame_decoder_next(&f, &d), 1);
	assert_int_equal(f.type, LL_FRAME_HELLO);
	assert_int_equal(f.u.hello.version, 1);
	assert_string_equal(f.u.hello.item, "E1");
	assert_int_equal(ll_frame_decoder_next(&f, &d), 1);
	assert_int_equal(f.u.file.index, 0);
	assert_string_equal(f.u.file.kind, "evtx");
	assert_int_equal(ll_frame_decoder_next(&f, &d), 1);
	want = good_event();
	assert_int_equal(f.u.event.ntimes, 1);
	assert_int_equal(f.u.event.ev.time_ns, want.u.event.ev.time_ns);
	assert_int_equal(f.u.event.time_ns[0], want.u.event.ev.time_ns);
	assert_string_equal(f.u.event.ev.time_desc, want.u.event.ev.time_desc);
	assert_string_equal(f.u.event.ev.time_raw, want.u.event.ev.time_raw);
	assert_string_equal(f.u.event.ev.time_rule, want.u.event.ev.time_rule);
	assert_string_equal(f.u.event.ev.source, "evtx");
	assert_string_equal(f.u.event.ev.parser, "evtx");
	assert_string_equal(f.u.event.ev.category, "log");
	assert_string_equal(f.u.event.ev.host, "WS01");
	assert_string_equal(f.u.event.ev.user, "S-1-5-18");
	assert_null(f.u.event.ev.path);
	assert_int_equal(f.u.event.ev.event_code, 4624);
	assert_string_equal(f.u.event.ev.locator, want.u.event.ev.locator);
	assert_string_equal(f.u.event.ev.message, want.u.event.ev.message);
	assert_string_equal(f.u.event.ev.attrs, want.u.event.ev.attrs);
	assert_int_equal(ll_frame_decoder_next(&f, &d), 1);
	want = macb_event();
	assert_int_equal(f.u.event.ntimes, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(f.u.event.time_ns[i], want.u.event.time_ns[i]);
		assert_string_equal(
			f.u.event.time_desc[i], want.u.event.time_desc[i]);
		if (want.u.event.attrs[i])
			assert_string_equal(
				f.u.event.attrs[i], want.u.event.attrs[i]);
		else
			assert_null(f.u.event.attrs[i]);
	}
	assert_int_equal(f.u.event.ev.time_ns, NS(-5, 999999999));
	assert_string_equal(f.u.event.ev.path, want.u.event.ev.path);
	assert_int_equal(f.u.event.ev.event_code, -1);
	assert_int_equal(ll_frame_decoder_next(&f, &d), 1);
	assert_int_equal(f.type, LL_FRAME_WARN);
	assert_string_equal(f.u.warn.text,
		"'Security.evtx' record 9: bad XML, d\xc3\xa9j\xc3\xa0 vu");
	assert_null(f.u.warn.code);
	assert_null(f.u.warn.params);
	assert_int_equal(ll_frame_decoder_next(&f, &d), 1);
	assert_int_equal(f.type, LL_FRAME_WARN);
	assert_string_equal(f.u.warn.code, "source.no-final-newline");
	assert_string_equal(f.u.warn.params, "{\"file\":\"a.log\",\"line\":3}");
	assert_int_equal(ll_frame_decoder_next(&f, &d), 1);
	assert_int_equal(f.u.reject.number, 9);
	assert_int_equal(f.u.reject.offset, 70000);
	assert_string_equal(f.u.reject.reason, "bad XML");
	assert_int_equal(ll_frame_decoder_next(&f, &d), 1);
	assert_string_equal(f.u.partial.reason, "budget");
	assert_string_equal(f.u.partial.message, "stopped at the event budget");
	assert_int_equal(ll_frame_decoder_next(&f, &d), 1);
	assert_int_equal(f.u.progress.done, 65536);
	assert_int_equal(f.u.progress.total, 69632);
	assert_int_equal(ll_frame_decoder_next(&f, &d), 1);
	assert_int_equal(f.type, LL_FRAME_END);
	assert_int_equal(f.u.end.events, 4);
	assert_int_equal(f.u.end.rejected, 2);
	assert_int_equal(f.u.end.recovered, 1);
	assert_int_equal(f.u.end.rc, 0);
	assert_string_equal(f.u.end.message, "");
	assert_int_equal(ll_frame_decoder_next(&f, &d), 1);
	assert_int_equal(f.u.file.index, 3);
	assert_int_equal(ll_frame_decoder_next(&f, &d), 1);
	assert_int_equal(f.u.end.rc, LL_ECORRUPT);
	assert_string_equal(f.u.end.message, "no file system");
	assert_int_equal(ll_frame_decoder_next(&f, &d), 0);
	assert_int_equal(ll_frame_decoder_finish(&d), 0);
	ll_frame_decoder_release(&d);
	ll_buf_release(&in);
	ll_buf_release(&out);
}

/* Cut once at every byte, and fed one byte at a time: the same frames. */
static void any_cut_same_frames(void **state)
{
	struct ll_buf in = LL_BUF_INIT, out = LL_BUF_INIT;
	size_t n, *cuts;

	(void)state;
	good_stream(&in);
	for (size_t k = 0; k <= in.len; k++) {
		ll_buf_reset(&out);
		assert_int_equal(decode_cuts(&out, &n, (const uint8_t *)in.ptr,
					 in.len, &k, 1),
			0);
		assert_int_equal(n, GOOD_FRAMES);
		assert_int_equal(out.len, in.len);
		assert_memory_equal(out.ptr, in.ptr, in.len);
	}
	cuts = ll_calloc(in.len, sizeof(*cuts));
	assert_non_null(cuts);
	for (size_t k = 0; k < in.len; k++)
		cuts[k] = k;
	ll_buf_reset(&out);
	assert_int_equal(decode_cuts(&out, &n, (const uint8_t *)in.ptr, in.len,
				 cuts, in.len),
		0);
	assert_int_equal(out.len, in.len);
	assert_memory_equal(out.ptr, in.ptr, in.len);
	ll_free(cuts);
	ll_buf_release(&in);
	ll_buf_release(&out);
}

/* ---- refusals ---- */

/* HELLO and FILE, then the frame under test (frame 3). */
static size_t prologue(struct ll_buf *s)
{
	ll_buf_reset(s);
	put_hello(s, "E1");
	put_file(s, 0, "evtx");
	return s->len;
}

/* HELLO, FILE, then `f`, which must be refused. */
static void refuse_event(const struct ll_frame *f, const char *want)
{
	struct ll_buf s = LL_BUF_INIT;
	size_t at = prologue(&s);

	enc(&s, f);
	expect_refused(&s, 3, at, want);
	ll_buf_release(&s);
}

/* HELLO, FILE, `first`, then `second`, which must be refused. */
static void refuse_second(const struct ll_frame *first,
	const struct ll_frame *second, const char *want)
{
	struct ll_buf s = LL_BUF_INIT;
	size_t at;

	prologue(&s);
	enc(&s, first);
	at = s.len;
	enc(&s, second);
	expect_refused(&s, 4, at, want);
	ll_buf_release(&s);
}

static void le_store(uint8_t *p, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

#define EV(field) offsetof(struct ll_event, field)

static void refuses_bad_fields(void **state)
{
	static char longloc[LL_FRAME_LOCATOR_MAX + 2];
	/* one string field of a good event set to `value`, and the refusal */
	static const struct {
		size_t field;
		const char *value, *want;
	} bad[] = {
		{ EV(message), NULL, "field 'message': required but absent" },
		{ EV(locator), NULL, "field 'locator': required but absent" },
		{ EV(time_desc), NULL,
			"field 'time_desc': required but absent" },
		{ EV(time_rule), "bad \xc3\x28 UTF-8",
			"field 'time_rule': invalid UTF-8 at byte 4" },
		{ EV(time_desc), "over\xed\xa0\x80long", /* a surrogate */
			"field 'time_desc': invalid UTF-8 at byte 4" },
		{ EV(locator), "line=1\n;offset=0",
			"field 'locator': control character at byte 6" },
		{ EV(locator), "line=1;\xc2\x85", /* C1: NEL */
			"field 'locator': control character at byte 7" },
		{ EV(locator), "", "field 'locator': empty" },
		{ EV(locator), longloc,
			"field 'locator': too long (2049 bytes)" },
		{ EV(source), "ev tx",
			"field 'source': byte 0x20 at byte 2 is not printable "
			"ASCII" },
		{ EV(parser), "", "field 'parser': empty" },
		{ EV(attrs), "[1]", "field 'attrs': not a JSON object" },
		{ EV(attrs), "{\"a\":", "field 'attrs': not a JSON object" },
		/* what the decoder's flat fast path must not let through */
		{ EV(attrs), "{\"a\":1,\"a\":2}", "field 'attrs': not a JSON object" },
		{ EV(attrs), "{\"a\":1,\"\\u0061\":2}", "field 'attrs': not a JSON object" },
		{ EV(attrs), "{\"a\":01}", "field 'attrs': not a JSON object" },
		{ EV(attrs), "{\"a\":-}", "field 'attrs': not a JSON object" },
		{ EV(attrs), "{\"a\":1}x", "field 'attrs': not a JSON object" },
		{ EV(attrs), "{\"a\":1,}", "field 'attrs': not a JSON object" },
		{ EV(attrs), "{\"a\":truex}", "field 'attrs': not a JSON object" },
		{ EV(attrs), "{\"a\":\"\\x\"}", "field 'attrs': not a JSON object" },
		{ EV(attrs), "{\"a\":\"\t\"}", "field 'attrs': not a JSON object" },
		{ EV(attrs), "{\"a\" 1}", "field 'attrs': not a JSON object" },
		{ EV(attrs), "{\"a\":\"\\u0000\"}", "field 'attrs': not a JSON object" },
		{ EV(attrs), "{\"a\":99999999999999999999}", "field 'attrs': not a JSON object" },
	};
	struct ll_frame f;

	(void)state;
	memset(longloc, 'a', sizeof(longloc) - 1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f = good_event();
		*(const char **)((char *)&f.u.event.ev + bad[i].field) =
			bad[i].value;
		refuse_event(&f, bad[i].want);
	}
	f = good_event(), f.u.event.ev.event_code = (int64_t)1 << 40;
	refuse_event(&f, "field 'event_code': 1099511627776 out of");
	f = good_event(), f.u.event.ev.event_code = -2;
	refuse_event(&f, "field 'event_code': -2 out of");
	f = (struct ll_frame){ .type = LL_FRAME_WARN };
	f.u.warn.text = "caf\xe9"; /* Latin-1 */
	refuse_event(&f, "field 'text': invalid UTF-8 at byte 3");
	f = (struct ll_frame){ .type = LL_FRAME_REJECT };
	f.u.reject.reason = "x";
	refuse_event(&f, "field 'number': 0 (numbers start at 1)");
	f = (struct ll_frame){ .type = LL_FRAME_PARTIAL };
	f.u.partial.reason = "a b";
	f.u.partial.message = "m";
	refuse_event(&f, "field 'reason': byte 0x20");
}

/* Byte-level damage the encoder cannot make: NULs, times, counts, lengths. */
/* attrs the flat fast path takes, and objects only jansson takes, all accepted */
static void accepts_json_attrs(void **state)
{
	static const char *const good[] = {
		"{}", " { } ", "{\"a\":1}", "{\"a\":-12,\"b\":\"x\\\"y\\n\",\"c\":true,\"d\":false,\"e\":null}",
		"{ \"a\" : \"\" , \"\":0 }\n", "{\"a\":\"caf\xc3\xa9\"}", "{\"a\":1.5e3}",
		"{\"a\":{\"a\":[1,2]}}", "{\"\\n\":1,\"\\r\":2}", "{\"a\":\"\\u00e9\"}", "{\"a\":-0}",
	};
	struct ll_frame_decoder d;
	struct ll_frame f, out;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct ll_buf s = LL_BUF_INIT;
		int rc;

		prologue(&s);
		f = good_event();
		f.u.event.ev.attrs = good[i];
		enc(&s, &f);
		ll_frame_decoder_init(&d);
		assert_int_equal(ll_frame_decoder_feed(&d, (const uint8_t *)s.ptr, s.len), 0);
		for (int k = 0; k < 3; k++) {
			rc = ll_frame_decoder_next(&out, &d);
			if (rc != 1)
				fail_msg("attrs '%s': %s", good[i], ll_error_message());
		}
		assert_string_equal(out.u.event.ev.attrs, good[i]);
		ll_frame_decoder_release(&d);
		ll_buf_release(&s);
	}
}

/* An event whose attrs are `attrs` is decoded, attrs intact. */
static void accept_attrs(const char *attrs)
{
	struct ll_frame_decoder d;
	struct ll_frame f = good_event(), out;
	struct ll_buf s = LL_BUF_INIT;

	prologue(&s);
	f.u.event.ev.attrs = attrs;
	enc(&s, &f);
	ll_frame_decoder_init(&d);
	assert_int_equal(ll_frame_decoder_feed(&d, (const uint8_t *)s.ptr, s.len), 0);
	for (int k = 0; k < 3; k++)
		if (ll_frame_decoder_next(&out, &d) != 1)
			fail_msg("attrs '%s': %s", attrs, ll_error_message());
	assert_string_equal(out.u.event.ev.attrs, attrs);
	ll_frame_decoder_release(&d);
	ll_buf_release(&s);
}

/*
 * The flat fast path scans strings 8 bytes a step and compares keys by
 * their first 8 bytes first: a byte it must stop at (a control byte, a
 * quote, a backslash) at every place of a word, and keys alike in their
 * first 8 bytes, decide as byte by byte.
 */
static void flat_scan_every_offset(void **state)
{
	static const char stops[] = { '\t', 0x01, 0x1f, '\n' };
	char attrs[256], key[64];
	struct ll_frame f;

	(void)state;
	for (int at = 0; at < 24; at++) {
		for (size_t k = 0; k < sizeof(stops); k++) {
			/* a raw control byte in a value, then in a key */
			snprintf(attrs, sizeof(attrs), "{\"k\":\"%.*s%c%.*s\"}", at,
				 "aaaaaaaaaaaaaaaaaaaaaaaa", stops[k], 24 - at,
				 "bbbbbbbbbbbbbbbbbbbbbbbb");
			f = good_event(), f.u.event.ev.attrs = attrs;
			refuse_event(&f, "field 'attrs': not a JSON object");
			snprintf(attrs, sizeof(attrs), "{\"%.*s%c\":1}", at,
				 "aaaaaaaaaaaaaaaaaaaaaaaa", stops[k]);
			f = good_event(), f.u.event.ev.attrs = attrs;
			refuse_event(&f, "field 'attrs': not a JSON object");
		}
		/* a bare quote ends the value early: what follows is no JSON */
		snprintf(attrs, sizeof(attrs), "{\"k\":\"%.*s\"%.*s\"}", at,
			 "aaaaaaaaaaaaaaaaaaaaaaaa", 24 - at, "bbbbbbbbbbbbbbbbbbbbbbbb");
		f = good_event(), f.u.event.ev.attrs = attrs;
		refuse_event(&f, "field 'attrs': not a JSON object");
		/* escapes and UTF-8 at the same places are taken */
		snprintf(attrs, sizeof(attrs), "{\"k\":\"%.*s\\\"\\\\caf\xc3\xa9%.*s\"}", at,
			 "aaaaaaaaaaaaaaaaaaaaaaaa", 24 - at, "bbbbbbbbbbbbbbbbbbbbbbbb");
		accept_attrs(attrs);
		/* two keys alike in their first 8 bytes (and more): one differs at `at` */
		snprintf(key, sizeof(key), "%.*sX%.*s", at, "kkkkkkkkkkkkkkkkkkkkkkkk", 24 - at,
			 "kkkkkkkkkkkkkkkkkkkkkkkk");
		snprintf(attrs, sizeof(attrs), "{\"%s\":1,\"%.*s\":2}", key, 25,
			 "kkkkkkkkkkkkkkkkkkkkkkkkk");
		accept_attrs(attrs);
		snprintf(attrs, sizeof(attrs), "{\"%s\":1,\"b\":3,\"%s\":2}", key, key);
		f = good_event(), f.u.event.ev.attrs = attrs;
		refuse_event(&f, "field 'attrs': not a JSON object");
	}
}

/* HELLO, FILE, then `f` with a NUL over the first byte of `where` in it: refused. */
static void refuse_nul(const struct ll_frame *f, const char *where, const char *want)
{
	struct ll_buf s = LL_BUF_INIT;
	size_t at = prologue(&s);
	uint8_t *p;

	enc(&s, f);
	p = memmem(s.ptr + at, s.len - at, where, strlen(where));
	assert_non_null(p);
	p[0] = 0;
	expect_refused(&s, 3, at, want);
	ll_buf_release(&s);
}

/*
 * Text past the 8-byte ASCII scan: the byte named is the first bad one, and
 * a NUL is named before invalid UTF-8 that comes ahead of it.
 */
static void refuses_text_past_ascii_words(void **state)
{
	struct ll_frame f = { .type = LL_FRAME_WARN };

	(void)state;
	f.u.warn.text = "abcdefghijklmnop\xe9q";
	refuse_event(&f, "field 'text': invalid UTF-8 at byte 16");
	f.u.warn.text = "abcdefghij\xc3\xa9klmnopqrs\xff";
	refuse_event(&f, "field 'text': invalid UTF-8 at byte 21");
	f.u.warn.text = "abcdefgh\xe9ijklmnopqrstuvwxyz";
	refuse_nul(&f, "stu", "field 'text': NUL byte at byte 19");
}

static void refuses_bad_bytes(void **state)
{
	struct ll_buf s = LL_BUF_INIT;
	struct ll_frame f = good_event();
	size_t at, end;
	uint8_t *p;

	(void)state;
	/* a NUL inside a raw field */
	refuse_nul(&f, "cessfully", "field 'message': NUL byte at byte 18");

	/* the tail of a single-time event: sec(8) nsec(4) desc(4+12) attrs(4+38) */
	at = prologue(&s);
	enc(&s, &f);
	end = s.len - 4 - strlen(f.u.event.ev.attrs) - 4 -
	      strlen(f.u.event.ev.time_desc);
	p = (uint8_t *)s.ptr + end - 12;
	le_store(p, (uint64_t)INT64_C(9300000000), 8); /* year 2264 */
	expect_refused(
		&s, 3, at, "field 'time': 9300000000 s " LL_TIME_RANGE_WHY);
	le_store(p, (uint64_t)-INT64_C(9300000000), 8); /* year 1675 */
	expect_refused(&s, 3, at, LL_TIME_RANGE_WHY);
	le_store(p, 0, 8);
	le_store(p + 8, 1000000000, 4);
	expect_refused(
		&s, 3, at, "field 'time': nanoseconds 1000000000 out of");

	/* ntimes 0 and 5 */
	at = prologue(&s);
	enc(&s, &f);
	s.ptr[at + LL_FRAME_HEADER] = 0;
	expect_refused(&s, 3, at, "field 'ntimes': 0 is not 1..4");
	s.ptr[at + LL_FRAME_HEADER] = 5;
	expect_refused(&s, 3, at, "field 'ntimes': 5 is not 1..4");

	/* the header's length shorter than the fields, then longer */
	at = prologue(&s);
	enc(&s, &f);
	le_store(
		(uint8_t *)s.ptr + at + 4, s.len - at - LL_FRAME_HEADER - 1, 4);
	expect_refused(&s, 3, at, "past the end of the frame");
	at = prologue(&s);
	enc(&s, &f);
	le_store(
		(uint8_t *)s.ptr + at + 4, s.len - at - LL_FRAME_HEADER + 2, 4);
	assert_int_equal(ll_buf_put(&s, "\0\0", 2), 0);
	expect_refused(&s, 3, at, "2 bytes after the last field");
	/* a string length past the frame */
	at = prologue(&s);
	enc(&s, &f);
	le_store((uint8_t *)s.ptr + at + LL_FRAME_HEADER + 1 + 8, 0x7fffff, 4);
	expect_refused(&s, 3, at,
		"field 'time_raw': 8388607 bytes, past the end of the frame");

	/* oversize: refused from the header, before the payload comes */
	at = prologue(&s);
	enc(&s, &f);
	le_store((uint8_t *)s.ptr + at + 4, LL_FRAME_MAX_PAYLOAD + 1, 4);
	s.len = at + LL_FRAME_HEADER;
	expect_refused(&s, 3, at,
		"field 'length': 16777217 bytes over the frame limit");
	/* unknown, reserved and zero types; the reserved header half */
	at = prologue(&s);
	enc(&s, &f);
	le_store((uint8_t *)s.ptr + at, 99, 2);
	expect_refused(&s, 3, at, "unknown type 0x0063");
	/* 0x0100..0x0104 are the fs rows (test_frame_fs.c); the rest of the range is reserved */
	le_store((uint8_t *)s.ptr + at, LL_FRAME_FS_ZONE + 1, 2);
	expect_refused(&s, 3, at, "type 0x0105 is reserved");
	le_store((uint8_t *)s.ptr + at, LL_FRAME_HARM_LAST, 2);
	expect_refused(&s, 3, at, "type 0x02ff is reserved");
	le_store((uint8_t *)s.ptr + at, 0, 2);
	expect_refused(&s, 3, at, "unknown type 0x0000");
	le_store((uint8_t *)s.ptr + at, LL_FRAME_EVENT, 2);
	le_store((uint8_t *)s.ptr + at + 2, 1, 2);
	expect_refused(&s, 3, at, "field 'reserved': 0x0001 is not 0");
	ll_buf_release(&s);
}

/* Frames out of order, summaries that lie, and streams that stop short. */
static void refuses_bad_sequence(void **state)
{
	struct ll_buf s = LL_BUF_INIT;
	struct ll_frame f = good_event(), g, h;
	size_t at;

	(void)state;
	enc(&s, &f);
	expect_refused(&s, 1, 0, "EVENT before HELLO");
	ll_buf_reset(&s);
	put_hello(&s, "E1");
	at = s.len;
	enc(&s, &f);
	expect_refused(&s, 2, at, "EVENT outside a file");
	at = s.len;
	ll_buf_reset(&s);
	put_hello(&s, "E1");
	at = s.len;
	put_hello(&s, "E2");
	expect_refused(&s, 2, at, "a second HELLO");
	ll_buf_reset(&s);
	g = (struct ll_frame){ .type = LL_FRAME_HELLO };
	g.u.hello.version = 2;
	g.u.hello.item = "E1";
	enc(&s, &g);
	expect_refused(&s, 1, 0, "field 'version': version 2 is not 1");
	g.u.hello.version = 1;
	g.u.hello.item = "E\x01";
	ll_buf_reset(&s);
	enc(&s, &g);
	expect_refused(&s, 1, 0, "field 'item': control character at byte 1");

	at = prologue(&s);
	put_file(&s, 1, "evtx");
	expect_refused(&s, 3, at, "FILE while file 0 is open");
	prologue(&s);
	g = (struct ll_frame){ .type = LL_FRAME_END };
	g.u.end.message = "";
	enc(&s, &g);
	at = s.len;
	put_file(&s, 0, "evtx");
	expect_refused(&s, 4, at,
		"field 'index': 0 does not follow the previous file");

	/* END counts checked against what came */
	g.u.end.events = 2;
	refuse_second(&f, &g, "field 'events': 2, but the file sent 1");
	g.u.end.events = 0;
	g.u.end.recovered = 1;
	refuse_event(&g, "field 'recovered': 1, more than the events");
	g.u.end.recovered = 0;
	g.u.end.rc = 3;
	refuse_event(&g, "field 'rc': 3 is not 0 or an error code");
	g.u.end.rc = LL_EIO;
	refuse_event(
		&g, "field 'message': must be given exactly when rc is not 0");
	h = (struct ll_frame){ .type = LL_FRAME_REJECT };
	h.u.reject.number = 1;
	h.u.reject.reason = "bad";
	g = (struct ll_frame){ .type = LL_FRAME_END };
	g.u.end.message = "";
	refuse_second(
		&h, &g, "field 'rejected': 0, fewer than the 1 REJECT frames");

	/* progress backwards, past its total */
	h = (struct ll_frame){ .type = LL_FRAME_PROGRESS };
	h.u.progress.done = 10;
	g = (struct ll_frame){ .type = LL_FRAME_PROGRESS };
	g.u.progress.done = 9;
	refuse_second(&h, &g, "field 'done': 9 goes backwards");
	g.u.progress.done = 11;
	g.u.progress.total = 10;
	refuse_event(&g, "field 'done': 11 is past the total");

	/* the stream stops short */
	at = prologue(&s);
	enc(&s, &f);
	s.len--;
	expect_refused(&s, 3, at, "the stream ends inside the frame");
	at = prologue(&s);
	expect_refused(&s, 3, at, "the stream ends inside file 0 (no END)");
	ll_buf_reset(&s);
	expect_refused(&s, 1, 0, "the stream ends before HELLO");
	ll_buf_release(&s);
}

static void encoder_checks_sizes(void **state)
{
	struct ll_buf s = LL_BUF_INIT;
	struct ll_frame f = good_event();
	char *big;

	(void)state;
	put_hello(&s, "E1");
	f.u.event.ntimes = 0;
	assert_int_equal(ll_frame_encode(&s, &f), LL_EINVAL);
	f.u.event.ntimes = LL_EVENT_MAX_TIMES + 1;
	assert_int_equal(ll_frame_encode(&s, &f), LL_EINVAL);
	big = ll_malloc(LL_FRAME_MAX_PAYLOAD + 1);
	assert_non_null(big);
	memset(big, 'm', LL_FRAME_MAX_PAYLOAD);
	big[LL_FRAME_MAX_PAYLOAD] = '\0';
	f = good_event();
	f.u.event.ev.message = big;
	assert_int_equal(ll_frame_encode(&s, &f), LL_EINVAL);
	assert_non_null(strstr(ll_error_message(), "over the 16777216 limit"));
	f.type = (enum ll_frame_type)42;
	assert_int_equal(ll_frame_encode(&s, &f), LL_EINVAL);
	/* a failed encode leaves the frames before it whole */
	s.len = 0;
	put_hello(&s, "E1");
	{
		size_t len = s.len;

		f.type = LL_FRAME_EVENT;
		assert_int_equal(ll_frame_encode(&s, &f), LL_EINVAL);
		assert_int_equal(s.len, len);
	}
	ll_free(big);
	ll_buf_release(&s);
}

static void write_all_to_pipe(void **state)
{
	struct ll_buf in = LL_BUF_INIT, out = LL_BUF_INIT;
	uint8_t buf[4096];
	int fds[2];
	ssize_t n;
	size_t got;

	(void)state;
	good_stream(&in);
	assert_int_equal(pipe(fds), 0);
	assert_true(
		in.len < 65536); /* fits the pipe: no reader thread needed */
	assert_int_equal(ll_frame_write_all(fds[1], in.ptr, in.len), 0);
	close(fds[1]);
	while ((n = read(fds[0], buf, sizeof(buf))) > 0)
		assert_int_equal(ll_buf_put(&out, buf, (size_t)n), 0);
	close(fds[0]);
	assert_int_equal(out.len, in.len);
	assert_memory_equal(out.ptr, in.ptr, in.len);
	assert_int_equal(ll_frame_write_all(fds[1], in.ptr, 1), LL_EIO);
	ll_buf_reset(&out);
	assert_int_equal(decode_cuts(&out, &got, (const uint8_t *)in.ptr,
				 in.len, NULL, 0),
		0);
	ll_buf_release(&in);
	ll_buf_release(&out);
}

/*
 * Every allocation of decoding (cut in two, so the buffer is compacted and
 * grown) and of encoding fails in turn: LL_ENOMEM, until n passes the last
 * one and the whole stream comes through.
 */
static void survives_allocation_failures(void **state)
{
	struct ll_buf in = LL_BUF_INIT, out = LL_BUF_INIT;
	size_t cut, n;
	unsigned long k, failed = 0;
	int rc = LL_ENOMEM;

	(void)state;
	good_stream(&in);
	cut = in.len / 2;
	for (k = 1; k < 1000 && rc == LL_ENOMEM; k++) {
		ll_buf_release(&out);
		ll_alloc_fail_at(k);
		rc = decode_cuts(
			&out, &n, (const uint8_t *)in.ptr, in.len, &cut, 1);
		ll_alloc_fail_at(0);
		if (rc == LL_ENOMEM)
			failed++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(out.len, in.len);
	assert_true(failed >= 3);
	/* a decoder that ran out of memory is not dead: the same frame decodes after */
	{
		struct ll_frame_decoder d;
		struct ll_frame f;

		ll_frame_decoder_init(&d);
		assert_int_equal(ll_frame_decoder_feed(
					 &d, (const uint8_t *)in.ptr, in.len),
			0);
		ll_alloc_fail_at(1);
		rc = ll_frame_decoder_next(&f, &d);
		ll_alloc_fail_at(0);
		assert_int_equal(rc, LL_ENOMEM);
		assert_int_equal(ll_frame_decoder_next(&f, &d), 1);
		assert_int_equal(f.type, LL_FRAME_HELLO);
		ll_frame_decoder_release(&d);
	}
	ll_buf_release(&in);
	ll_buf_release(&out);
}

/*
 * The seed corpus is written from the format's document by a second
 * encoder (tests/fuzz/frame_seeds.py): its good stream decodes whole, and
 * its damaged ones are refused.
 */
static void second_encoder_agrees(void **state)
{
	static const char *const bad[] = { "truncated", "bad-utf8-warn",
		"nul-message", "time-out-of-range", "control-locator",
		"oversize-header", "reserved-type", "end-lies", "warn-bad-code" };
	struct ll_buf in = LL_BUF_INIT, out = LL_BUF_INIT, mine = LL_BUF_INIT;
	char path[512];
	size_t n;

	(void)state;
	snprintf(path, sizeof(path),
		"%s/tests/fuzz/corpus/frame/good-stream.bin", LL_SRC_DIR);
	assert_int_equal(ll_buf_read_file(&in, path), 0);
	assert_int_equal(
		decode_cuts(&out, &n, (const uint8_t *)in.ptr, in.len, NULL, 0),
		0);
	assert_int_equal(n, GOOD_FRAMES);
	good_stream(&mine);
	assert_int_equal(decode_cuts(&out, &n, (const uint8_t *)mine.ptr,
				 mine.len, NULL, 0),
		0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(path, sizeof(path),
			"%s/tests/fuzz/corpus/frame/%s.bin", LL_SRC_DIR,
			bad[i]);
		ll_buf_reset(&in);
		assert_int_equal(ll_buf_read_file(&in, path), 0);
		assert_int_equal(decode_cuts(&out, &n, (const uint8_t *)in.ptr,
					 in.len, NULL, 0),
			LL_ECORRUPT);
	}
	ll_buf_release(&in);
	ll_buf_release(&out);
	ll_buf_release(&mine);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip_every_type),
		cmocka_unit_test(any_cut_same_frames),
		cmocka_unit_test(refuses_bad_fields),
		cmocka_unit_test(accepts_json_attrs),
		cmocka_unit_test(flat_scan_every_offset),
		cmocka_unit_test(refuses_text_past_ascii_words),
		cmocka_unit_test(refuses_bad_bytes),
		cmocka_unit_test(refuses_bad_sequence),
		cmocka_unit_test(encoder_checks_sizes),
		cmocka_unit_test(write_all_to_pipe),
		cmocka_unit_test(survives_allocation_failures),
		cmocka_unit_test(second_encoder_agrees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
