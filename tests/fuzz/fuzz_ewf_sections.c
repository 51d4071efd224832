/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: an E01 segment file's section chain checked from memory (collect/ewf_sections.c). */
#include "core/compat.h"

#include <stdlib.h>

#include "collect/ewf_sections.h"
#include "core/error.h"

#include "fuzz_mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Input: the bytes of one segment file. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ll_ewf_sections st;
	struct mem m = { data, size };
	int rc = ll_ewf_sections_check(&st, mem_read64, &m, size);

	/* damage is LL_EVERIFY, a non-E01 LL_EUNSUPPORTED: nothing else, never a crash */
	if (rc != 0 && rc != LL_EVERIFY && rc != LL_EUNSUPPORTED && rc != LL_ENOMEM)
		__builtin_trap();
	if (rc == LL_EVERIFY && !strstr(ll_error_message(), "E01"))
		__builtin_trap(); /* the message says what and where */
	return 0;
}
