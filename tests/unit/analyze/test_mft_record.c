/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A loose $MFT's FILE record (analyze/usn/mft_record.c) on records built
 * here byte by byte: the name and parent reference of the long name over
 * the DOS alias; a torn sector, an update sequence array that does not fit,
 * an attribute past the record and a name past its attribute refused with
 * the offset; a slot never written is "not found".
 */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>

#include <cmocka.h>

#include "analyze/usn/mft_record.h"
#include "core/error.h"

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* A $FILE_NAME at `at` (parent entry/seq, namespace, ASCII name); returns its end. */
static size_t file_name(uint8_t *rec, size_t at, uint64_t parent, uint16_t pseq, uint8_t ns,
			const char *name)
{
	size_t n = strlen(name), vlen = 0x42 + 2 * n, alen = (0x18 + vlen + 7) & ~(size_t)7;

	put32(rec + at, 0x30);
	put32(rec + at + 4, (uint32_t)alen);
	rec[at + 8] = 0; /* resident */
	put32(rec + at + 0x10, (uint32_t)vlen);
	put16(rec + at + 0x14, 0x18);
	put64(rec + at + 0x18, parent | (uint64_t)pseq << 48);
	rec[at + 0x18 + 0x40] = (uint8_t)n;
	rec[at + 0x18 + 0x41] = ns;
	for (size_t i = 0; i < n; i++)
		put16(rec + at + 0x18 + 0x42 + 2 * i, (uint8_t)name[i]);
	return at + alen;
}

/*
 * Entry 40, sequence 7, a directory in use under entry 5 (sequence 5): its
 * DOS alias first, then the long name "Documents and Settings"; 1024 bytes,
 * the update sequence (0x0102) written on both sector ends.
 */
static void record(uint8_t *rec)
{
	size_t at = 0x38, used;

	memset(rec, 0, 1024);
	memcpy(rec, "FILE", 4);
	put16(rec + 4, 0x30);
	put16(rec + 6, 3);
	put16(rec + 0x10, 7);
	put16(rec + 0x14, 0x38);
	put16(rec + 0x16, 3);
	put32(rec + 0x1C, 1024);
	put32(rec + 0x2C, 40);
	at = file_name(rec, at, 5, 5, 2, "DOCUME~1");
	at = file_name(rec, at, 5, 5, 1, "Documents and Settings");
	put32(rec + at, 0xFFFFFFFFu);
	used = at + 8;
	put32(rec + 0x18, (uint32_t)used);
	put16(rec + 0x30, 0x0102);
	for (int i = 1; i <= 2; i++) { /* the sector ends into the array, the USN on them */
		memcpy(rec + 0x30 + 2 * i, rec + i * 512 - 2, 2);
		put16(rec + i * 512 - 2, 0x0102);
	}
}

static void test_long_name_and_parent(void **state)
{
	uint8_t rec[1024];
	struct ll_mft_record m;
	uint32_t size = 0;

	(void)state;
	record(rec);
	assert_int_equal(ll_mft_record_size(&size, rec, sizeof(rec)), 0);
	assert_int_equal(size, 1024);
	assert_int_equal(ll_mft_record_parse(&m, rec, sizeof(rec), 40 * 1024), 0);
	assert_int_equal(m.seq, 7);
	assert_true(m.in_use);
	assert_true(m.is_dir);
	assert_true(m.has_name);
	assert_true(m.parent == 5);
	assert_int_equal(m.parent_seq, 5);
	assert_int_equal(m.name_space, 1);
	assert_int_equal(m.name_len, 2 * strlen("Documents and Settings"));
	assert_int_equal(m.name[0], 'D');
	assert_int_equal(m.name[2], 'o');
	/* the sector ends got their own bytes back (zeros here) */
	assert_int_equal(rec[1022], 0);
	assert_int_equal(rec[1023], 0);
}

static void test_torn_sector(void **state)
{
	uint8_t rec[1024];
	struct ll_mft_record m;

	(void)state;
	record(rec);
	rec[1022] ^= 0xff; /* the second sector written by another write */
	assert_int_equal(ll_mft_record_parse(&m, rec, sizeof(rec), 40 * 1024), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), "record at offset 40960: sector 1 fails its "
					 "update sequence check (offset 41982: "));
	record(rec);
	put16(rec + 6, 9); /* an array for 8 sectors in a 2-sector record */
	assert_int_equal(ll_mft_record_parse(&m, rec, sizeof(rec), 0), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), "update sequence array of 9 entries"));
}

static void test_attributes_bounded(void **state)
{
	uint8_t rec[1024];
	struct ll_mft_record m;
	uint32_t size;

	(void)state;
	record(rec);
	put32(rec + 0x38 + 4, 0x10000); /* the first attribute's length past the record */
	/* the fixup is checked first; the length lies in sector 0, away from its end */
	assert_int_equal(ll_mft_record_parse(&m, rec, sizeof(rec), 0), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), "attribute 0x30 at offset 56 has length 65536"));
	record(rec);
	rec[0x38 + 0x18 + 0x40] = 200; /* a DOS name of 200 characters in its 82-byte value */
	assert_int_equal(ll_mft_record_parse(&m, rec, sizeof(rec), 0), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), "$FILE_NAME at offset 80: "));
	record(rec);
	put32(rec + 0x18, 2000); /* bytes in use past the record */
	assert_int_equal(ll_mft_record_parse(&m, rec, sizeof(rec), 0), LL_ECORRUPT);
	memset(rec, 0, sizeof(rec));
	assert_int_equal(ll_mft_record_parse(&m, rec, sizeof(rec), 0), LL_ENOTFOUND);
	put32(rec + 0x1C, 1000);
	assert_int_equal(ll_mft_record_size(&size, rec, sizeof(rec)), LL_ECORRUPT);
	assert_int_equal(ll_mft_record_size(&size, rec, 0x1E), LL_ECORRUPT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_name_and_parent),
		cmocka_unit_test(test_torn_sector),
		cmocka_unit_test(test_attributes_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
