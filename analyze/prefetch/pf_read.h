/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A Prefetch file into events, wherever its bytes come from: a loose file
 * (prefetch_reader.c) or a file inside a disk image (pf_image.c).
 */
#ifndef LL_ANALYZE_PF_READ_H
#define LL_ANALYZE_PF_READ_H

#include "core/compat.h"

#include "analyze/prefetch/pf_header.h"
#include "analyze/prefetch/pf_info.h"
#include "analyze/prefetch/scca_lib.h"
#include "analyze/source.h"

/* The file's first bytes, its size, and why libscca refused it (when it did). */
struct ll_pf_raw {
	uint8_t head[LL_PF_HEADER_MAX];
	size_t hlen;
	uint64_t size;
	char refused[512];
};

/* Where the events come from. */
struct ll_pf_where {
	const char *label;	/* names the file in warnings */
	const char *path;	/* the events' path */
	const char *loc_prefix; /* before "prefetch=…;run=…": "" or the image's "part_offset=…;inode=…;" */
	const char *name;	/* the file's own name, for the locator */
};

/* libscca's innermost message (the cause), on one line; frees *e. */
void ll_pf_scca_err(char *out, size_t n, libscca_error_t **e);

/*
 * Everything libscca gives of the open file `f` into `pi`. A loaded file or
 * volume it cannot give is warned (naming `label`) and skipped; a failure
 * of the header's own values is LL_ECORRUPT.
 */
int ll_pf_read_scca(struct ll_pf_info *pi, libscca_file_t *f, struct ll_source_ctx *ctx,
		    const char *label);

/*
 * libscca refused the file: an uncompressed file whose header is whole
 * keeps its runs (files loaded and volumes lost, one rejected record, a
 * warning naming the offset); anything else is LL_ECORRUPT naming the
 * offset and libscca's cause.
 */
int ll_pf_fallback(struct ll_pf_info *pi, const struct ll_pf_raw *o, struct ll_source_ctx *ctx,
		   const char *label);

/* One program-execution event per run time that is set. */
int ll_pf_emit(const struct ll_pf_info *pi, struct ll_source_ctx *ctx, const struct ll_pf_where *w);

#endif
