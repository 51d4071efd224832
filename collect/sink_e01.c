/* SPDX-License-Identifier: Apache-2.0 */
/* E01 (EnCase 6) output: chunks packed by worker threads, written in order through libewf. */
#define _GNU_SOURCE 1 /* sync_file_range */
#include "core/compat.h"
#include "collect/sink.h"

#include <fcntl.h>
#include <unistd.h>

#include "collect/ewf_util.h"
#include "collect/hashers.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/crypto.h"
#include "core/error.h"

struct e01_sink {
	struct ll_sink base;
	libewf_handle_t *h;
	char *path_base;
	size_t chunk_size;
	uint32_t sector_size;
	struct ll_chunker chunker;
	bool chunker_ok;
	bool open;
	/* Early writeback of the segment being written (see wb_step). */
	int wb_fd;
	unsigned wb_seg;      /* its number: 1 for .E01 */
	uint64_t wb_pending;  /* bytes handed to libewf since the last step */
};

#define WB_STEP ((uint64_t)32 << 20)

/*
 * libewf writes through the page cache and never flushes; the final fsync
 * then waited for the whole image (1.2 s of a 2 GiB run). Every 32 MiB we
 * start writeback of the segment file libewf is filling, through a
 * descriptor of our own, so the disk works while we compress. Segments
 * past .E99 (named .EAA… by libewf) are left to the final fsync.
 */
