/* SPDX-License-Identifier: Apache-2.0 */
/* Chunk packing with libdeflate (zlib as fallback); empty and incompressible chunks are cheap. */
#include "core/compat.h"
#include "collect/chunk.h"

#include <zlib.h>
#ifdef LL_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#include "core/alloc.h"
#include "core/error.h"

/*
 * Deflate levels. libdeflate level 1 is ~2.6x faster than zlib level 1 on
 * text and compresses as well; "best" is level 9 as in ewfacquire.
 */
static int deflate_level(enum ll_compression l)
{
	return l == LL_COMPRESS_BEST ? 9 : 1;
}

#ifdef LL_HAVE_LIBDEFLATE
static void *compressor_new(enum ll_compression l)
{
	return libdeflate_alloc_compressor(deflate_level(l));
}

static void compressor_free(void *z)
{
	libdeflate_free_compressor(z);
}

/* Compressed size, or 0 when it does not fit in `cap`. */
static size_t zcompress(void *z, const uint8_t *in, size_t len, uint8_t *out,
			size_t cap, enum ll_compression l)
{
	LL_UNUSED(l);
	return libdeflate_zlib_compress(z, in, len, out, cap);
}

static uint32_t adler(const uint8_t *p, size_t len)
{
	return libdeflate_adler32(1, p, len);
}
#else
static void *compressor_new(enum ll_compression l)
{
	LL_UNUSED(l);
	return ll_malloc(1); /* zlib keeps no reusable state here */
}

static void compressor_free(void *z)
{
	ll_free(z);
}

static size_t zcompress(void *z, const uint8_t *in, size_t len, uint8_t *out,
			size_t cap, enum ll_compression l)
{
	uLongf n = cap;

	LL_UNUSED(z);
	if (compress2(out, &n, in, len, deflate_level(l)) != Z_OK)
		return 0;
	return n;
}

static uint32_t adler(const uint8_t *p, size_t len)
{
	return (uint32_t)adler32(1, p, (uInt)len);
}
#endif

static uint32_t trailer_le(const uint8_t *z, size_t n)
{
	/* libewf reads the zlib Adler-32 trailer as a little-endian word. */
	return (uint32_t)z[n - 4] | (uint32_t)z[n - 3] << 8 |
	       (uint32_t)z[n - 2] << 16 | (uint32_t)z[n - 1] << 24;
}

static void *take(struct ll_chunker *c)
{
	void *z = NULL;

	pthread_mutex_lock(&c->mu);
	if (c->npool)
		z = c->pool[--c->npool];
	pthread_mutex_unlock(&c->mu);
	return z ? z : compressor_new(c->level);
}

static void give(struct ll_chunker *c, void *z)
{
	pthread_mutex_lock(&c->mu);
	if (c->npool == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 4;
		void *p = ll_reallocarray(c->pool, ncap, sizeof(*c->pool));

		if (!p) {
			pthread_mutex_unlock(&c->mu);
			compressor_free(z);
			return;
		}
		c->pool = p;
		c->cap = ncap;
	}
	c->pool[c->npool++] = z;
	pthread_mutex_unlock(&c->mu);
}

int ll_chunker_init(struct ll_chunker *c, enum ll_compression level,
		    size_t chunk_size)
{
	uint8_t *zero = NULL;
	void *z = NULL;
	int rc = 0;

	memset(c, 0, sizeof(*c));
	c->level = level;
	c->chunk_size = chunk_size;
	pthread_mutex_init(&c->mu, NULL);
	if (level == LL_COMPRESS_NONE)
		return 0;
	/* Empty-block compression: the all-zero chunk is compressed once. */
	if (!(zero = ll_calloc(1, chunk_size)) || !(c->zero_z = ll_malloc(chunk_size)) ||
	    !(z = compressor_new(level))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	c->zero_z_len = zcompress(z, zero, chunk_size, c->zero_z, chunk_size, level);
	if (!c->zero_z_len)
		rc = ll_error_set(LL_EINTERNAL, "cannot compress the empty chunk");
out:
	if (z)
		compressor_free(z);
	ll_free(zero);
	if (rc < 0)
		ll_chunker_release(c);
	return rc;
}

void ll_chunker_release(struct ll_chunker *c)
{
	for (size_t i = 0; i < c->npool; i++)
		compressor_free(c->pool[i]);
	ll_free(c->pool);
	ll_free(c->zero_z);
	pthread_mutex_destroy(&c->mu);
	memset(c, 0, sizeof(*c));
}

bool ll_chunk_all_zero(const uint8_t *p, size_t len)
{
	uint64_t acc = 0;
	size_t i = 0;

	for (; i + 64 <= len; i += 64) {
		uint64_t w[8];

		memcpy(w, p + i, sizeof(w));
		acc |= w[0] | w[1] | w[2] | w[3] | w[4] | w[5] | w[6] | w[7];
		if (acc)
			return false;
	}
	for (; i < len; i++)
		acc |= p[i];
	return acc == 0;
}

#define SAMPLE 4096

int ll_chunker_pack(struct ll_chunk *out, struct ll_chunker *c,
		    const uint8_t *data, size_t len, uint8_t *scratch)
{
	void *z;
	size_t n;

	out->data_size = (uint32_t)len;
	if (c->level == LL_COMPRESS_NONE)
		goto store;
	if (len == c->chunk_size && ll_chunk_all_zero(data, len)) {
		out->ptr = c->zero_z;
		out->size = (uint32_t)c->zero_z_len;
		out->checksum = trailer_le(c->zero_z, c->zero_z_len);
		out->compressed = true;
		return 0;
	}
	if (!(z = take(c)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	/*
	 * Encrypted (ransomware) or already compressed data does not shrink:
	 * a 4 KiB trial decides before deflate spends a whole chunk's work.
	 */
	if (len > 2 * SAMPLE) {
		n = zcompress(z, data, SAMPLE, scratch, SAMPLE - SAMPLE / 32, c->level);
		if (n == 0) {
			give(c, z);
			goto store;
		}
	}
	/* Only worth it when smaller than the chunk; otherwise store. */
	n = zcompress(z, data, len, scratch, len - 1, c->level);
	give(c, z);
	if (n == 0 || n < 4)
		goto store;
	out->ptr = scratch;
	out->size = (uint32_t)n;
	out->checksum = trailer_le(scratch, n);
	out->compressed = true;
	return 0;
store:
	out->ptr = data;
	out->size = (uint32_t)len;
	out->checksum = adler(data, len);
	out->compressed = false;
	return 0;
}
