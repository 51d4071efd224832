/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Keys found by scanning a hive's cells, for what libregf cannot reach: a
 * hive cut short (libregf refuses to open it) or a key list damaged (the
 * walk skips what lies below). Our own bounded parser of the regf layout
 * (base block, hive bins, cells, named-key cells), no library.
 */
#ifndef LL_ANALYZE_REGF_SALVAGE_H
#define LL_ANALYZE_REGF_SALVAGE_H

#include "core/compat.h"

#include <stddef.h>
#include <stdint.h>

#include "analyze/registry/regf_key.h"

#define LL_REGF_BASE_BLOCK 4096 /* the header before the hive bins */

struct ll_regf_salvage_ops {
	/*
	 * A key found: its path rebuilt from the parents' cells ("?\" first
	 * when an ancestor is missing), `offset` the file offset of its "nk"
	 * signature (as libregf's key offset), no values read. A negative
	 * return stops the scan with it.
	 */
	int (*key)(void *payload, const struct ll_regf_key *k, bool orphan);
	/* True for a key already read another way (the walk): not handed on. */
	bool (*seen)(void *payload, int64_t offset);
	/* Where the scan stopped or what it skipped, with the offset. */
	void (*warn)(void *payload, const char *msg);
};

/*
 * Scans `len` bytes of a hive file (named `name` in messages), which may be
 * shorter than its header says. Allocated named-key cells only (deleted keys
 * are not recovered). At most `max_keys` keys; *found counts those handed on.
 * Returns 0, LL_ENOMEM, a callback's error, or LL_ECORRUPT when the bytes are
 * not a hive (no "regf" base block).
 */
int ll_regf_salvage(uint64_t *found, const uint8_t *data, size_t len, const char *name,
		    uint64_t max_keys, const struct ll_regf_salvage_ops *ops, void *payload);

#endif
