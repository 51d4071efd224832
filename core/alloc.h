/* SPDX-License-Identifier: Apache-2.0 */
/* Overflow-checked allocation that tests can make fail on the Nth call. */
#ifndef LL_CORE_ALLOC_H
#define LL_CORE_ALLOC_H

#include "core/compat.h"

void *ll_malloc(size_t size);
void *ll_calloc(size_t n, size_t size);
/* Returns NULL (and leaves `ptr` valid) on failure or n*size overflow. */
void *ll_reallocarray(void *ptr, size_t n, size_t size);
/*
 * `size` bytes at an address that is a multiple of `align` (a power of two,
 * at least sizeof(void *)): buffers for O_DIRECT I/O. Freed with ll_free.
 */
void *ll_malloc_aligned(size_t align, size_t size);
char *ll_strdup(const char *s);
char *ll_strndup(const char *s, size_t n);
void ll_free(void *ptr);

/*
 * Test hook (curl "torture"): the `n`th allocation from now fails (1 = the
 * next one); 0 disables. Counts only ll_* allocations.
 */
void ll_alloc_fail_at(unsigned long n);

#endif
