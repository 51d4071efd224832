/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the bounded cursor and the little-endian decoders. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <string.h>
#include <cmocka.h>

#include "core/endian.h"
#include "core/error.h"
#include "core/reader.h"

static const uint8_t bytes[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
				 0x07, 0x08, 0xff, 0xfe, 0xfd, 0x80 };

static void decoders(void **state)
{
	static const uint8_t neg[] = { 0xff, 0xff, 0xff, 0xff,
				       0xff, 0xff, 0xff, 0xff };

	(void)state;
	assert_int_equal(ll_le16(bytes), 0x0201);
	assert_int_equal(ll_le32(bytes), 0x04030201);
	assert_true(ll_le64(bytes) == UINT64_C(0x0807060504030201));
	assert_int_equal(ll_le16(bytes + 10), 0x80fd);
	assert_true(ll_le32(bytes + 8) == UINT32_C(0x80fdfeff));
	assert_true(ll_le64(neg) == UINT64_MAX);
}

static void reads_in_order(void **state)
{
	struct ll_reader r;
	uint8_t u8 = 0;
	uint16_t u16 = 0;
	uint32_t u32 = 0;
	uint64_t u64 = 0;

	(void)state;
	ll_reader_init(&r, bytes, sizeof(bytes));
	assert_int_equal(ll_reader_remaining(&r), 12);
	assert_int_equal(ll_reader_u8(&u8, &r), 0);
	assert_int_equal(u8, 0x01);
	assert_int_equal(ll_reader_u16le(&u16, &r), 0);
	assert_int_equal(u16, 0x0302);
	assert_int_equal(ll_reader_u8(&u8, &r), 0);
	assert_int_equal(ll_reader_u64le(&u64, &r), 0);
	assert_true(u64 == UINT64_C(0x80fdfeff08070605));
	assert_int_equal(ll_reader_pos(&r), 12);
	assert_int_equal(ll_reader_remaining(&r), 0);
	assert_int_equal(ll_reader_seek(&r, 8), 0);
	assert_int_equal(ll_reader_u32le(&u32, &r), 0);
	assert_true(u32 == UINT32_C(0x80fdfeff));
}

