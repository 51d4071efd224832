/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes a loose $MFT's FILE record (analyze/usn/mft_record.c): the input
 * is cut into records of the size the first one says (else 1 KiB); every
 * name handed out lies whole inside its record, in whole UTF-16 units, its
 * parent reference within 48 bits; a record that passed has its sector
 * ends put back from the update sequence array.
 */
#include "core/compat.h"

#include "analyze/usn/mft_record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t rec[LL_MFT_RECORD_MAX];
	uint32_t rs = LL_MFT_RECORD_MIN;

	if (ll_mft_record_size(&rs, data, size) < 0)
		rs = LL_MFT_RECORD_MIN;
	for (size_t off = 0; off + rs <= size && off < 64 * (size_t)rs; off += rs) {
		struct ll_mft_record m;

		memcpy(rec, data + off, rs);
		if (ll_mft_record_parse(&m, rec, rs, off) < 0)
			continue;
		if (m.has_name && (m.name < rec || m.name_len == 0 || m.name_len % 2 ||
				   m.name + m.name_len > rec + rs))
			__builtin_trap();
		if (m.parent >> 48)
			__builtin_trap();
	}
	return 0;
}
