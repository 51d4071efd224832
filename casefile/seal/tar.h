/* SPDX-License-Identifier: Apache-2.0 */
/* A deterministic POSIX ustar archive in memory (fixed owner, mode and time). */
#ifndef LL_CASEFILE_TAR_H
#define LL_CASEFILE_TAR_H

#include "core/compat.h"

struct ll_buf;

/*
 * Appends one regular file: mode 0644, uid/gid 0, no owner names, mtime
 * `mtime` (seconds). `name` must fit ustar (prefix 155 + name 100).
 */
int ll_tar_add(struct ll_buf *tar, const char *name, const void *data,
	       size_t len, int64_t mtime);
/* The two zero blocks that end an archive. */
int ll_tar_finish(struct ll_buf *tar);

#endif
