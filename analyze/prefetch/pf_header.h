/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Prefetch file header, read with the bounded byte reader: the
 * signature (the probe), the declared size (a truncation is named by its
 * offset) and, when libscca refuses a damaged uncompressed file, what the
 * header alone still says (executable, hash, run count, last run times).
 */
#ifndef LL_ANALYZE_PF_HEADER_H
#define LL_ANALYZE_PF_HEADER_H

#include "core/compat.h"

#include <stddef.h>
#include <stdint.h>

#include "analyze/prefetch/pf_info.h"

enum ll_pf_kind {
	LL_PF_NONE = 0,
	LL_PF_SCCA,	/* uncompressed: version at 0, "SCCA" at 4 */
	LL_PF_MAM,	/* Windows 10 compressed: "MAM\x04", uncompressed size at 4 */
};

/* Which kind of Prefetch file the first bytes are (never sets an error). */
enum ll_pf_kind ll_pf_kind(const uint8_t *head, size_t len);

/* Bytes of the header needed by ll_pf_header_read, whatever the version. */
#define LL_PF_HEADER_MAX 212

/*
 * The size an uncompressed file declares at offset 12 (0 when `len` < 16
 * or it is not SCCA); for MAM the uncompressed size at offset 4.
 */
uint32_t ll_pf_declared_size(const uint8_t *head, size_t len);

/*
 * Reads an uncompressed file's header from `data` (the file's first `len`
 * bytes) into `pi` (version, exe, hash, run count, run times; header_only
 * set). LL_ECORRUPT naming the offset when the bytes end before a field,
 * LL_EUNSUPPORTED naming the version when it is not 17, 23, 26 or 30.
 */
int ll_pf_header_read(struct ll_pf_info *pi, const uint8_t *data, size_t len);

#endif
