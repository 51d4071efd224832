/* SPDX-License-Identifier: Apache-2.0 */
/* Block reads with retries; unreadable sectors become zeros and recorded ranges. */
#include "core/compat.h"
#include "collect/block_reader.h"

#include "collect/ewf_chunks.h"
#include "collect/hashers.h"
#include "collect/source.h"
#include "core/alloc.h"
#include "core/error.h"

static int add_range(struct ll_block_reader *r, uint64_t off, uint64_t len)
{
	r->unreadable += len;
	if (r->nerrs && r->errs[r->nerrs - 1].off + r->errs[r->nerrs - 1].len == off) {
		r->errs[r->nerrs - 1].len += len;
		return 0;
	}
	if (r->nerrs == r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 16;
		void *p = ll_reallocarray(r->errs, ncap, sizeof(*r->errs));

		if (!p)
			return ll_error_set(LL_ENOMEM, "out of memory");
		r->errs = p;
		r->cap = ncap;
	}
	r->errs[r->nerrs].off = off;
	r->errs[r->nerrs].len = len;
	r->nerrs++;
	return 0;
}

/* Reads exactly `len` bytes at `off`, or fails (short reads are retried). */
static ssize_t read_full(struct ll_source *s, uint8_t *buf, size_t len, uint64_t off)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = s->ops->read(s, buf + got, len - got, off + got);

		if (n == LL_EINTERRUPTED)
			continue;
		if (n < 0)
			return n;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/*
 * The range [off, off+len) had a read error: retry it whole, then sector by
 * sector; what still fails is zero-filled and recorded. Sectors are aligned
 * to the media, so a range always covers whole sectors.
 */
static int recover(struct ll_block_reader *r, uint8_t *buf, size_t len, uint64_t off)
{
	struct ll_source *s = r->src;
	uint64_t ss = s->sector_size, pos = off;
	int rc;

	for (unsigned i = 0; i < r->retries; i++)
		if (read_full(s, buf, len, off) == (ssize_t)len)
			return 0;
	while (pos < off + len) {
		uint64_t end = (pos / ss + 1) * ss;
		size_t n;
		ssize_t got = -1;

		if (end > off + len)
			end = off + len;
		n = (size_t)(end - pos);
		for (unsigned i = 0; i <= r->retries && got != (ssize_t)n; i++)
			got = read_full(s, buf + (pos - off), n, pos);
		if (got != (ssize_t)n) {
			memset(buf + (pos - off), 0, n);
			if ((rc = add_range(r, pos, n)) < 0)
				return rc;
		}
		pos = end;
	}
	ll_error_clear();
	return 0;
}

int ll_block_reader_produce(void *ctx, struct ll_block *b, size_t cap)
{
	struct ll_block_reader *r = ctx;
	struct ll_source *s = r->src;
	size_t want = cap, got = 0;
	bool eof = false;
	int rc;

	if (s->size >= 0 && (uint64_t)s->size - r->off < want)
		want = (size_t)((uint64_t)s->size - r->off);
	while (got < want) {
		ssize_t n = s->ops->read(s, b->data + got, want - got, r->off + got);

		if (n > 0) {
			got += (size_t)n;
			continue;
		}
		if (n == 0) {
			eof = true;
			break;
		}
		if (n == LL_EINTERRUPTED) {
			if (r->stop && *r->stop)
				return ll_error_set(LL_EINTERRUPTED, "interrupted by a signal");
			continue;
		}
		if (!s->seekable || !r->recover || n != LL_EIO)
			return (int)n;
		if ((rc = recover(r, b->data + got, want - got, r->off + got)) < 0)
			return rc;
		got = want;
	}
	if (r->pad_to && (eof || want < cap || (s->size >= 0 && r->off + got == (uint64_t)s->size)) &&
	    (r->off + got) % r->pad_to) {
		/* E01 stores whole sectors: the media is the source plus zeros to the next one. */
		size_t pad = r->pad_to - (size_t)((r->off + got) % r->pad_to);

		if (got + pad > cap)
			return ll_error_set(LL_EINTERNAL, "no room to pad the last sector");
		memset(b->data + got, 0, pad);
		got += pad;
		r->padded = pad;
		eof = true;
	}
	b->off = r->off;
	b->len = got;
	r->off += got;
	if (r->progress)
		r->progress(r->progress_payload, r->off);
	if (eof || want < cap || (s->size >= 0 && r->off == (uint64_t)s->size))
		return 1;
	return 0;
}

void ll_block_reader_release(struct ll_block_reader *r)
{
	ll_free(r->errs);
	r->errs = NULL;
	r->nerrs = r->cap = 0;
}

int ll_source_hash_reads(struct ll_media_hashes *out, uint64_t *size_out,
			 struct ll_source *src, volatile sig_atomic_t *stop,
			 ll_progress_fn progress, void *payload)
{
	struct ll_pipe_config cfg = { 0 };
	struct ll_block_reader r = { 0 };
	struct ll_hashers h;
	int rc;

	if ((rc = ll_hashers_init(&h)) < 0)
		return rc;
	cfg.block_size = LL_PIPE_BLOCK_SIZE;
	cfg.nslots = LL_PIPE_NSLOTS;
	cfg.stop = stop;
	r.src = src;
	r.stop = stop;
	r.progress = progress;
	r.progress_payload = payload;
	if ((rc = ll_hashers_attach(&h, &cfg)) < 0 ||
	    (rc = ll_pipe_run(&cfg, ll_block_reader_produce, &r)) < 0 ||
	    (rc = ll_hashers_final(out, &h)) < 0)
		goto out;
	if (size_out)
		*size_out = r.off;
out:
	ll_hashers_release(&h);
	ll_block_reader_release(&r);
	return rc;
}

int ll_source_hash(struct ll_media_hashes *out, uint64_t *size_out,
		   struct ll_source *src, volatile sig_atomic_t *stop,
		   ll_progress_fn progress, void *payload)
{
	struct ll_ewf_chunk_stats st;
	int rc;

	if (ll_source_ewf_handle(src)) {
		rc = ll_ewf_hash_chunks(out, size_out, &st, src, stop, progress, payload);
		if (rc <= 0)
			return rc;
		/* Declined (st.why): libewf's own reading gives the same answer, slower. */
	}
	return ll_source_hash_reads(out, size_out, src, stop, progress, payload);
}
