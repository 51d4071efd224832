/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libbfio handle → TSK_IMG_INFO (bfio_img.h). libbfio 20170123's handle is
 * a set of callbacks over an opaque io_handle: ours is a range of the
 * image, with a position. Reads past the range's end are short, as a
 * file's would be; a read libtsk fails is -1 (the caller's library names
 * its own place, and ll_bfio_img_failed_at() the image offset).
 */
#include "core/compat.h"
#include "analyze/tsk/bfio_img.h"

#include "core/alloc.h"
#include "core/error.h"

struct range {
	TSK_IMG_INFO *ti;
	uint64_t start, length, pos;
	bool open;
};

/* the worker reads one image on one thread: a plain static is enough */
static uint64_t failed_at = UINT64_MAX, last_failed_at = UINT64_MAX;

uint64_t ll_bfio_img_failed_at(void)
{
	return failed_at;
}

/* the first since the reset: where the damage starts */
static void note_cut(uint64_t at)
{
	if (failed_at == UINT64_MAX)
		failed_at = at;
	last_failed_at = at;
}

uint64_t ll_bfio_img_last_failed_at(void)
{
	return last_failed_at;
}

void ll_bfio_img_failed_reset(void)
{
	failed_at = last_failed_at = UINT64_MAX;
}

static int r_free(intptr_t **io, libbfio_error_t **e)
{
	LL_UNUSED(e);
	if (io && *io) {
		ll_free(*io);
		*io = NULL;
	}
	return 1;
}

static int r_clone(intptr_t **dst, intptr_t *src, libbfio_error_t **e)
{
	struct range *c;

	LL_UNUSED(e);
	if (!dst || !src || !(c = ll_calloc(1, sizeof(*c))))
		return -1;
	*c = *(struct range *)src;
	c->open = false;
	c->pos = 0;
	*dst = (intptr_t *)c;
	return 1;
}

static int r_open(intptr_t *io, int flags, libbfio_error_t **e)
{
	struct range *r = (struct range *)io;

	LL_UNUSED(e);
	/* read-only evidence: a library asking to write is refused */
	if (flags & ~LIBBFIO_ACCESS_FLAG_READ)
		return -1;
	r->open = true;
	r->pos = 0;
	return 1;
}

static int r_close(intptr_t *io, libbfio_error_t **e)
{
	LL_UNUSED(e);
	((struct range *)io)->open = false;
	return 0;
}

static ssize_t r_read(intptr_t *io, uint8_t *buf, size_t size, libbfio_error_t **e)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	struct range *r = (struct range *)io;
	size_t want = size;
	ssize_t got;

	LL_UNUSED(e);
	if (!r->open || size > SSIZE_MAX)
		return -1;
	/* a read the image cannot give whole (cut short, damaged) is remembered by its offset */
	if (r->pos >= r->length) {
		if (size)
			note_cut(r->start + r->pos);
		return 0;
	}
	if (want > r->length - r->pos)
		want = (size_t)(r->length - r->pos);
	got = tk->img_read(r->ti, (TSK_OFF_T)(r->start + r->pos), (char *)buf, want);
	if (got < 0) {
		note_cut(r->start + r->pos);
		return -1;
	}
	if ((size_t)got < size)
		note_cut(r->start + r->pos + (uint64_t)got);
	r->pos += (uint64_t)got;
	return got;
}

static ssize_t r_write(intptr_t *io, const uint8_t *buf, size_t size, libbfio_error_t **e)
{
	LL_UNUSED(io);
	LL_UNUSED(buf);
	LL_UNUSED(size);
	LL_UNUSED(e);
	return -1; /* never: the evidence is read-only */
}

static off64_t r_seek(intptr_t *io, off64_t off, int whence, libbfio_error_t **e)
{
	struct range *r = (struct range *)io;
	int64_t base;

	LL_UNUSED(e);
	if (whence == SEEK_SET)
		base = 0;
	else if (whence == SEEK_CUR)
		base = (int64_t)r->pos;
	else if (whence == SEEK_END)
		base = (int64_t)r->length;
	else
		return -1;
	if ((off < 0 && base < -off) || (off > 0 && base > INT64_MAX - off))
		return -1;
	r->pos = (uint64_t)(base + off);
	return (off64_t)r->pos;
}

static int r_exists(intptr_t *io, libbfio_error_t **e)
{
	LL_UNUSED(io);
	LL_UNUSED(e);
	return 1;
}

static int r_is_open(intptr_t *io, libbfio_error_t **e)
{
	LL_UNUSED(e);
	return ((struct range *)io)->open ? 1 : 0;
}

static int r_size(intptr_t *io, size64_t *size, libbfio_error_t **e)
{
	LL_UNUSED(e);
	*size = ((struct range *)io)->length;
	return 1;
}

int ll_bfio_img_open(libbfio_handle_t **out, TSK_IMG_INFO *ti, uint64_t offset, uint64_t length)
{
	const struct ll_bfio_api *b = ll_bfio_api_get();
	uint64_t size = ti->size > 0 ? (uint64_t)ti->size : 0;
	libbfio_error_t *e = NULL;
	struct range *r;

	*out = NULL;
	if (!b)
		return ll_error_context("volume at offset %" PRIu64, offset);
	if (offset >= size)
		return ll_error_set(LL_ECORRUPT, "volume at offset %" PRIu64 " is past the image's "
				    "end (%" PRIu64 " bytes)", offset, size);
	if (!(r = ll_calloc(1, sizeof(*r))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	r->ti = ti;
	r->start = offset;
	r->length = length && length <= size - offset ? length : size - offset;
	/* managed: libbfio frees the range with the handle (r_free) */
	if (b->handle_initialize(out, (intptr_t *)r, r_free, r_clone, r_open, r_close, r_read,
				 r_write, r_seek, r_exists, r_is_open, r_size,
				 LIBBFIO_FLAG_IO_HANDLE_MANAGED |
					 LIBBFIO_FLAG_IO_HANDLE_CLONE_BY_FUNCTION, &e) != 1) {
		if (e)
			b->error_free(&e);
		ll_free(r);
		*out = NULL;
		return ll_error_set(LL_ENOMEM, "libbfio could not make a handle for the volume at "
				    "offset %" PRIu64, offset);
	}
	return 0;
}

void ll_bfio_img_free(libbfio_handle_t **h)
{
	const struct ll_bfio_api *b = ll_bfio_api_get();

	if (b && h && *h)
		b->handle_free(h, NULL);
}
