/* SPDX-License-Identifier: Apache-2.0 */
/* The "tsk" reader (disk images through libtsk) for the reader registry. */
#ifndef LL_ANALYZE_TSK_SOURCE_H
#define LL_ANALYZE_TSK_SOURCE_H

#include "core/compat.h"

#include "analyze/source.h"

/* Content sniffing: EWF, GPT, DOS partition table, NTFS/exFAT/FAT/ext/HFS/APFS/ISO, LVM2. */
int ll_tsk_probe(const uint8_t *head, size_t len, uint64_t file_size);

extern const struct ll_source_kind ll_source_tsk;

#endif
