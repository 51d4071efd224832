/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Building on-disk layouts in tests: little-endian stores, and a file held
 * in memory read at an offset as the parsers' read callbacks are (short at
 * the end, 0 past it).
 */
#ifndef LL_TESTS_UNIT_BYTES_H
#define LL_TESTS_UNIT_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline void ll_unit_put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

static inline void ll_unit_put64(uint8_t *p, uint64_t v)
{
	ll_unit_put32(p, (uint32_t)v);
	ll_unit_put32(p + 4, (uint32_t)(v >> 32));
}

struct ll_unit_mem {
	const uint8_t *p;
	size_t n;
};

/* A read callback over a struct ll_unit_mem `arg`. */
static inline int64_t ll_unit_mem_read(void *arg, uint64_t off, void *buf, size_t n)
{
	const struct ll_unit_mem *m = arg;

	if (off >= m->n)
		return 0;
	if (n > m->n - off)
		n = (size_t)(m->n - off);
	memcpy(buf, m->p + off, n);
	return (int64_t)n;
}

#endif