static void signed_reads(void **state)
{
	static const uint8_t m1[] = { 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff,
				      0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct ll_reader r;
	int32_t i32 = 0;
	int64_t i64 = 0;

	(void)state;
	ll_reader_init(&r, m1, sizeof(m1));
	assert_int_equal(ll_reader_i32le(&i32, &r), 0);
	assert_int_equal(i32, -1);
	assert_int_equal(ll_reader_i64le(&i64, &r), 0);
	assert_true(i64 == -2);
	assert_int_equal(ll_reader_i32le(&i32, &r), LL_ECORRUPT);
	assert_int_equal(ll_reader_i64le(&i64, &r), LL_ECORRUPT);
	assert_int_equal(i32, -1);
	assert_true(i64 == -2);
}

/* Each width read exactly at the end succeeds; one byte short fails soft. */
static void exact_end_and_one_past(void **state)
{
	static const size_t widths[] = { 1, 2, 4, 8 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		size_t w = widths[i];
		struct ll_reader r;
		uint64_t v = 7;
		uint32_t v32 = 7;
		uint16_t v16 = 7;
		uint8_t v8 = 7;
		int rc;

		/* exactly w bytes left */
		ll_reader_init(&r, bytes, sizeof(bytes));
		assert_int_equal(ll_reader_seek(&r, sizeof(bytes) - w), 0);
		switch (w) {
		case 1: rc = ll_reader_u8(&v8, &r); break;
		case 2: rc = ll_reader_u16le(&v16, &r); break;
		case 4: rc = ll_reader_u32le(&v32, &r); break;
		default: rc = ll_reader_u64le(&v, &r); break;
		}
		assert_int_equal(rc, 0);
		assert_int_equal(ll_reader_remaining(&r), 0);

		/* w - 1 bytes left: fails, position and value unchanged */
		v = 7, v32 = 7, v16 = 7, v8 = 7;
		assert_int_equal(ll_reader_seek(&r, sizeof(bytes) - w + 1), 0);
		ll_error_clear();
		switch (w) {
		case 1: rc = ll_reader_u8(&v8, &r); break;
		case 2: rc = ll_reader_u16le(&v16, &r); break;
		case 4: rc = ll_reader_u32le(&v32, &r); break;
		default: rc = ll_reader_u64le(&v, &r); break;
		}
		assert_int_equal(rc, LL_ECORRUPT);
		assert_int_equal(ll_error_code(), LL_ECORRUPT);
		assert_non_null(strstr(ll_error_message(), "offset"));
		assert_int_equal(ll_reader_pos(&r), sizeof(bytes) - w + 1);
		assert_true(v == 7 && v32 == 7 && v16 == 7 && v8 == 7);
	}
}

static void empty(void **state)
{
	struct ll_reader r, sub;
	const uint8_t *p = bytes;
	uint8_t u8;

	(void)state;
	ll_reader_init(&r, NULL, 0);
	assert_int_equal(ll_reader_remaining(&r), 0);
	assert_int_equal(ll_reader_need(&r, 0), 0);
	assert_int_equal(ll_reader_need(&r, 1), LL_ECORRUPT);
	assert_int_equal(ll_reader_u8(&u8, &r), LL_ECORRUPT);
	assert_int_equal(ll_reader_skip(&r, 0), 0);
	assert_int_equal(ll_reader_skip(&r, 1), LL_ECORRUPT);
	assert_int_equal(ll_reader_bytes(&p, &r, 0), 0);
	assert_int_equal(ll_reader_seek(&r, 0), 0);
	assert_int_equal(ll_reader_seek(&r, 1), LL_ECORRUPT);
	assert_int_equal(ll_reader_sub(&sub, &r, 0), 0);
	assert_int_equal(ll_reader_remaining(&sub), 0);

	/* a non-NULL pointer with length 0 is empty too */
	ll_reader_init(&r, bytes, 0);
	assert_int_equal(ll_reader_u8(&u8, &r), LL_ECORRUPT);
}

static void bytes_skip_seek(void **state)
{
	struct ll_reader r;
	const uint8_t *p = NULL;

	(void)state;
	ll_reader_init(&r, bytes, sizeof(bytes));
	assert_int_equal(ll_reader_skip(&r, 3), 0);
	assert_int_equal(ll_reader_bytes(&p, &r, 9), 0);
	assert_ptr_equal(p, bytes + 3);
	assert_int_equal(ll_reader_remaining(&r), 0);
	assert_int_equal(ll_reader_bytes(&p, &r, 1), LL_ECORRUPT);
	assert_ptr_equal(p, bytes + 3);
	assert_int_equal(ll_reader_seek(&r, sizeof(bytes)), 0);
	assert_int_equal(ll_reader_seek(&r, sizeof(bytes) + 1), LL_ECORRUPT);
	assert_int_equal(ll_reader_pos(&r), sizeof(bytes));
	assert_int_equal(ll_reader_seek(&r, 0), 0);
	assert_int_equal(ll_reader_skip(&r, sizeof(bytes) + 1), LL_ECORRUPT);
	assert_int_equal(ll_reader_pos(&r), 0);
}

static void sub_cursors(void **state)
{
	struct ll_reader r, sub, subsub;
	uint32_t u32 = 0;
	uint16_t u16 = 0;

	(void)state;
	ll_reader_init(&r, bytes, sizeof(bytes));
	assert_int_equal(ll_reader_skip(&r, 2), 0);
	assert_int_equal(ll_reader_sub(&sub, &r, 6), 0);
	assert_int_equal(ll_reader_pos(&r), 8);
	assert_int_equal(ll_reader_remaining(&sub), 6);
	assert_int_equal(ll_reader_u32le(&u32, &sub), 0);
	assert_true(u32 == UINT32_C(0x06050403));
	/* the sub-cursor stops at its own end, not the parent's */
	assert_int_equal(ll_reader_u32le(&u32, &sub), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), "offset 6"));
	assert_int_equal(ll_reader_sub(&subsub, &sub, 2), 0);
	assert_int_equal(ll_reader_u16le(&u16, &subsub), 0);
	assert_int_equal(u16, 0x0807);
	assert_int_equal(ll_reader_u8((uint8_t *)&u16, &subsub), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), "offset 8"));
	assert_int_equal(ll_reader_sub(&subsub, &sub, 1), LL_ECORRUPT);
	/* too long a sub-cursor fails, parent unchanged */
	assert_int_equal(ll_reader_sub(&sub, &r, 5), LL_ECORRUPT);
	assert_int_equal(ll_reader_pos(&r), 8);
	assert_int_equal(ll_reader_sub(&sub, &r, 4), 0);
	assert_int_equal(ll_reader_remaining(&r), 0);
}

