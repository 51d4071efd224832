/* SPDX-License-Identifier: Apache-2.0 */
/* E01 media hashed from raw chunks: libewf reads them in order, libdeflate workers inflate and check. */
#include "core/compat.h"
#include "collect/ewf_chunks.h"

#include <stdarg.h>

#include "collect/ewf_util.h"
#ifdef LL_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#include "collect/acquire.h"
#include "collect/chunk.h"
#include "collect/hashers.h"
#include "collect/pipeline.h"
#include "collect/source.h"
#include "core/endian.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/reader.h"

/*
 * Why: libewf_handle_read_random inflates one chunk at a time with zlib on
 * the thread that reads, and that thread was the bottleneck of E01
 * verification (bench/README.md). ew->handle_read_chunk (20140813) hands
 * out a chunk as stored instead, advancing to the next one:
 *   - compressed: returns the zlib stream's length, is_compressed = 1,
 *     read_checksum = 0 (the Adler-32 is the stream's own trailer);
 *   - stored: writes the media bytes to the buffer and the 4 bytes that
 *     follow them in the file to checksum_buffer, sets read_checksum = 1,
 *     chunk_checksum to their little-endian value, and returns the data
 *     length PLUS 4 (the checksum is counted though not in the buffer);
 *   - a buffer smaller than the chunk is an error, never a truncation.
 * (Checked on ewfacquire -c none/empty-block/fast/best images, libewf's and
 * TSK's test images.) Inflating and checking then runs on the pipeline's
 * worker pool while the producer only reads.
 */

/* Larger chunks than this (ewfacquire allows 32768 sectors) are left to libewf. */
#define MAX_CHUNK ((size_t)16 << 20)

static int chunk_fail(const struct ll_ewf_chunk *c, const char *fmt, ...) LL_PRINTF(2, 3);

static int chunk_fail(const struct ll_ewf_chunk *c, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return ll_error_set(LL_EVERIFY,
			    "E01 chunk %" PRIu64 " (media offset %" PRIu64 ", %s) fails its check: %s",
			    c->index, c->media_off, c->compressed ? "compressed" : "stored", why);
}

#ifdef LL_HAVE_LIBDEFLATE
void *ll_ewf_decompressor_new(void)
{
	return libdeflate_alloc_decompressor();
}

void ll_ewf_decompressor_free(void *dec)
{
	if (dec)
		libdeflate_free_decompressor(dec);
}

/* Tells a broken deflate stream from a wrong Adler-32 (only after a failure). */
static const char *diagnose(void *dec, const struct ll_ewf_chunk *c, uint8_t *out,
			    size_t cap)
{
	struct ll_reader z;
	const uint8_t *deflate;
	uint8_t cmf, flg;
	size_t got = 0, n;

	/* zlib: CMF, FLG, the deflate data, then its Adler-32 (at least 6 bytes) */
	ll_reader_init(&z, c->raw, c->raw_len);
	if (ll_reader_need(&z, 6) < 0 || ll_reader_u8(&cmf, &z) < 0 || ll_reader_u8(&flg, &z) < 0 ||
	    (cmf & 0x0f) != 8 || (cmf >> 4) > 7 || (flg & 0x20) || ((unsigned)cmf << 8 | flg) % 31)
		return "it does not start with a zlib header";
	/* the rest, Adler-32 included, as raw deflate: does the data inflate at all? */
	n = ll_reader_remaining(&z);
	if (ll_reader_bytes(&deflate, &z, n) == 0 &&
	    libdeflate_deflate_decompress(dec, deflate, n, out, cap, &got) == LIBDEFLATE_SUCCESS)
		return "the Adler-32 of its zlib stream does not match the inflated data";
	return "its deflate data is corrupt or truncated";
}

