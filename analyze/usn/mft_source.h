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
 * The $MFT of the journal's own volume (issue #19): a triage collection
 * (KAPE's `C/$MFT`, `C/$Extend/$UsnJrnl%3A$J`, `D/$MFT`, ...) holds one
 * $MFT and one $J per volume, so the journal ctx->rel_path is paired with
 * the $MFT of the nearest folder above it (its own first) that holds one,
 * never with another volume's. Into out[0..*n): the absolute paths (free
 * each with ll_free) of the candidates at that level, case-relative names
 * in rel[] (borrowed from ctx->ev): 0 (none: the records keep their
 * names), 1 (the pair) or 2 (two at one level: the caller refuses to
 * guess and names both). ctx->cs and ctx->ev: in-process, or the parent
 * of a worker. < 0 for memory.
 */
#define LL_MFT_SOURCE_CANDIDATES 2
int ll_mft_source_find(char *out[LL_MFT_SOURCE_CANDIDATES], const char *rel[LL_MFT_SOURCE_CANDIDATES],
		       size_t *n, const struct ll_source_ctx *ctx);

/*
 * The pairing itself, on names only: the indices in ev->files of the
 * candidates for the journal named `rel` (as above: 0, 1 or 2 of them,
 * the file `rel` itself never one). Pure.
 */
struct ll_evidence;
size_t ll_mft_source_pair(size_t idx[LL_MFT_SOURCE_CANDIDATES], const struct ll_evidence *ev,
			  const char *rel);

/* Whether the case-relative path `rel` names a $MFT (its base name, any case). */
bool ll_mft_source_named(const char *rel);

/*
 * A source over the $MFT open at `fd` (taken: closed by free, also on
 * failure), named `rel` in messages. Reads record 0 for the record size:
 * LL_ECORRUPT naming the file when it gives none, LL_ENOMEM.
 */
int ll_mft_source_open(struct ll_mft_source **out, int fd, const char *rel);
void ll_mft_source_free(struct ll_mft_source *s);

/*
 * The FILE record of `entry` into `r` (its name in the source's buffer,
 * valid until the next read): 0, or < 0 when the entry cannot be read
 * (past the file's end, cut short, no FILE record, damaged).
 */
struct ll_mft_record;
int ll_mft_source_record(struct ll_mft_source *s, uint64_t entry, struct ll_mft_record *r);

/* Its name in messages (the `rel` it was opened with). */
const char *ll_mft_source_name(const struct ll_mft_source *s);

/* Its walk, the payload of ll_usn_walk_resolve. */
struct ll_usn_walk *ll_mft_source_walk(struct ll_mft_source *s);

#endif
