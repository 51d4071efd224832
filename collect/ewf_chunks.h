/* SPDX-License-Identifier: Apache-2.0 */
/* Fast E01 verification: raw chunks read in order, inflated and checked by worker threads. */
#ifndef LL_COLLECT_EWF_CHUNKS_H
#define LL_COLLECT_EWF_CHUNKS_H

#include "core/compat.h"

#include <signal.h>

#include "collect/block_reader.h"

struct ll_media_hashes;
struct ll_source;

/* One chunk as libewf_handle_read_chunk returned it. */
struct ll_ewf_chunk {
	const uint8_t *raw;  /* a zlib stream, or the stored media bytes */
	size_t raw_len;
	bool compressed;
	uint32_t checksum;   /* stored chunks: the Adler-32 that followed them */
	uint64_t index;      /* chunk number, from 0 */
	uint64_t media_off;  /* index * chunk size */
	size_t want;         /* media bytes this chunk must give (less for the last) */
};

/*
 * Inflates or copies chunk `c` into `out` (room for `chunk_size` bytes) and
 * checks it: the zlib Adler-32 of a compressed chunk, the stored Adler-32 of
 * an uncompressed one, and that it holds `want` to `chunk_size` bytes (`want`
 * is the chunk size for all but the last chunk). Returns 0, or LL_EVERIFY with a message
 * naming the chunk and its media offset. `dec` is from
 * ll_ewf_decompressor_new (one per thread).
 */
int ll_ewf_chunk_unpack(uint8_t *out, size_t chunk_size, void *dec,
			const struct ll_ewf_chunk *c);

void *ll_ewf_decompressor_new(void);
void ll_ewf_decompressor_free(void *dec);

/* What the fast path did, for tests and benchmarks. */
struct ll_ewf_chunk_stats {
	uint64_t chunks, compressed, stored;
	size_t chunk_size;
	char why[256];       /* why it declined, "" when it ran */
};

/*
 * Hashes the media of an E01 source (ll_source_open_ewf) from its raw
 * chunks. Returns 0 with the hashes, a negative error (LL_EVERIFY when a
 * chunk fails its check), or 1 when it declines the image (stats->why says
 * why; nothing has been hashed then, use ll_source_hash_reads).
 */
int ll_ewf_hash_chunks(struct ll_media_hashes *out, uint64_t *size_out,
		       struct ll_ewf_chunk_stats *stats, struct ll_source *src,
		       volatile sig_atomic_t *stop, ll_progress_fn progress,
		       void *payload);

#endif