int ll_ewf_chunk_unpack(uint8_t *out, size_t chunk_size, void *dec,
			const struct ll_ewf_chunk *c)
{
	size_t got = 0, used = 0;

	if (c->compressed) {
		enum libdeflate_result res =
			libdeflate_zlib_decompress_ex(dec, c->raw, c->raw_len, out, chunk_size,
						      &used, &got);

		/*
		 * Bytes after the end of the zlib stream are ignored, as
		 * libewf's own reading (zlib's uncompress) ignores them.
		 */
		if (res == LIBDEFLATE_INSUFFICIENT_SPACE)
			return chunk_fail(c, "it inflates to more than the chunk size (%zu bytes)",
					  chunk_size);
		if (res != LIBDEFLATE_SUCCESS)
			return chunk_fail(c, "%s", diagnose(dec, c, out, chunk_size));
	} else {
		uint32_t sum;

		if (c->raw_len > chunk_size)
			return chunk_fail(c, "it holds %zu bytes, more than the chunk size (%zu)",
					  c->raw_len, chunk_size);
		got = c->raw_len;
		memcpy(out, c->raw, got);
		sum = libdeflate_adler32(1, out, got);
		if (sum != c->checksum)
			return chunk_fail(c, "its Adler-32 is %08" PRIx32 ", the stored one %08" PRIx32,
					  sum, c->checksum);
	}
	/* Every chunk but the last holds a whole chunk; the last at least the media's rest. */
	if (got < c->want)
		return chunk_fail(c, "it holds %zu bytes of media, %zu expected", got, c->want);
	return 0;
}
#else
void *ll_ewf_decompressor_new(void)
{
	return NULL;
}

void ll_ewf_decompressor_free(void *dec)
{
	LL_UNUSED(dec);
}

int ll_ewf_chunk_unpack(uint8_t *out, size_t chunk_size, void *dec,
			const struct ll_ewf_chunk *c)
{
	LL_UNUSED(out);
	LL_UNUSED(chunk_size);
	LL_UNUSED(dec);
	return chunk_fail(c, "built without libdeflate");
}
#endif

/* The chunks of one block: descriptors, then their raw bytes at raw_base. */
struct chunk_aux {
	size_t n;
	struct ll_ewf_chunk c[];
};

struct run {
	libewf_handle_t *h;
	uint64_t media_size, nchunks, next, off;
	size_t chunk_size, per_block;
	size_t raw_base, raw_cap, max_raw;
	struct ll_ewf_chunk_stats *stats;
	ll_progress_fn progress;
	void *payload;
	bool declined;
};

/*
 * Gives up on the fast path: the caller then re-reads everything through
 * libewf_handle_read_random, which is the reference behaviour. Returns an
 * error that stops the pipeline; run->declined tells it apart.
 */
static int decline(struct run *r, const char *fmt, ...) LL_PRINTF(2, 3);

static int decline(struct run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->stats->why, sizeof(r->stats->why), fmt, ap);
	va_end(ap);
	r->declined = true;
	return ll_error_set(LL_EUNSUPPORTED, "%s", r->stats->why);
}

