/* SPDX-License-Identifier: Apache-2.0 */
/* The pipeline's producer: reads a source in blocks, retrying and zero-filling bad sectors. */
#ifndef LL_COLLECT_BLOCK_READER_H
#define LL_COLLECT_BLOCK_READER_H

#include "core/compat.h"

#include <signal.h>

#include "collect/pipeline.h"
#include "collect/sink.h"

struct ll_source;

typedef void (*ll_progress_fn)(void *payload, uint64_t done);

struct ll_block_reader {
	struct ll_source *src;
	uint64_t off;                 /* bytes produced so far */
	bool recover;                 /* zero-fill unreadable sectors (else fail) */
	unsigned retries;             /* extra attempts before giving a sector up */
	volatile sig_atomic_t *stop;
	ll_progress_fn progress;
	void *progress_payload;
	struct ll_range *errs;        /* unreadable ranges, sorted, merged */
	size_t nerrs, cap;
	uint64_t unreadable;          /* bytes zero-filled */
	uint32_t pad_to;              /* pad the end with zeros to a multiple (E01 sectors) */
	uint64_t padded;              /* zero bytes added at the end */
};

/* The ll_produce_fn for ll_pipe_run, `ctx` being a struct ll_block_reader. */
int ll_block_reader_produce(void *ctx, struct ll_block *b, size_t cap);

void ll_block_reader_release(struct ll_block_reader *r);

struct ll_media_hashes;

/*
 * Reads all of `src` through the pipeline and computes its three hashes
 * (verification of an image: read errors are failures, not zero-filled).
 * E01 media comes from its raw chunks, inflated in parallel
 * (ll_ewf_hash_chunks), unless that path declines the image.
 */
int ll_source_hash(struct ll_media_hashes *out, uint64_t *size_out,
		   struct ll_source *src, volatile sig_atomic_t *stop,
		   ll_progress_fn progress, void *payload);

/* The same through src->ops->read only (for E01: libewf_handle_read_random). */
int ll_source_hash_reads(struct ll_media_hashes *out, uint64_t *size_out,
			 struct ll_source *src, volatile sig_atomic_t *stop,
			 ll_progress_fn progress, void *payload);

#endif
