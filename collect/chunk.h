/* SPDX-License-Identifier: Apache-2.0 */
/* EWF chunk packing: deflate (zlib format) or stored with an Adler-32, chosen per chunk. */
#ifndef LL_COLLECT_CHUNK_H
#define LL_COLLECT_CHUNK_H

#include "core/compat.h"

#include <pthread.h>

enum ll_compression { LL_COMPRESS_NONE = 0, LL_COMPRESS_FAST = 1, LL_COMPRESS_BEST = 2 };

/* One packed chunk as libewf_handle_write_chunk wants it. */
struct ll_chunk {
	const uint8_t *ptr; /* compressed bytes, or the media bytes when stored */
	uint32_t size;      /* bytes at ptr */
	uint32_t data_size; /* media bytes it stands for */
	uint32_t checksum;  /* Adler-32 of the media bytes (stored) or the zlib trailer read LE */
	bool compressed;
};

struct ll_chunker {
	enum ll_compression level;
	size_t chunk_size;
	uint8_t *zero_z;  /* the all-zero chunk, compressed once */
	size_t zero_z_len;
	pthread_mutex_t mu;
	void **pool;      /* idle compressors (one per worker at most) */
	size_t npool, cap;
};

int ll_chunker_init(struct ll_chunker *c, enum ll_compression level,
		    size_t chunk_size);
void ll_chunker_release(struct ll_chunker *c);

/*
 * Packs `len` (<= chunk_size) media bytes. `scratch` holds chunk_size bytes
 * and receives compressed output; out->ptr points into `data`, `scratch` or
 * the shared zero chunk. Safe to call from several threads at once.
 */
int ll_chunker_pack(struct ll_chunk *out, struct ll_chunker *c,
		    const uint8_t *data, size_t len, uint8_t *scratch);

/* True when all `len` bytes are zero (64 bytes a step: sparse media are common). */
bool ll_chunk_all_zero(const uint8_t *p, size_t len);

#endif