static int produce(void *ctx, struct ll_block *b, size_t cap)
{
	const struct ll_ewf_api *ew = ll_ewf_api_get();
	struct run *r = ctx;
	struct chunk_aux *a = b->aux;
	uint8_t *raw = (uint8_t *)b->aux + r->raw_base;
	size_t used = 0, len = 0;

	LL_UNUSED(cap);
	a->n = 0;
	while (a->n < r->per_block && r->next < r->nchunks && r->raw_cap - used >= r->max_raw) {
		struct ll_ewf_chunk *c = &a->c[a->n];
		libewf_error_t *err = NULL;
		uint8_t sumbuf[4] = { 0 };
		int8_t is_compressed = 0, read_checksum = 0;
		uint32_t sum = 0;
		uint64_t left = r->media_size - (r->off + len);
		ssize_t n;

		n = ew->handle_read_chunk(r->h, raw + used, r->raw_cap - used, &is_compressed,
					     sumbuf, &sum, &read_checksum, &err);
		if (n <= 0) {
			char msg[160] = "";

			if (err)
				ew->error_sprint(err, msg, sizeof(msg));
			ew->error_free(&err);
			for (char *p = msg; *p; p++)
				if (*p == '\n' || *p == '\r')
					*p = ' ';
			/* A damaged table or a chunk bigger than our buffer: libewf's own reading decides. */
			return decline(r, "libewf cannot hand out chunk %" PRIu64 " raw: %s", r->next,
				       n == 0 ? "the image ends early" : msg);
		}
		c->index = r->next;
		c->media_off = r->next * r->chunk_size;
		c->want = left < r->chunk_size ? (size_t)left : r->chunk_size;
		c->raw = raw + used;
		c->compressed = is_compressed != 0;
		if (c->compressed) {
			c->raw_len = (size_t)n;
			c->checksum = 0;
			r->stats->compressed++;
		} else {
			/* Only the separate-checksum form has been seen; anything else is libewf's. */
			if (!read_checksum || n < 4 || sum != ll_le32(sumbuf) ||
			    (size_t)n - 4 > r->chunk_size)
				return decline(r,
					       "stored chunk %" PRIu64 " came back in an unexpected form (%zd bytes, checksum %s)",
					       r->next, n, read_checksum ? "separate" : "not separate");
			c->raw_len = (size_t)n - 4;
			c->checksum = sum;
			r->stats->stored++;
		}
		used += c->raw_len;
		len += c->want;
		a->n++;
		r->next++;
	}
	r->stats->chunks = r->next;
	b->off = r->off;
	b->len = len;
	r->off += len;
	if (r->progress)
		r->progress(r->payload, r->off);
	return r->next == r->nchunks ? 1 : 0;
}

/* A zlib stream of a whole chunk of zeros is a few dozen bytes. */
#define ZERO_STREAM_MAX 1024

static int prepare(void *ctx, struct ll_block *b)
{
	struct run *r = ctx;
	struct chunk_aux *a = b->aux;
	void *dec = ll_ewf_decompressor_new();
	const uint8_t *zero_raw = NULL;
	size_t zero_len = 0;
	int rc = 0;

	if (!dec)
		return ll_error_set(LL_ENOMEM, "out of memory for a decompressor");
	for (size_t i = 0; i < a->n && rc == 0; i++) {
		const struct ll_ewf_chunk *c = &a->c[i];
		uint8_t *out = b->data + i * r->chunk_size;

		/*
		 * Inflating a chunk of zeros runs at ~0.3 GB/s with libdeflate
		 * (a third of the CPU of a disk with empty regions), and a
		 * writer stores every such chunk as the same bytes. Inflation
		 * is a function of those bytes: a stream identical to one this
		 * block already inflated, and checked, to a chunk of zeros
		 * gives that again, Adler-32 included.
		 */
		if (zero_raw && c->compressed && c->raw_len == zero_len &&
		    !memcmp(c->raw, zero_raw, zero_len)) {
			memset(out, 0, r->chunk_size);
			continue;
		}
		rc = ll_ewf_chunk_unpack(out, r->chunk_size, dec, c);
		if (rc == 0 && !zero_raw && c->compressed && c->raw_len <= ZERO_STREAM_MAX &&
		    c->want == r->chunk_size && ll_chunk_all_zero(out, r->chunk_size)) {
			zero_raw = c->raw;
			zero_len = c->raw_len;
		}
	}
	ll_ewf_decompressor_free(dec);
	return rc;
}

