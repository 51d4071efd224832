/* SPDX-License-Identifier: Apache-2.0 */
/* Whole-item readers in workers (disk images): the segments handed over, the limits, the fs rows. */
#ifndef LL_ANALYZE_WORKER_WORKER_FS_H
#define LL_ANALYZE_WORKER_WORKER_FS_H

#include "core/compat.h"

struct ll_frame;
struct ll_source_ctx;
struct ll_source_kind;
struct ll_tsk_store;

/* Address space a worker needs besides what libtsk may allocate (code, libraries, buffers). */
#define LL_WORKER_FS_AS_BASE ((uint64_t)256 << 20)

/* The parent's: the segments a whole-item reader's worker opens, and its argv with them. */
struct ll_worker_segs {
	char **paths; /* absolute, in order (ll_tsk_segments) */
	size_t n;
	uint64_t bytes; /* their total size */
	char **argv;	/* the worker's argv with a "--segment PATH" pair per segment */
	bool image;     /* an image's segments (limits sized from them), not a loose $J's $MFT */
};

/*
 * The segments of the image whose file is ctx->path, and their total size
 * in *size (which is left alone when there are none: a later segment).
 * For a loose $J: the $MFT of its item (mft_source.h), as its one
 * segment, read by record (*size, the limits, stay the journal's).
 */
int ll_worker_segs_get(struct ll_worker_segs *s, const struct ll_source_kind *k,
		       struct ll_source_ctx *ctx, uint64_t *size);
/*
 * RLIMIT_AS for the worker of an image: sized from its bytes as the
 * in-process guard sizes the walk (ll_tsk_guard_budget), on top of
 * LL_WORKER_FS_AS_BASE; `as` (0: none, sanitizer builds) otherwise.
 */
uint64_t ll_worker_segs_as(const struct ll_worker_segs *s, uint64_t as);
/* s->argv: argv[0..argc) (NULL-terminated after) and the segments (LL_ENOMEM). */
int ll_worker_segs_argv(struct ll_worker_segs *s, char **argv, size_t argc);
void ll_worker_segs_free(struct ll_worker_segs *s);

/*
 * The parent's: one validated fs frame (FS_BEGIN, FS_ENTRY, FS_VOLUME)
 * from the worker of reader `k` into fs_volumes / fs_entries, through
 * tsk_store (opened at the first row into *ts; free it with
 * ll_worker_fs_end). The decoder takes them from a "tsk" file only.
 */
int ll_worker_fs_apply(struct ll_tsk_store **ts, const struct ll_source_kind *k,
		       struct ll_source_ctx *ctx, const struct ll_frame *f);
void ll_worker_fs_end(struct ll_tsk_store *ts);

/* The worker's: appends a --segment argument to its list (LL_ENOMEM). */
int ll_worker_fs_segment(const char ***list, size_t *n, const char *path);

#endif