/* Lengths read from input near SIZE_MAX must not wrap the bounds check. */
static void overflowing_lengths(void **state)
{
	struct ll_reader r, sub;
	const uint8_t *p = NULL;

	(void)state;
	ll_reader_init(&r, bytes, sizeof(bytes));
	assert_int_equal(ll_reader_skip(&r, 4), 0);
	assert_int_equal(ll_reader_need(&r, SIZE_MAX), LL_ECORRUPT);
	assert_int_equal(ll_reader_skip(&r, SIZE_MAX), LL_ECORRUPT);
	assert_int_equal(ll_reader_skip(&r, SIZE_MAX - 3), LL_ECORRUPT);
	assert_int_equal(ll_reader_bytes(&p, &r, SIZE_MAX - 1), LL_ECORRUPT);
	assert_int_equal(ll_reader_sub(&sub, &r, SIZE_MAX), LL_ECORRUPT);
	assert_int_equal(ll_reader_seek(&r, SIZE_MAX), LL_ECORRUPT);
	assert_null(p);
	assert_int_equal(ll_reader_pos(&r), 4);
}

/* Offsets in messages name the enclosing input: base + position. */
static void based_offsets(void **state)
{
	struct ll_reader r, sub;
	uint32_t u32 = 0;

	(void)state;
	ll_reader_init_at(&r, bytes, sizeof(bytes), 4096);
	assert_true(ll_reader_offset(&r) == 4096);
	assert_int_equal(ll_reader_skip(&r, 2), 0);
	assert_true(ll_reader_offset(&r) == 4098);
	assert_int_equal(ll_reader_sub(&sub, &r, 6), 0);
	assert_true(ll_reader_offset(&sub) == 4098);
	assert_int_equal(ll_reader_u32le(&u32, &sub), 0);
	assert_true(ll_reader_offset(&sub) == 4102);
	assert_int_equal(ll_reader_u32le(&u32, &sub), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), "offset 4102"));
	assert_true(u32 == UINT32_C(0x06050403));

	ll_reader_init_at(&r, NULL, 5, 77);
	assert_int_equal(ll_reader_remaining(&r), 0);
	assert_true(ll_reader_offset(&r) == 77);
}

static void peek(void **state)
{
	struct ll_reader r;
	const uint8_t *p = NULL;

	(void)state;
	ll_reader_init(&r, bytes, sizeof(bytes));
	assert_int_equal(ll_reader_skip(&r, 2), 0);
	assert_int_equal(ll_reader_peek(&p, &r, 0, 2), 0);
	assert_ptr_equal(p, bytes + 2);
	assert_int_equal(ll_reader_peek(&p, &r, 6, 4), 0);
	assert_ptr_equal(p, bytes + 8);
	/* the peek does not move */
	assert_int_equal(ll_reader_pos(&r), 2);
	/* to the end exactly, then one past: fails, *out unchanged */
	assert_int_equal(ll_reader_peek(&p, &r, 10, 0), 0);
	p = NULL;
	assert_int_equal(ll_reader_peek(&p, &r, 7, 4), LL_ECORRUPT);
	assert_int_equal(ll_reader_peek(&p, &r, 11, 0), LL_ECORRUPT);
	assert_int_equal(ll_reader_peek(&p, &r, SIZE_MAX, 1), LL_ECORRUPT);
	assert_int_equal(ll_reader_peek(&p, &r, 1, SIZE_MAX), LL_ECORRUPT);
	assert_null(p);
	assert_int_equal(ll_reader_pos(&r), 2);
}