/* Reads the image's geometry; 1 (with stats->why) when the fast path does not apply. */
static int setup(struct run *r, struct ll_source *src)
{
	const struct ll_ewf_api *ew = ll_ewf_api_get();
	libewf_error_t *err = NULL;
	size32_t chunk_size = 0;
	uint8_t format = 0;
	libewf_handle_t *h = ll_source_ewf_handle(src);

#ifndef LL_HAVE_LIBDEFLATE
	if (h) {
		decline(r, "built without libdeflate");
		return 1;
	}
#endif
	if (!h) {
		decline(r, "not an E01 source");
		return 1;
	}
	r->h = h;
	if (src->size < 0) {
		decline(r, "the media size is unknown");
		return 1;
	}
	r->media_size = (uint64_t)src->size;
	if (ew->handle_get_chunk_size(h, &chunk_size, &err) != 1 ||
	    ew->handle_get_format(h, &format, &err) != 1) {
		ew->error_free(&err);
		decline(r, "libewf does not tell the chunk size or format");
		return 1;
	}
	/* Logical evidence files (L01) have no media stream to hash. */
	if (format == LIBEWF_FORMAT_LOGICAL_ENCASE5 || format == LIBEWF_FORMAT_LOGICAL_ENCASE6 ||
	    format == LIBEWF_FORMAT_LOGICAL_ENCASE7) {
		decline(r, "a logical evidence file");
		return 1;
	}
	if (chunk_size == 0 || chunk_size > MAX_CHUNK) {
		decline(r, "chunk size %" PRIu32 " is outside 1..%zu", (uint32_t)chunk_size,
			MAX_CHUNK);
		return 1;
	}
	if (ew->handle_seek_offset(h, 0, SEEK_SET, &err) != 0) {
		ew->error_free(&err);
		decline(r, "cannot seek to the first chunk");
		return 1;
	}
	r->chunk_size = chunk_size;
	r->stats->chunk_size = chunk_size;
	r->nchunks = r->media_size / chunk_size + (r->media_size % chunk_size != 0);
	r->per_block = LL_PIPE_BLOCK_SIZE / chunk_size;
	if (r->per_block == 0)
		r->per_block = 1;
	/*
	 * Room for the block's chunks as stored, plus one chunk's worst case
	 * more: a chunk is read only while that much is left, and deflate
	 * expands incompressible data by well under 1/16.
	 */
	r->max_raw = chunk_size + chunk_size / 16 + 4096;
	r->raw_base = (sizeof(struct chunk_aux) + r->per_block * sizeof(struct ll_ewf_chunk) + 63) &
		      ~(size_t)63;
	r->raw_cap = r->per_block * (size_t)chunk_size + r->max_raw;
	return 0;
}

int ll_ewf_hash_chunks(struct ll_media_hashes *out, uint64_t *size_out,
		       struct ll_ewf_chunk_stats *stats, struct ll_source *src,
		       volatile sig_atomic_t *stop, ll_progress_fn progress,
		       void *payload)
{
	struct ll_pipe_config cfg = { 0 };
	struct ll_hashers hs;
	struct run r = { 0 };
	int rc;

	memset(stats, 0, sizeof(*stats));
	r.stats = stats;
	r.progress = progress;
	r.payload = payload;
	if (setup(&r, src) != 0) {
		ll_error_clear();
		return 1;
	}
	if ((rc = ll_hashers_init(&hs)) < 0)
		return rc;
	cfg.block_size = r.per_block * r.chunk_size;
	/* About 32 MiB of media in flight, at least two blocks. */
	cfg.nslots = LL_PIPE_NSLOTS * LL_PIPE_BLOCK_SIZE / cfg.block_size;
	if (cfg.nslots < 2)
		cfg.nslots = 2;
	if (cfg.nslots > LL_PIPE_NSLOTS)
		cfg.nslots = LL_PIPE_NSLOTS;
	cfg.stop = stop;
	cfg.prepare = prepare;
	cfg.prepare_ctx = &r;
	cfg.nworkers = ll_acquire_nworkers();
	cfg.aux_size = r.raw_base + r.raw_cap;
	if ((rc = ll_hashers_attach(&hs, &cfg)) < 0)
		goto out;
	/* The digests see media bytes, so they wait for the workers. */
	for (size_t i = 0; i < cfg.nconsumers; i++)
		cfg.after_prepare[i] = true;
	rc = ll_pipe_run(&cfg, produce, &r);
	/* Only when giving up stopped the run: a chunk that failed first stays a failure. */
	if (rc == LL_EUNSUPPORTED && r.declined) {
		ll_error_clear();
		rc = 1;
		goto out;
	}
	if (rc < 0 || (rc = ll_hashers_final(out, &hs)) < 0)
		goto out;
	if (size_out)
		*size_out = r.off;
out:
	ll_hashers_release(&hs);
	return rc;
}
