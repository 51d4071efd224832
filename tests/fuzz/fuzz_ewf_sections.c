/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: an E01 segment file's section chain checked from memory (collect/ewf_sections.c). */
#include "core/compat.h"

#include <stdlib.h>

#include "collect/ewf_sections.h"
#include "core/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct mem {
	const uint8_t *p;
	size_t n;
};

static int64_t read_at(void *payload, uint64_t off, void *buf, size_t len)
{
	const struct mem *m = payload;

	if (off >= m->n)
		return 0;
	if (len > m->n - off)
		len = (size_t)(m->n - off);
	memcpy(buf, m->p + off, len);
	return (int64_t)len;
}

/* Input: the bytes of one segment file. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ll_ewf_sections st;
	struct mem m = { data, size };
	int rc = ll_ewf_sections_check(&st, read_at, &m, size);

	/* damage is LL_EVERIFY, a non-E01 LL_EUNSUPPORTED: nothing else, never a crash */
	if (rc != 0 && rc != LL_EVERIFY && rc != LL_EUNSUPPORTED && rc != LL_ENOMEM)
		__builtin_trap();
	if (rc == LL_EVERIFY && !strstr(ll_error_message(), "E01"))
		__builtin_trap(); /* the message says what and where */
	return 0;
}
