/* SPDX-License-Identifier: Apache-2.0 */
/* Raw output: one file, or segments of a fixed size (base.001, base.002, ...). */
#define _GNU_SOURCE 1 /* O_DIRECT, sync_file_range */
#include "core/compat.h"
#include "collect/sink.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

/*
 * How the bytes reach the disk (see bench/README.md, "Acquisition"): the
 * copy into the page cache was the largest cost of the raw path on the
 * machines we measured, so aligned pieces go with O_DIRECT straight from
 * the pipeline's buffers. A direct write waits for the disk, so several
 * worker threads write blocks at their offsets concurrently (pwrite) to
 * keep the disk busy, and the ordered stage only closes and flushes
 * segments once every block before has landed. Unaligned pieces (a
 * segment size that is not a multiple of 4 KiB, the last block) and file
 * systems without direct I/O go through the page cache on a second
 * descriptor; the two never share a page because a direct piece starts and
 * ends on a 4 KiB boundary.
 */
#define DIRECT_ALIGN 4096
#define WRITERS 4
#define SYNC_STEP ((uint64_t)32 << 20)

struct segment {
	int fd;  /* buffered */
	int dfd; /* O_DIRECT, -1 when refused */
	bool closed;
};

struct raw_sink {
	struct ll_sink base;
	char *path_base;
	uint64_t segment_size; /* 0 = one file */
	pthread_mutex_t mu;    /* segs, nsegs and the file list */
	struct segment *segs;
	size_t nsegs;
	size_t nclosed;        /* segments flushed and closed, in order */
	uint64_t synced;       /* media offset up to which writeback was started */
	bool no_direct;        /* a direct write was refused: cache from now on */
};

static const char *seg_name(const struct raw_sink *r, size_t k)
{
	return k < r->base.nfiles ? r->base.files[k] : r->path_base;
}

