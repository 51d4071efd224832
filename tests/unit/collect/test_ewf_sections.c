/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the E01 section chain check on segments built in memory. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>
#include <zlib.h>

#include "tests/unit/unit_bytes.h"

#include "collect/ewf_sections.h"
#include "core/alloc.h"
#include "core/error.h"

#define SECTION_HEADER 76

struct seg {
	uint8_t p[8192];
	size_t n;
};

static uint32_t adler(const uint8_t *p, size_t n)
{
	return (uint32_t)adler32(adler32(0L, Z_NULL, 0), p, (uInt)n);
}

static void start(struct seg *s)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->p, "EVF\x09\x0d\x0a\xff\x00\x01\x01\x00\x00\x00", 13);
	s->n = 13;
}

/* Appends section `type` with `len` body bytes; returns the body to fill. */
static uint8_t *section(struct seg *s, const char *type, size_t len)
{
	uint8_t *h = s->p + s->n;
	bool last = !strcmp(type, "done") || !strcmp(type, "next");

	assert_true(s->n + SECTION_HEADER + len <= sizeof(s->p));
	memcpy(h, type, strlen(type));
	ll_unit_put64(h + 16, last ? s->n : s->n + SECTION_HEADER + len);
	ll_unit_put64(h + 24, SECTION_HEADER + len);
	ll_unit_put32(h + 72, adler(h, 72));
	s->n += SECTION_HEADER + len;
	return h + SECTION_HEADER;
}

/* Stores the Adler-32 of body[0..at) at body[at]. */
static void sum(uint8_t *body, size_t at)
{
	ll_unit_put32(body + at, adler(body, at));
}

/* A SMART volume: 94 bytes, `chunks` chunks, sectors of 512 bytes. */
static void volume(struct seg *s, const char *type, uint32_t chunks, uint64_t sectors)
{
	uint8_t *b = section(s, type, 94);

	ll_unit_put32(b + 4, chunks);
	ll_unit_put32(b + 8, 64);
	ll_unit_put32(b + 12, 512);
	ll_unit_put64(b + 16, sectors);
	sum(b, 90);
}

/* A table of `n` entries in a body of `len` bytes, the entries' checksum if it fits. */
static void table(struct seg *s, uint32_t n, size_t len)
{
	uint8_t *b = section(s, "table", len);

	ll_unit_put32(b, n);
	sum(b, 20);
	for (uint32_t i = 0; i < n && 24 + 4 * (size_t)i + 4 <= len; i++)
		ll_unit_put32(b + 24 + 4 * i, 0x1000 + i);
	if (len >= 24 + 4 * (size_t)n + 4)
		sum(b + 24, 4 * (size_t)n);
}

static void good_chain(struct seg *s)
{
	uint8_t hdr[64];
	uLongf zn = sizeof(hdr);
	uint8_t *b;

	start(s);
	assert_int_equal(compress(hdr, &zn, (const Bytef *)"1\nmain\nc\tn\n1\t2\n\n", 16), Z_OK);
	memcpy(section(s, "header", zn), hdr, zn);
	volume(s, "volume", 2, 256);
	table(s, 2, 24 + 8 + 4);
	b = section(s, "hash", 36);
	memset(b, 0xab, 16);
	sum(b, 32);
	section(s, "done", 0);
}

static int check(struct ll_ewf_sections *st, struct seg *s)
{
	struct ll_unit_mem m = { s->p, s->n };

	return ll_ewf_sections_check(st, ll_unit_mem_read, &m, s->n);
}

static void expect_damage(struct seg *s, const char *why)
{
	struct ll_ewf_sections st;

	ll_error_clear();
	assert_int_equal(check(&st, s), LL_EVERIFY);
	if (!strstr(ll_error_message(), why))
		fail_msg("'%s' does not say '%s'", ll_error_message(), why);
}

