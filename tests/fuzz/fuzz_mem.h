/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fuzz input as a file in memory, read through the virtual-disk readers'
 * callback (ll_vdisk_read_fn: short at the end, 0 past it), for the targets
 * whose parser reads a disk image by offset (fuzz_vdisk_parent.c,
 * fuzz_vhd_blocks.c).
 */
#ifndef LL_TESTS_FUZZ_MEM_H
#define LL_TESTS_FUZZ_MEM_H

#include "core/compat.h"

#include <stdint.h>
#include <string.h>

struct mem {
	const uint8_t *p;
	size_t n;
};

static ssize_t mem_read(void *payload, uint64_t off, void *buf, size_t len)
{
	const struct mem *m = payload;

	if (off >= m->n)
		return 0;
	if (len > m->n - off)
		len = m->n - (size_t)off;
	memcpy(buf, m->p + off, len);
	return (ssize_t)len;
}

#endif