/* Opens segments up to index k, in order (called locked). */
static int open_upto(struct raw_sink *r, size_t k)
{
	while (r->nsegs <= k) {
		struct ll_buf p = LL_BUF_INIT;
		struct segment *sg;
		void *np;
		int rc;

		if (!(np = ll_reallocarray(r->segs, r->nsegs + 1, sizeof(*r->segs))))
			return ll_error_set(LL_ENOMEM, "out of memory");
		r->segs = np;
		if (r->segment_size)
			rc = ll_buf_printf(&p, "%s.%03zu", r->path_base, r->nsegs + 1);
		else
			rc = ll_buf_printf(&p, "%s.raw", r->path_base);
		if (rc < 0)
			return rc;
		sg = &r->segs[r->nsegs];
		/* O_EXCL: existing evidence is never overwritten. */
		sg->fd = open(p.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (sg->fd < 0) {
			rc = ll_error_set(errno == EEXIST ? LL_EEXISTS : LL_EIO,
					  "cannot create '%s': %s", p.ptr, strerror(errno));
			ll_buf_release(&p);
			return rc;
		}
		/* A file system without direct I/O refuses it here (EINVAL). */
		sg->dfd = r->no_direct ? -1 : open(p.ptr, O_WRONLY | O_CLOEXEC | O_DIRECT);
		sg->closed = false;
		r->nsegs++;
		rc = ll_sink_add_file(&r->base, p.ptr);
		ll_buf_release(&p);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* A write failed: the message names the segment (the file list may grow meanwhile). */
static int write_error(struct raw_sink *r, size_t k, const char *why)
{
	int rc;

	pthread_mutex_lock(&r->mu);
	rc = ll_error_set(LL_EIO, "cannot write '%s': %s", seg_name(r, k), why);
	pthread_mutex_unlock(&r->mu);
	return rc;
}

static int write_piece(struct raw_sink *r, size_t k, const uint8_t *p, size_t len,
		       uint64_t off)
{
	int fd, dfd, rc;

	pthread_mutex_lock(&r->mu);
	if ((rc = open_upto(r, k)) < 0) {
		pthread_mutex_unlock(&r->mu);
		return rc;
	}
	fd = r->segs[k].fd;
	dfd = r->no_direct ? -1 : r->segs[k].dfd;
	pthread_mutex_unlock(&r->mu);
	while (len) {
		bool direct = dfd >= 0 && !(((uintptr_t)p | len | off) & (DIRECT_ALIGN - 1));
		ssize_t n = pwrite(direct ? dfd : fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EINVAL && direct) {
			/* The device wants a larger alignment than ours: use the cache. */
			pthread_mutex_lock(&r->mu);
			r->no_direct = true;
			pthread_mutex_unlock(&r->mu);
			dfd = -1;
			continue;
		}
		if (n <= 0)
			return write_error(r, k, n < 0 ? strerror(errno) : "no space left");
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

/* Worker stage: writes the block at its place, in any order. */
static int raw_pwrite(void *ctx, struct ll_block *b)
{
	struct raw_sink *r = ctx;
	const uint8_t *p = b->data;
	uint64_t off = b->off;
	size_t len = b->len;
	int rc;

	while (len) {
		size_t k = r->segment_size ? (size_t)(off / r->segment_size) : 0;
		uint64_t in = r->segment_size ? off % r->segment_size : off;
		size_t n = len;

		if (r->segment_size && n > r->segment_size - in)
			n = (size_t)(r->segment_size - in);
		if ((rc = write_piece(r, k, p, n, in)) < 0)
			return rc;
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

/*
 * Flushes and closes segment k. Only the ordered stage (or finish, after
 * the pipeline) calls it, once no worker can still write to k.
 */
static int close_segment(struct raw_sink *r, size_t k)
{
	int fd, dfd, rc = 0;

	pthread_mutex_lock(&r->mu);
	fd = r->segs[k].fd;
	dfd = r->segs[k].dfd;
	r->segs[k].fd = r->segs[k].dfd = -1;
	r->segs[k].closed = true;
	pthread_mutex_unlock(&r->mu);
	/* Durable before it is called evidence. */
	if (fsync(fd) != 0)
		rc = write_error(r, k, strerror(errno));
	if (close(fd) != 0 && rc == 0)
		rc = write_error(r, k, strerror(errno));
	if (dfd >= 0)
		close(dfd);
	return rc;
}

/*
 * Ordered stage: every block up to this one is written. Segments that end
 * here are flushed and closed; bytes that went through the cache get their
 * writeback started every 32 MiB, so the final flush only waits for a tail.
 */
static int raw_commit(void *ctx, struct ll_block *b)
{
	struct raw_sink *r = ctx;
	uint64_t end = b->off + b->len;
	size_t nsegs;
	int fd = -1, rc;

	pthread_mutex_lock(&r->mu);
	nsegs = r->nsegs;
	pthread_mutex_unlock(&r->mu);
	while (r->segment_size && r->nclosed < nsegs &&
	       (uint64_t)(r->nclosed + 1) * r->segment_size <= end) {
		if ((rc = close_segment(r, r->nclosed)) < 0)
			return rc;
		r->nclosed++;
	}
	if (end - r->synced >= SYNC_STEP && r->nclosed < nsegs) {
		uint64_t base = r->segment_size ? (uint64_t)r->nclosed * r->segment_size : 0;
		uint64_t from = r->synced > base ? r->synced - base : 0;

		pthread_mutex_lock(&r->mu);
		fd = r->segs[r->nclosed].fd;
		pthread_mutex_unlock(&r->mu);
		sync_file_range(fd, (off_t)from, (off_t)(end - base - from),
				SYNC_FILE_RANGE_WRITE);
		r->synced = end;
	}
	return 0;
}

static int raw_finish(struct ll_sink *s, const struct ll_media_hashes *h,
		      const struct ll_range *errs, size_t nerrs, uint64_t media_size)
{
	struct raw_sink *r = (struct raw_sink *)s;
	int rc;

	LL_UNUSED(h);
	LL_UNUSED(errs);
	LL_UNUSED(nerrs);
	LL_UNUSED(media_size);
	/* An empty source still leaves its (empty) image file. */
	if (r->nsegs == 0 && (rc = open_upto(r, 0)) < 0)
		return rc;
	for (; r->nclosed < r->nsegs; r->nclosed++)
		if ((rc = close_segment(r, r->nclosed)) < 0)
			return rc;
	return 0;
}

static void raw_abort(struct ll_sink *s)
{
	struct raw_sink *r = (struct raw_sink *)s;

	for (size_t k = 0; k < r->nsegs; k++) {
		if (r->segs[k].closed)
			continue;
		close(r->segs[k].fd);
		if (r->segs[k].dfd >= 0)
			close(r->segs[k].dfd);
		r->segs[k].closed = true;
	}
}

static void raw_destroy(struct ll_sink *s)
{
	struct raw_sink *r = (struct raw_sink *)s;

	raw_abort(s);
	pthread_mutex_destroy(&r->mu);
	ll_free(r->segs);
	ll_free(r->path_base);
	ll_free(r);
}

int ll_sink_raw_open(struct ll_sink **out, const struct ll_sink_opts *o)
{
	struct raw_sink *r = ll_calloc(1, sizeof(*r));

	if (!r || !(r->path_base = ll_strdup(o->base))) {
		ll_free(r);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	pthread_mutex_init(&r->mu, NULL);
	r->segment_size = o->segment_size;
	r->base.format = o->segment_size ? "split-raw" : "raw";
	r->base.prepare = raw_pwrite;
	r->base.write = raw_commit;
	r->base.nworkers = WRITERS;
	r->base.finish = raw_finish;
	r->base.abort = raw_abort;
	r->base.destroy = raw_destroy;
	*out = &r->base;
	return 0;
}
