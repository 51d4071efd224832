/* SPDX-License-Identifier: Apache-2.0 */
/* A scratch file in the case directory for a worker whose library reads only linked files. */
#ifndef LL_ANALYZE_WORKER_SCRATCH_H
#define LL_ANALYZE_WORKER_SCRATCH_H

#include "core/compat.h"

struct ll_source_ctx;
struct ll_source_kind;

/*
 * libsystemd reads only journal files that have a link (a memory file or
 * an unlinked file is refused with EIDRM), and a worker can create no
 * file. So for a gzip'd journal the parent makes an empty file in the case
 * directory (".journal-inflate-XXXXXX", mode 0600) and hands its
 * descriptor to the worker, which inflates the evidence into it before its
 * lock-down; the parent removes it when the worker has ended.
 *
 * The parent's side: for a file of kind `k` that needs one (`gzip` says
 * whether the file is gzip'd), *fd is the open file (read-write, close on
 * exec) and *path its name (the caller passes it to ll_worker_scratch_drop);
 * otherwise *fd is -1 and *path NULL. Returns 0 or LL_EIO / LL_ENOMEM.
 */
int ll_worker_scratch_make(int *fd, char **path, const struct ll_source_ctx *ctx,
			   const struct ll_source_kind *k, bool gzip);

/* Removes and frees `path` (NULL: nothing). The descriptor is the caller's to close. */
void ll_worker_scratch_drop(char *path);

/* The worker's side: the descriptor the parent handed over (--scratch-fd), -1 if none. */
void ll_worker_scratch_set(int fd);
int ll_worker_scratch_fd(void);

#endif
