/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: one E01 chunk as libewf hands it out raw, inflated and checked for verification. */
#include "core/compat.h"

#include <stdlib.h>

#include "collect/ewf_chunks.h"
#include "core/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Input: a flags byte (bit 0: compressed; bits 1-3: chunk size 512 << n),
 * the stored Adler-32 (4 bytes, little-endian), the media bytes expected
 * (2 bytes, little-endian, at most the chunk size), then the chunk's bytes.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ll_ewf_chunk c = { 0 };
	static void *dec;
	size_t chunk_size;
	uint8_t *out;
	int rc;

	if (size < 7)
		return 0;
	if (!dec && !(dec = ll_ewf_decompressor_new()))
		return 0;
	chunk_size = (size_t)512 << ((data[0] >> 1) & 7);
	c.compressed = data[0] & 1;
	c.checksum = (uint32_t)data[1] | (uint32_t)data[2] << 8 | (uint32_t)data[3] << 16 |
		     (uint32_t)data[4] << 24;
	c.want = ((size_t)data[5] | (size_t)data[6] << 8) % (chunk_size + 1);
	c.index = 3;
	c.media_off = 3 * chunk_size;
	c.raw = data + 7;
	c.raw_len = size - 7;
	/* Exactly the chunk size, so a write past it is caught by ASan. */
	if (!(out = malloc(chunk_size)))
		return 0;
	rc = ll_ewf_chunk_unpack(out, chunk_size, dec, &c);
	if (rc != 0 && rc != LL_EVERIFY)
		__builtin_trap(); /* a damaged chunk is a verification failure, nothing else */
	if (rc == LL_EVERIFY && !strstr(ll_error_message(), "E01 chunk 3 (media offset"))
		__builtin_trap(); /* and the message names the chunk */
	if (rc == 0 && !c.compressed && memcmp(out, c.raw, c.raw_len))
		__builtin_trap();
	free(out);
	return 0;
}
