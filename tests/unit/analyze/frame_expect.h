/* SPDX-License-Identifier: Apache-2.0 */
/* For the frame codec's unit tests: encoding a frame, a HELLO, and a stream that must be refused at a given frame. */
#ifndef LL_TESTS_UNIT_ANALYZE_FRAME_EXPECT_H
#define LL_TESTS_UNIT_ANALYZE_FRAME_EXPECT_H

#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "analyze/worker/frame.h"
#include "core/buf.h"
#include "core/error.h"

static inline void enc(struct ll_buf *b, const struct ll_frame *f)
{
	assert_int_equal(ll_frame_encode(b, f), 0);
}

static inline void put_hello(struct ll_buf *b, const char *item)
{
	struct ll_frame f = { .type = LL_FRAME_HELLO };

	f.u.hello.version = LL_FRAME_VERSION;
	f.u.hello.item = item;
	enc(b, &f);
}

/* A stream reset to HELLO (item E1) and FILE 0 of `kind`; returns its length. */
static inline size_t put_file_prologue(struct ll_buf *b, const char *kind)
{
	struct ll_frame f = { .type = LL_FRAME_FILE };

	ll_buf_reset(b);
	put_hello(b, "E1");
	f.u.file.index = 0;
	f.u.file.kind = kind;
	enc(b, &f);
	return b->len;
}

/*
 * Decodes a stream whose frames before `bad_frame` (1-based) are good and
 * which must be refused there, with a message naming the frame, its offset
 * and `want`. The refusal is sticky.
 */
static inline void expect_refused(const struct ll_buf *s, size_t bad_frame,
	size_t bad_offset, const char *want)
{
	struct ll_frame_decoder d;
	struct ll_frame f;
	char where[96];
	size_t got = 0;
	int rc;

	ll_frame_decoder_init(&d);
	assert_int_equal(
		ll_frame_decoder_feed(&d, (const uint8_t *)s->ptr, s->len), 0);
	while ((rc = ll_frame_decoder_next(&f, &d)) == 1)
		got++;
	if (rc == 0)
		rc = ll_frame_decoder_finish(&d);
	if (rc != LL_ECORRUPT || !strstr(ll_error_message(), want))
		print_error("got %d '%s', want '%s'\n", rc, ll_error_message(),
			want);
	assert_int_equal(rc, LL_ECORRUPT);
	assert_int_equal(got, bad_frame - 1);
	snprintf(where, sizeof(where), "frame %zu (", bad_frame);
	assert_non_null(strstr(ll_error_message(), where));
	snprintf(where, sizeof(where), "at offset %zu:", bad_offset);
	assert_non_null(strstr(ll_error_message(), where));
	assert_non_null(strstr(ll_error_message(), want));
	/* dead for good */
	assert_int_equal(ll_frame_decoder_feed(&d, (const uint8_t *)"x", 1),
		LL_ECORRUPT);
	assert_int_equal(ll_frame_decoder_next(&f, &d), LL_ECORRUPT);
	assert_int_equal(ll_frame_decoder_finish(&d), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), want));
	ll_frame_decoder_release(&d);
}

#endif
