/* SPDX-License-Identifier: Apache-2.0 */
/* Small file-system helpers shared by every module. */
#ifndef LL_CORE_FSUTIL_H
#define LL_CORE_FSUTIL_H

#include "core/compat.h"

#include <sys/types.h>

/* mkdir -p; existing directories are fine. */
int ll_mkdirs(const char *path, mode_t mode);

/*
 * Writes `len` bytes to a new file (O_EXCL: never overwrites) with `mode`,
 * fsyncs it, and removes it again on any failure.
 */
int ll_write_new_file(const char *path, mode_t mode, const void *data,
		      size_t len);

/*
 * rm -r of a tree this process wrote (a half-built output): symbolic links
 * are removed, never followed. A missing `path` is fine.
 */
int ll_rmtree(const char *path);

/* fsync of a directory, so a rename or create in it survives a crash. */
int ll_fsync_dir(const char *dir);

/* *out: bytes an unprivileged writer may still use on the file system of `dir`. */
int ll_fs_free_bytes(uint64_t *out, const char *dir);

#endif
