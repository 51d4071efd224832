/* SPDX-License-Identifier: Apache-2.0 */
/* Allocation wrappers with a failure-injection counter for tests. */
#include "core/compat.h"
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>

static _Thread_local unsigned long fail_at;

void ll_alloc_fail_at(unsigned long n)
{
	fail_at = n;
}

static bool should_fail(void)
{
	if (fail_at == 0)
		return false;
	if (--fail_at == 0)
		return true;
	return false;
}

void *ll_malloc(size_t size)
{
	if (should_fail())
		return NULL;
	return malloc(size ? size : 1);
}

void *ll_malloc_aligned(size_t align, size_t size)
{
	void *p = NULL;

	if (should_fail())
		return NULL;
	if (posix_memalign(&p, align, size ? size : 1) != 0)
		return NULL;
	return p;
}

void *ll_calloc(size_t n, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(n ? n : 1, size ? size : 1);
}

void *ll_reallocarray(void *ptr, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	if (should_fail())
		return NULL;
	return realloc(ptr, n * size != 0 ? n * size : 1);
}

char *ll_strdup(const char *s)
{
	return ll_strndup(s, strlen(s));
}

char *ll_strndup(const char *s, size_t n)
{
	char *p;
	size_t len = strnlen(s, n);

	if (!(p = ll_malloc(len + 1)))
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void ll_free(void *ptr)
{
	free(ptr);
}
