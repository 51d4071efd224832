/* SPDX-License-Identifier: Apache-2.0 */
/* The "tsk" reader (disk images through libtsk) for the reader registry. */
#ifndef LL_ANALYZE_TSK_SOURCE_H
#define LL_ANALYZE_TSK_SOURCE_H

#include "core/compat.h"

#include "analyze/source.h"

/* Content sniffing: EWF, GPT, DOS partition table, NTFS/exFAT/FAT/ext/HFS/APFS/ISO, LVM2. */
int ll_tsk_probe(const uint8_t *head, size_t len, uint64_t file_size);

extern const struct ll_source_kind ll_source_tsk;

/*
 * The absolute paths of the image segments a tsk read of ctx->path reads
 * (the parent's side of a worker, which hands them over): none when the
 * file is a later EWF segment, read with its set's first. Free with
 * ll_tsk_segments_free.
 */
int ll_tsk_segments(char ***out, size_t *n, struct ll_source_ctx *ctx);
void ll_tsk_segments_free(char **segs, size_t n);

/*
 * The BitLocker password of --bde-password-file: its first line (without
 * the line end) read into a buffer of this process, which o->bde_password
 * then points to; called by the process that walks, before its lock-down.
 * The secret is never echoed: an error names the file only. No-op when
 * o->bde_password_file is NULL or the password is already loaded.
 */
int ll_tsk_bde_password_load(struct ll_timeline_opts *o);

#endif
