/* SPDX-License-Identifier: Apache-2.0 */
/* Raw output: one file, or segments of a fixed size (base.001, base.002, ...). */
#define _GNU_SOURCE 1 /* sync_file_range */
#include "core/compat.h"
#include "collect/sink.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

struct raw_sink {
	struct ll_sink base;
	char *path_base;
	uint64_t segment_size; /* 0 = one file */
	int fd;
	bool direct;           /* fd has O_DIRECT */
	uint64_t in_segment;   /* bytes in the open segment */
	uint64_t synced;       /* writeback started up to here */
};

#define SYNC_STEP ((uint64_t)32 << 20)
/* O_DIRECT wants buffer, length and file offset aligned; 4 KiB suits every device. */
#define DIRECT_ALIGN 4096

/*
 * Drops O_DIRECT from the open segment: for an unaligned tail, or a file
 * system that refuses direct I/O. The bytes written so far stay.
 */
static int leave_direct(struct raw_sink *r)
{
	int fl = fcntl(r->fd, F_GETFL);

	if (fl < 0 || fcntl(r->fd, F_SETFL, fl & ~O_DIRECT) != 0)
		return ll_error_set(LL_EIO, "cannot write '%s': %s",
				    r->base.files[r->base.nfiles - 1], strerror(errno));
	r->direct = false;
	r->synced = r->in_segment;
	return 0;
}

static int close_fd(struct raw_sink *r)
{
	int rc = 0;

	if (r->fd < 0)
		return 0;
	if (fsync(r->fd) != 0 || close(r->fd) != 0)
		rc = ll_error_set(LL_EIO, "cannot write '%s': %s",
				  r->base.files[r->base.nfiles - 1], strerror(errno));
	r->fd = -1;
	return rc;
}

static int open_next(struct raw_sink *r)
{
	struct ll_buf p = LL_BUF_INIT;
	int rc;

	if ((rc = close_fd(r)) < 0)
		return rc;
	if (r->segment_size)
		rc = ll_buf_printf(&p, "%s.%03zu", r->path_base, r->base.nfiles + 1);
	else
		rc = ll_buf_printf(&p, "%s.raw", r->path_base);
	if (rc < 0)
		return rc;
	/*
	 * O_EXCL: existing evidence is never overwritten. O_DIRECT: the image
	 * goes from our buffers to the disk without a copy into the page cache,
	 * which measured as the largest cost of the raw path (see bench/README).
	 * A file system without direct I/O refuses it at open (EINVAL).
	 */
	r->direct = true;
	r->fd = open(p.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_DIRECT, 0644);
	if (r->fd < 0 && errno == EINVAL) {
		r->direct = false;
		r->fd = open(p.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	}
	if (r->fd < 0) {
		rc = ll_error_set(errno == EEXIST ? LL_EEXISTS : LL_EIO,
				  "cannot create '%s': %s", p.ptr, strerror(errno));
		ll_buf_release(&p);
		return rc;
	}
	rc = ll_sink_add_file(&r->base, p.ptr);
	ll_buf_release(&p);
	r->in_segment = 0;
	r->synced = 0;
	return rc;
}

static int write_all(struct raw_sink *r, const uint8_t *p, size_t len)
{
	while (len) {
		ssize_t n;
		int rc;

		if (r->direct && (((uintptr_t)p | len | r->in_segment) & (DIRECT_ALIGN - 1)) &&
		    (rc = leave_direct(r)) < 0)
			return rc;
		n = write(r->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EINVAL && r->direct) {
			/* The device wants a larger alignment than ours: go through the cache. */
			if ((rc = leave_direct(r)) < 0)
				return rc;
			continue;
		}
		if (n <= 0)
			return ll_error_set(LL_EIO, "cannot write '%s': %s",
					    r->base.files[r->base.nfiles - 1],
					    n < 0 ? strerror(errno) : "no space left");
		p += n;
		len -= (size_t)n;
		r->in_segment += (uint64_t)n;
		/*
		 * Buffered: start writeback of each 32 MiB as it completes, so the
		 * disk works while we hash and the final fsync only waits for the
		 * tail (direct writes are on the disk when write returns).
		 */
		if (!r->direct && r->in_segment - r->synced >= SYNC_STEP) {
			sync_file_range(r->fd, (off_t)r->synced, (off_t)(r->in_segment - r->synced),
					SYNC_FILE_RANGE_WRITE);
			r->synced = r->in_segment;
		}
	}
	return 0;
}

static int raw_write(void *ctx, struct ll_block *b)
{
	struct raw_sink *r = ctx;
	const uint8_t *p = b->data;
	size_t len = b->len;
	int rc;

	while (len) {
		size_t n = len;

		if (r->fd < 0 || (r->segment_size && r->in_segment == r->segment_size))
			if ((rc = open_next(r)) < 0)
				return rc;
		if (r->segment_size && n > r->segment_size - r->in_segment)
			n = (size_t)(r->segment_size - r->in_segment);
		if ((rc = write_all(r, p, n)) < 0)
			return rc;
		p += n;
		len -= n;
	}
	return 0;
}

static int raw_finish(struct ll_sink *s, const struct ll_media_hashes *h,
		      const struct ll_range *errs, size_t nerrs, uint64_t media_size)
{
	struct raw_sink *r = (struct raw_sink *)s;

	LL_UNUSED(h);
	LL_UNUSED(errs);
	LL_UNUSED(nerrs);
	LL_UNUSED(media_size);
	/* An empty source still leaves its (empty) image file. */
	if (r->base.nfiles == 0) {
		int rc = open_next(r);

		if (rc < 0)
			return rc;
	}
	return close_fd(r);
}

static void raw_abort(struct ll_sink *s)
{
	struct raw_sink *r = (struct raw_sink *)s;

	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

static void raw_destroy(struct ll_sink *s)
{
	struct raw_sink *r = (struct raw_sink *)s;

	raw_abort(s);
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
	r->fd = -1;
	r->segment_size = o->segment_size;
	r->base.format = o->segment_size ? "split-raw" : "raw";
	r->base.write = raw_write;
	r->base.finish = raw_finish;
	r->base.abort = raw_abort;
	r->base.destroy = raw_destroy;
	*out = &r->base;
	return 0;
}
