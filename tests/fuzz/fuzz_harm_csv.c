/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: the strict CSV reader and the hospital CSV schemas, through to storage. */
#include "core/compat.h"

#include "analyze/harm/harm_csv.h"
#include "fuzz_harm_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_harm_run(ll_harm_csv_import, data, size);
	return 0;
}