static void wb_step(struct e01_sink *e)
{
	struct ll_buf p = LL_BUF_INIT;

	e->wb_pending = 0;
	for (;;) {
		if (e->wb_fd < 0) {
			if (e->wb_seg > 99 ||
			    ll_buf_printf(&p, "%s.E%02u", e->path_base, e->wb_seg) < 0)
				break;
			e->wb_fd = open(p.ptr, O_RDONLY | O_CLOEXEC);
			ll_buf_reset(&p);
			if (e->wb_fd < 0)
				break;
		}
		sync_file_range(e->wb_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
		/* Has libewf moved on to the next segment? */
		if (e->wb_seg >= 99 ||
		    ll_buf_printf(&p, "%s.E%02u", e->path_base, e->wb_seg + 1) < 0 ||
		    access(p.ptr, F_OK) != 0)
			break;
		ll_buf_reset(&p);
		close(e->wb_fd);
		e->wb_fd = -1;
		e->wb_seg++;
	}
	ll_buf_release(&p);
	ll_error_clear();
}

/* Per-block scratch: the packed chunks, then chunk_size bytes of output each. */
struct e01_aux {
	size_t n;
	struct ll_chunk c[];
};

static uint8_t *scratch(struct e01_sink *e, struct e01_aux *a, size_t nmax, size_t i)
{
	uint8_t *base = (uint8_t *)&a->c[nmax];

	return base + i * e->chunk_size;
}

static int e01_prepare(void *ctx, struct ll_block *b)
{
	struct e01_sink *e = ctx;
	struct e01_aux *a = b->aux;
	size_t nmax = e->base.aux_size ? (e->base.aux_size - sizeof(*a)) /
						 (sizeof(struct ll_chunk) + e->chunk_size)
				       : 0;
	size_t off = 0;
	int rc;

	a->n = 0;
	while (off < b->len) {
		size_t len = b->len - off < e->chunk_size ? b->len - off : e->chunk_size;

		if (a->n == nmax)
			return ll_error_set(LL_EINTERNAL, "block larger than its chunk table");
		if ((rc = ll_chunker_pack(&a->c[a->n], &e->chunker, b->data + off, len,
					  scratch(e, a, nmax, a->n))) < 0)
			return rc;
		a->n++;
		off += len;
	}
	return 0;
}

static int e01_write(void *ctx, struct ll_block *b)
{
	const struct ll_ewf_api *ew = ll_ewf_api_get();
	struct e01_sink *e = ctx;
	struct e01_aux *a = b->aux;

	for (size_t i = 0; i < a->n; i++) {
		struct ll_chunk *c = &a->c[i];
		libewf_error_t *err = NULL;
		uint8_t ck[4] = { (uint8_t)c->checksum, (uint8_t)(c->checksum >> 8),
				  (uint8_t)(c->checksum >> 16), (uint8_t)(c->checksum >> 24) };
		ssize_t n;

		n = ew->handle_write_chunk(e->h, c->ptr, c->size, c->data_size,
					      c->compressed ? 1 : 0, ck, c->checksum,
					      c->compressed ? 0 : 1, &err);
		if (n <= 0)
			return ll_ewf_error(LL_EIO, &err, "writing the E01 image (disk full?)");
		e->wb_pending += c->size;
	}
	if (e->wb_pending >= WB_STEP)
		wb_step(e);
	return 0;
}

static int set_header(struct e01_sink *e, const char *id, const char *val)
{
	const struct ll_ewf_api *ew = ll_ewf_api_get();
	libewf_error_t *err = NULL;

	if (!val || !*val)
		return 0;
	if (ew->handle_set_utf8_header_value(e->h, (const uint8_t *)id, strlen(id),
						(const uint8_t *)val, strlen(val),
						&err) != 1)
		return ll_ewf_error(LL_EINVAL, &err, id);
	return 0;
}

static int collect_files(struct e01_sink *e)
{
	const struct ll_ewf_api *ew = ll_ewf_api_get();
	struct ll_buf p = LL_BUF_INIT;
	libewf_error_t *err = NULL;
	char **names = NULL;
	int n = 0, rc;

	if ((rc = ll_buf_printf(&p, "%s.E01", e->path_base)) < 0)
		return rc;
	if (ew->glob(p.ptr, p.len, LIBEWF_FORMAT_UNKNOWN, &names, &n, &err) != 1) {
		ll_buf_release(&p);
		return ll_ewf_error(LL_EIO, &err, "listing the E01 segment files");
	}
	ll_buf_release(&p);
	for (int i = 0; i < n && rc == 0; i++)
		rc = ll_sink_add_file(&e->base, names[i]);
	ew->glob_free(names, n, NULL);
	return rc;
}

static int e01_finish(struct ll_sink *s, const struct ll_media_hashes *h,
		      const struct ll_range *errs, size_t nerrs, uint64_t media_size)
{
	const struct ll_ewf_api *ew = ll_ewf_api_get();
	struct e01_sink *e = (struct e01_sink *)s;
	libewf_error_t *err = NULL;
	uint8_t md5[16], sha1[20];

	LL_UNUSED(media_size);
	for (size_t i = 0; i < nerrs; i++) {
		uint64_t first = errs[i].off / e->sector_size;
		uint64_t last = (errs[i].off + errs[i].len + e->sector_size - 1) / e->sector_size;

		if (ew->handle_append_acquiry_error(e->h, first, last - first, &err) != 1)
			return ll_ewf_error(LL_EIO, &err, "recording a read error in the E01");
	}
	memcpy(md5, h->md5_raw, 16);
	memcpy(sha1, h->sha1_raw, 20);
	if (ew->handle_set_md5_hash(e->h, md5, 16, &err) != 1 ||
	    ew->handle_set_sha1_hash(e->h, sha1, 20, &err) != 1)
		return ll_ewf_error(LL_EIO, &err, "storing the hashes in the E01");
	if (ew->handle_write_finalize(e->h, &err) < 0)
		return ll_ewf_error(LL_EIO, &err, "finishing the E01 image");
	if (ew->handle_close(e->h, &err) != 0)
		return ll_ewf_error(LL_EIO, &err, "closing the E01 image");
	e->open = false;
	return collect_files(e);
}

static void e01_abort(struct ll_sink *s)
{
	const struct ll_ewf_api *ew = ll_ewf_api_get();
	struct e01_sink *e = (struct e01_sink *)s;
	libewf_error_t *err = NULL;

	if (e->open) {
		/* No finalize: the set stays visibly incomplete (ewfverify fails). */
		ew->handle_close(e->h, &err);
		ew->error_free(&err);
		e->open = false;
		collect_files(e);
		ll_error_clear();
	}
}

static void e01_destroy(struct ll_sink *s)
{
	const struct ll_ewf_api *ew = ll_ewf_api_get();
	struct e01_sink *e = (struct e01_sink *)s;

	e01_abort(s);
	if (e->wb_fd >= 0)
		close(e->wb_fd);
	if (e->h)
		ew->handle_free(&e->h, NULL);
	if (e->chunker_ok)
		ll_chunker_release(&e->chunker);
	ll_free(e->path_base);
	ll_free(e);
}

static int configure(struct e01_sink *e, const struct ll_sink_opts *o)
{
	const struct ll_ewf_api *ew = ll_ewf_api_get();
	libewf_error_t *err = NULL;
	uint8_t guid[16];
	int8_t level = o->compression == LL_COMPRESS_BEST ? LIBEWF_COMPRESSION_BEST
		       : o->compression == LL_COMPRESS_FAST ? LIBEWF_COMPRESSION_FAST
							    : LIBEWF_COMPRESSION_NONE;
	int rc;

	if (ew->handle_set_format(e->h, LIBEWF_FORMAT_ENCASE6, &err) != 1 ||
	    (o->media_size >= 0 &&
	     ew->handle_set_media_size(e->h, (size64_t)o->media_size, &err) != 1) ||
	    ew->handle_set_bytes_per_sector(e->h, o->sector_size, &err) != 1 ||
	    ew->handle_set_sectors_per_chunk(e->h, e->base.sectors_per_chunk, &err) != 1 ||
	    ew->handle_set_error_granularity(e->h, 1, &err) != 1 ||
	    ew->handle_set_media_type(e->h, LIBEWF_MEDIA_TYPE_FIXED, &err) != 1 ||
	    ew->handle_set_media_flags(e->h, o->physical ? LIBEWF_MEDIA_FLAG_PHYSICAL : 0,
					  &err) != 1 ||
	    ew->handle_set_compression_values(
		    e->h, level,
		    level == LIBEWF_COMPRESSION_NONE ? 0 : LIBEWF_COMPRESS_FLAG_USE_EMPTY_BLOCK_COMPRESSION,
		    &err) != 1 ||
	    (o->segment_size &&
	     ew->handle_set_maximum_segment_size(e->h, o->segment_size, &err) != 1) ||
	    ew->handle_set_header_codepage(e->h, LIBEWF_CODEPAGE_ASCII, &err) != 1)
		return ll_ewf_error(LL_EINVAL, &err, "setting up the E01 image");
	if ((rc = ll_random_bytes(guid, sizeof(guid))) < 0)
		return rc;
	guid[6] = (uint8_t)((guid[6] & 0x0f) | 0x40); /* a version 4 GUID */
	guid[8] = (uint8_t)((guid[8] & 0x3f) | 0x80);
	if (ew->handle_set_segment_file_set_identifier(e->h, guid, 16, &err) != 1)
		return ll_ewf_error(LL_EINVAL, &err, "setting the E01 set identifier");
	/* libewf freezes these at the first write: all are known now. */
	if ((rc = set_header(e, "case_number", o->case_number)) < 0 ||
	    (rc = set_header(e, "evidence_number", o->evidence_number)) < 0 ||
	    (rc = set_header(e, "examiner_name", o->examiner)) < 0 ||
	    (rc = set_header(e, "description", o->description)) < 0 ||
	    (rc = set_header(e, "notes", o->notes)) < 0 ||
	    (rc = set_header(e, "model", o->model)) < 0 ||
	    (rc = set_header(e, "serial_number", o->serial)) < 0 ||
	    (rc = set_header(e, "acquiry_software_version", o->software)) < 0 ||
	    (rc = set_header(e, "acquiry_operating_system", o->os)) < 0)
		return rc;
	return 0;
}

int ll_sink_e01_open(struct ll_sink **out, const struct ll_sink_opts *o)
{
	const struct ll_ewf_api *ew = ll_ewf_api_get();
	struct e01_sink *e;
	libewf_error_t *err = NULL;
	char *names[1];
	size_t nmax;
	int rc;

	if (!ew) /* libewf.so.2 missing: the getter's error names it */
		return ll_error_context("cannot write an E01");
	if (!(e = ll_calloc(1, sizeof(*e))) || !(e->path_base = ll_strdup(o->base))) {
		ll_free(e);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	e->wb_fd = -1;
	e->wb_seg = 1;
	e->base.format = "e01";
	e->base.prepare = e01_prepare;
	e->base.write = e01_write;
	e->base.finish = e01_finish;
	e->base.abort = e01_abort;
	e->base.destroy = e01_destroy;
	e->base.nworkers = o->nworkers ? o->nworkers : 1;
	e->sector_size = o->sector_size;
	e->base.sectors_per_chunk = ll_e01_sectors_per_chunk(o->media_size, o->sector_size);
	if (!e->base.sectors_per_chunk) {
		rc = ll_error_set(LL_EUNSUPPORTED, "the source is too large for an E01 image; use --format raw");
		goto fail;
	}
	e->chunk_size = (size_t)e->base.sectors_per_chunk * o->sector_size;
	if (o->block_size % e->chunk_size) {
		rc = ll_error_set(LL_EINTERNAL, "block size is not a multiple of the chunk size");
		goto fail;
	}
	nmax = o->block_size / e->chunk_size;
	e->base.aux_size = sizeof(struct e01_aux) + nmax * (sizeof(struct ll_chunk) + e->chunk_size);
	if ((rc = ll_chunker_init(&e->chunker, o->compression, e->chunk_size)) < 0)
		goto fail;
	e->chunker_ok = true;
	if (ew->handle_initialize(&e->h, &err) != 1) {
		rc = ll_ewf_error(LL_ENOMEM, &err, "libewf");
		goto fail;
	}
	names[0] = e->path_base;
	if (ew->handle_open(e->h, names, 1, LIBEWF_OPEN_WRITE, &err) != 1) {
		rc = ll_ewf_error(LL_EIO, &err, o->base);
		goto fail;
	}
	e->open = true;
	if ((rc = configure(e, o)) < 0)
		goto fail;
	*out = &e->base;
	return 0;
fail:
	e01_destroy(&e->base);
	return rc;
}
