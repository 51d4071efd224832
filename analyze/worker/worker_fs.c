/* SPDX-License-Identifier: Apache-2.0 */
/* Whole-item readers in workers: the segments a worker opens, its limits, storing its fs rows. */
#include "core/compat.h"
#include "analyze/worker/worker_fs.h"

#include <sys/stat.h>

#include "analyze/source.h"
#include "analyze/tsk/tsk_guard.h"
#include "analyze/tsk/tsk_hostname.h"
#include "analyze/tsk/tsk_source.h"
#include "analyze/tsk/tsk_store.h"
#include "analyze/usn/mft_source.h"
#include "analyze/usn/usn.h"
#include "analyze/worker/frame.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/error.h"
#include "core/evidence.h"

int ll_worker_segs_get(struct ll_worker_segs *s, const struct ll_source_kind *k,
		       struct ll_source_ctx *ctx, uint64_t *size)
{
	char *mft[LL_MFT_SOURCE_CANDIDATES];
	const char *rel[LL_MFT_SOURCE_CANDIDATES];
	size_t n;
	int rc;

	*s = (struct ll_worker_segs){ 0 };
	if (k == &ll_source_usnjrnl) {
		/* every candidate: one is opened; two are named in the refusal to guess */
		if ((rc = ll_mft_source_find(mft, rel, &n, ctx)) < 0 || !n)
			return rc;
		if (!(s->paths = ll_calloc(n, sizeof(*s->paths)))) {
			while (n-- > 0)
				ll_free(mft[n]);
			return ll_error_set(LL_ENOMEM, "out of memory");
		}
		for (size_t i = 0; i < n; i++)
			s->paths[s->n++] = mft[i];
		return 0;
	}
	if (k != &ll_source_tsk)
		return 0;
	s->image = true;
	if ((rc = ll_tsk_segments(&s->paths, &s->n, ctx)) < 0)
		return rc;
	for (size_t i = 0; i < s->n; i++) {
		struct stat sb;

		if (stat(s->paths[i], &sb) == 0 && sb.st_size > 0 &&
		    (uint64_t)sb.st_size <= UINT64_MAX - s->bytes)
			s->bytes += (uint64_t)sb.st_size;
	}
	if (s->n)
		*size = s->bytes;
	return 0;
}

uint64_t ll_worker_segs_as(const struct ll_worker_segs *s, uint64_t as)
{
	/*
	 * What libtsk legitimately holds grows with the metadata it reads, and
	 * that with the bytes in use: the size of a raw image, and about the
	 * size of an E01's compressed segments too (empty space compresses away).
	 */
	if (!as || !s->n || !s->image)
		return as;
	return LL_WORKER_FS_AS_BASE + ll_tsk_guard_budget(s->bytes);
}

int ll_worker_segs_argv(struct ll_worker_segs *s, char **argv, size_t argc)
{
	size_t k = 0;

	if (!s->n)
		return 0;
	if (!(s->argv = ll_calloc(argc + 2 * s->n + 1, sizeof(*s->argv))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < argc; i++)
		s->argv[k++] = argv[i];
	for (size_t i = 0; i < s->n; i++) {
		s->argv[k++] = (char *)"--segment";
		s->argv[k++] = s->paths[i];
	}
	s->argv[k] = NULL;
	return 0;
}

void ll_worker_segs_free(struct ll_worker_segs *s)
{
	ll_tsk_segments_free(s->paths, s->n);
	ll_free(s->argv);
	*s = (struct ll_worker_segs){ 0 };
}

int ll_worker_fs_apply(struct ll_tsk_store **ts, const struct ll_source_kind *k,
		       struct ll_source_ctx *ctx, const struct ll_frame *f)
{
	const char *tz = ctx->opts && ctx->opts->tz ? ctx->opts->tz : "UTC";
	int rc;

	LL_UNUSED(k); /* the decoder took fs rows from a tsk file only */
	if (f->type == LL_FRAME_FS_BEGIN)
		return 0; /* the decoder keeps it, to check the entries against */
	if (!*ts && (rc = ll_tsk_store_open(ts, ctx->cs->store, ctx->ev->id, tz)) < 0)
		return rc;
	if (f->type == LL_FRAME_FS_ENTRY)
		return ll_tsk_store_entry(*ts, &f->u.fs.entry);
	if (f->type == LL_FRAME_FS_HOSTNAME)
		return ll_tsk_hostname_apply(*ts, ctx, &f->u.fs.hostname);
	if (f->type == LL_FRAME_FS_ZONE)
		return ll_tsk_store_zone(*ts, f->u.fs.zone.offset, f->u.fs.zone.pool_block,
					 f->u.fs.zone.text);
	return ll_tsk_store_volume(*ts, &f->u.fs.volume, f->u.fs.sector_size);
}

void ll_worker_fs_end(struct ll_tsk_store *ts)
{
	ll_tsk_store_free(ts);
}

int ll_worker_fs_segment(const char ***list, size_t *n, const char *path)
{
	const char **v = ll_reallocarray((void *)*list, *n + 1, sizeof(**list));

	if (!v)
		return ll_error_set(LL_ENOMEM, "out of memory");
	v[(*n)++] = path;
	*list = v;
	return 0;
}
