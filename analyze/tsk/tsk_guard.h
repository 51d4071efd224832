/* SPDX-License-Identifier: Apache-2.0 */
/* An address-space cap around libtsk calls (hostile file systems, issue 4). */
#ifndef LL_ANALYZE_TSK_GUARD_H
#define LL_ANALYZE_TSK_GUARD_H

#include "core/compat.h"

#include <sys/resource.h>

/* Address space allowed on top of what the process maps, before the share of the file system. */
#define LL_TSK_GUARD_BASE (UINT64_C(1) << 30)

/*
 * libtsk allocates (and zeroes) whatever size a directory or table claims:
 * a 5 KiB hostile ext2 makes it ask for 2.8 GB. While the guard is on, the
 * soft RLIMIT_AS is the current address space plus a budget, so such an
 * allocation fails at once; libtsk reports TSK_ERR_AUX_MALLOC and the walk
 * goes on or stops. Process-wide: only while no other thread allocates.
 * Where the limit is fixed already (soft = hard: a reader worker's), the
 * guard leaves it and only records it (g->fixed) for the message.
 * Does nothing under sanitizers (see ll_tsk_guard_supported).
 */
struct ll_tsk_guard {
	bool active;
	uint64_t budget;
	uint64_t fixed; /* the process's own limit (soft = hard) left in place, 0 if none */
	struct rlimit old;
};

/* The budget for a file system of `fs_bytes` bytes. */
uint64_t ll_tsk_guard_budget(uint64_t fs_bytes);
void ll_tsk_guard_on(struct ll_tsk_guard *g, uint64_t budget);
/* Restores the previous limit. */
void ll_tsk_guard_off(struct ll_tsk_guard *g);
/* False in sanitizer builds, where the cap would break the runtime. */
bool ll_tsk_guard_supported(void);

#endif
