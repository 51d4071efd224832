/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fuzz input as a file in memory, read by offset (short at the end, 0
 * past it): mem_read as the virtual-disk readers' callback
 * (ll_vdisk_read_fn: fuzz_vdisk_parent.c, fuzz_vhd_blocks.c), mem_read64 as
 * the readers' whose callback returns int64_t (fuzz_ewf_sections.c,
 * fuzz_regf.c, fuzz_evtx.c).
 */
#ifndef LL_TESTS_FUZZ_MEM_H
#define LL_TESTS_FUZZ_MEM_H

#include "core/compat.h"

#include <stdint.h>
#include <string.h>
#include <sys/types.h>

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

static inline int64_t mem_read64(void *payload, uint64_t off, void *buf, size_t len)
{
	return (int64_t)mem_read(payload, off, buf, len);
}

#endif