static void whole_chain(void **state)
{
	struct ll_ewf_sections st;
	struct seg s;

	(void)state;
	good_chain(&s);
	assert_int_equal(check(&st, &s), 0);
	assert_true(st.done);
	assert_true(st.sections == 5);
	assert_true(st.chunks == 2);
	assert_true(st.media_size == 256 * 512);
	assert_true(st.has_md5);
	assert_false(st.has_sha1);
	assert_int_equal(st.md5[0], 0xab);

	/* an EnCase 5 table: no checksum after the entries */
	start(&s);
	volume(&s, "volume", 2, 256);
	table(&s, 2, 24 + 8);
	section(&s, "next", 0);
	assert_int_equal(check(&st, &s), 0);
	assert_false(st.done);
	/* bytes after the entries too few for a checksum are left alone */
	start(&s);
	table(&s, 2, 24 + 8 + 3);
	section(&s, "done", 0);
	assert_int_equal(check(&st, &s), 0);
}

static void damaged_bodies(void **state)
{
	struct seg s;
	uint8_t *b;

	(void)state;
	good_chain(&s);
	s.p[13 + SECTION_HEADER + 3] ^= 0x40;
	expect_damage(&s, "'header' at file offset 13: its compressed case data is corrupt");

	start(&s);
	b = section(&s, "volume", 93);
	sum(b, 89);
	section(&s, "done", 0);
	expect_damage(&s, "'volume' at file offset 13: too short for a volume section");

	start(&s);
	volume(&s, "volume", 2, 256);
	s.p[13 + SECTION_HEADER + 5] ^= 1;
	section(&s, "done", 0);
	expect_damage(&s, "'volume' at file offset 13: its checksum does not match");

	start(&s);
	volume(&s, "volume", 2, 256);
	volume(&s, "data", 3, 256);
	section(&s, "done", 0);
	expect_damage(&s, "'data' at file offset 183: it disagrees with the volume section");

	start(&s);
	table(&s, 2, 23);
	section(&s, "done", 0);
	expect_damage(&s, "'table' at file offset 13: its table header checksum does not match");

	start(&s);
	table(&s, 3, 24 + 8);
	section(&s, "done", 0);
	expect_damage(&s, "'table' at file offset 13: more entries than the section holds");

	start(&s);
	table(&s, UINT32_MAX, 24 + 8);
	section(&s, "done", 0);
	expect_damage(&s, "more entries than the section holds");

	start(&s);
	table(&s, 2, 24 + 8 + 4);
	s.p[13 + SECTION_HEADER + 24] ^= 1;
	section(&s, "done", 0);
	expect_damage(&s, "'table' at file offset 13: its entries' checksum does not match");

	start(&s);
	b = section(&s, "hash", 35);
	sum(b, 31);
	section(&s, "done", 0);
	expect_damage(&s, "'hash' at file offset 13: its checksum does not match");

	start(&s);
	b = section(&s, "digest", 80);
	sum(b, 76);
	b[20] ^= 1;
	section(&s, "done", 0);
	expect_damage(&s, "'digest' at file offset 13: its checksum does not match");
}

static void digest(void **state)
{
	struct ll_ewf_sections st;
	struct seg s;
	uint8_t *b;

	(void)state;
	start(&s);
	b = section(&s, "digest", 80);
	memset(b, 0x11, 16);
	memset(b + 16, 0x22, 20);
	sum(b, 76);
	section(&s, "done", 0);
	assert_int_equal(check(&st, &s), 0);
	assert_true(st.has_md5 && st.has_sha1);
	assert_int_equal(st.md5[15], 0x11);
	assert_int_equal(st.sha1[19], 0x22);
}

static void out_of_memory(void **state)
{
	struct ll_ewf_sections st;
	struct seg s;

	(void)state;
	good_chain(&s);
	ll_alloc_fail_at(1);
	assert_int_equal(check(&st, &s), LL_ENOMEM);
	ll_alloc_fail_at(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_chain),
		cmocka_unit_test(damaged_bodies),
		cmocka_unit_test(digest),
		cmocka_unit_test(out_of_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
