/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A loose $MFT as the record source of a loose $J's paths (issue #19): a
 * responder who collected the files $MFT and $J rather than the disk gets
 * the same full paths as inside an image. The $MFT is found among the
 * files of the journal's own item (named "$MFT", any case) and read one
 * FILE record at a time, by offset (mft_record.h): a $MFT of gigabytes is
 * never loaded whole; the walk's map (usn_path.h) bounds what is kept.
 */
#ifndef LL_ANALYZE_USN_MFT_SOURCE_H
#define LL_ANALYZE_USN_MFT_SOURCE_H

#include "core/compat.h"

#include <stddef.h>

#include "analyze/source.h"
#include "analyze/usn/usn_path.h"

struct ll_mft_source;

/*
 * The absolute path of the $MFT beside the journal ctx->path in its item
 * (ctx->cs and ctx->ev: in-process, or the parent of a worker) into *out
 * (free with ll_free; NULL when the item holds none). < 0 for memory.
 */
int ll_mft_source_find(char **out, const struct ll_source_ctx *ctx);

/* Whether the case-relative path `rel` names a $MFT (its base name, any case). */
bool ll_mft_source_named(const char *rel);

/*
 * A source over the $MFT open at `fd` (taken: closed by free, also on
 * failure), named `rel` in messages. Reads record 0 for the record size:
 * LL_ECORRUPT naming the file when it gives none, LL_ENOMEM.
 */
int ll_mft_source_open(struct ll_mft_source **out, int fd, const char *rel);
void ll_mft_source_free(struct ll_mft_source *s);

/* Its walk, the payload of ll_usn_walk_resolve. */
struct ll_usn_walk *ll_mft_source_walk(struct ll_mft_source *s);

#endif
