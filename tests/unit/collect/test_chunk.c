/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests: E01 chunk packing and the sectors-per-chunk choice. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>
#include <zlib.h>

#include "collect/chunk.h"
#include "collect/sink.h"

static void unpack_equals(const struct ll_chunk *c, const uint8_t *data, size_t len)
{
	uint8_t out[32768];
	uLongf n = sizeof(out);

	assert_int_equal(c->data_size, len);
	if (!c->compressed) {
		assert_ptr_equal(c->ptr, data);
		assert_int_equal(c->checksum, adler32(1, data, (uInt)len));
		return;
	}
	assert_int_equal(uncompress(out, &n, c->ptr, c->size), Z_OK);
	assert_int_equal(n, len);
	assert_memory_equal(out, data, len);
	/* libewf's convention: the zlib trailer read little-endian */
	assert_int_equal(c->checksum, (uint32_t)c->ptr[c->size - 4] |
					      (uint32_t)c->ptr[c->size - 3] << 8 |
					      (uint32_t)c->ptr[c->size - 2] << 16 |
					      (uint32_t)c->ptr[c->size - 1] << 24);
}

static void test_pack_kinds(void **state)
{
	static uint8_t zero[32768], text[32768], rnd[32768], scratch[32768];
	struct ll_chunker c;
	struct ll_chunk out;
	uint32_t x = 12345;

	LL_UNUSED(state);
	for (size_t i = 0; i < sizeof(text); i++) {
		text[i] = (uint8_t)"patient admitted to ward 3\n"[i % 27];
		x = x * 1103515245u + 12345u;
		rnd[i] = (uint8_t)(x >> 16);
	}
	assert_int_equal(ll_chunker_init(&c, LL_COMPRESS_FAST, 32768), 0);
	assert_int_equal(ll_chunker_pack(&out, &c, zero, sizeof(zero), scratch), 0);
	assert_true(out.compressed);
	assert_true(out.size < 200);
	unpack_equals(&out, zero, sizeof(zero));
	assert_int_equal(ll_chunker_pack(&out, &c, text, sizeof(text), scratch), 0);
	assert_true(out.compressed);
	unpack_equals(&out, text, sizeof(text));
	/* incompressible data is stored with its Adler-32 */
	assert_int_equal(ll_chunker_pack(&out, &c, rnd, sizeof(rnd), scratch), 0);
	assert_false(out.compressed);
	unpack_equals(&out, rnd, sizeof(rnd));
	/* a short last chunk */
	assert_int_equal(ll_chunker_pack(&out, &c, text, 1000, scratch), 0);
	unpack_equals(&out, text, 1000);
	ll_chunker_release(&c);

	assert_int_equal(ll_chunker_init(&c, LL_COMPRESS_NONE, 32768), 0);
	assert_int_equal(ll_chunker_pack(&out, &c, zero, sizeof(zero), scratch), 0);
	assert_false(out.compressed);
	unpack_equals(&out, zero, sizeof(zero));
	ll_chunker_release(&c);
}

static void test_sectors_per_chunk(void **state)
{
	const int64_t tib = INT64_C(1) << 40;

	LL_UNUSED(state);
	assert_int_equal(ll_e01_sectors_per_chunk(-1, 512), 64);
	assert_int_equal(ll_e01_sectors_per_chunk(1 << 30, 512), 64);
	assert_int_equal(ll_e01_sectors_per_chunk(2 * tib - 1, 512), 64);
	assert_int_equal(ll_e01_sectors_per_chunk(2 * tib, 512), 128);
	assert_int_equal(ll_e01_sectors_per_chunk(4 * tib, 512), 256);
	assert_int_equal(ll_e01_sectors_per_chunk(16 * tib, 512), 1024);
	assert_int_equal(ll_e01_sectors_per_chunk(4 * tib, 4096), 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pack_kinds),
		cmocka_unit_test(test_sectors_per_chunk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
