/* SPDX-License-Identifier: Apache-2.0 */
/* Little-endian decoders for fixed on-disk layouts already bounds-checked as a whole. */
#ifndef LL_CORE_ENDIAN_H
#define LL_CORE_ENDIAN_H

#include "core/compat.h"

#include <stdint.h>

/*
 * Decode the little-endian integer at `p`. The caller has checked that the
 * whole layout `p` points into lies inside its buffer (libewf's "layout as a
 * byte array"); for a walk over untrusted bytes use struct ll_reader.
 */
static inline uint16_t ll_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t ll_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t ll_le64(const uint8_t *p)
{
	return (uint64_t)ll_le32(p) | (uint64_t)ll_le32(p + 4) << 32;
}

#endif