static void match(void **state)
{
	struct ll_reader r;

	(void)state;
	ll_reader_init(&r, bytes, sizeof(bytes));
	assert_true(ll_reader_match(&r, 0, "\x01\x02", 2));
	assert_true(ll_reader_match(&r, 10, "\xfd\x80", 2));
	assert_false(ll_reader_match(&r, 10, "\xfd\x81", 2));
	assert_true(ll_reader_match(&r, 12, "", 0));
	assert_int_equal(ll_reader_skip(&r, 4), 0);
	assert_true(ll_reader_match(&r, 0, "\x05", 1));
	/* a shortfall is no match, and no error is recorded */
	ll_error_clear();
	assert_false(ll_reader_match(&r, 7, "\x80\x00", 2));
	assert_false(ll_reader_match(&r, 9, "", 0));
	assert_false(ll_reader_match(&r, SIZE_MAX, "\x05", 1));
	assert_false(ll_reader_match(&r, 1, "\x06", SIZE_MAX));
	assert_int_equal(ll_error_code(), 0);
	assert_int_equal(ll_reader_pos(&r), 4);

	ll_reader_init(&r, NULL, 0);
	assert_true(ll_reader_match(&r, 0, "", 0));
	assert_false(ll_reader_match(&r, 0, "\x01", 1));
}

static void find(void **state)
{
	static const uint8_t hay[] = { 0x2a, 0x00, 0x2a, 0x2a, 0x01, 0x2a, 0x2a, 0x00, 0x2a };
	struct ll_reader r;

	(void)state;
	ll_reader_init_at(&r, hay, sizeof(hay), 100);
	assert_int_equal(ll_reader_find(&r, "\x2a", 1), 0);
	assert_int_equal(ll_reader_pos(&r), 0);
	/* a partial match (2a 2a 01) is stepped over */
	assert_int_equal(ll_reader_find(&r, "\x2a\x2a\x00", 3), 0);
	assert_int_equal(ll_reader_pos(&r), 5);
	assert_int_equal(ll_reader_skip(&r, 1), 0);
	/* the needle must lie whole: the last 2a is not followed by 2a */
	assert_int_equal(ll_reader_find(&r, "\x2a\x2a", 2), LL_ENOTFOUND);
	assert_non_null(strstr(ll_error_message(), "offset 106"));
	assert_int_equal(ll_reader_pos(&r), 6);
	assert_int_equal(ll_reader_find(&r, "\x2a", 1), 0);
	assert_int_equal(ll_reader_pos(&r), 6);
	assert_int_equal(ll_reader_skip(&r, 1), 0);
	assert_int_equal(ll_reader_find(&r, "\x2a", 1), 0);
	assert_int_equal(ll_reader_pos(&r), 8);
	assert_int_equal(ll_reader_skip(&r, 1), 0);
	assert_int_equal(ll_reader_find(&r, "\x2a", 1), LL_ENOTFOUND);
	/* an empty needle is not searched for */
	assert_int_equal(ll_reader_seek(&r, 0), 0);
	assert_int_equal(ll_reader_find(&r, "", 0), LL_ENOTFOUND);
	assert_int_equal(ll_reader_pos(&r), 0);

	ll_reader_init(&r, NULL, 0);
	assert_int_equal(ll_reader_find(&r, "\x2a", 1), LL_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decoders),
		cmocka_unit_test(reads_in_order),
		cmocka_unit_test(signed_reads),
		cmocka_unit_test(exact_end_and_one_past),
		cmocka_unit_test(empty),
		cmocka_unit_test(bytes_skip_seek),
		cmocka_unit_test(sub_cursors),
		cmocka_unit_test(overflowing_lengths),
		cmocka_unit_test(based_offsets),
		cmocka_unit_test(peek),
		cmocka_unit_test(match),
		cmocka_unit_test(find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
