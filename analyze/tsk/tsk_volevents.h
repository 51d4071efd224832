/* SPDX-License-Identifier: Apache-2.0 */
/* Events of shadow copy stores and BitLocker volumes (private to analyze/tsk/). */
#ifndef LL_ANALYZE_TSK_VOLEVENTS_H
#define LL_ANALYZE_TSK_VOLEVENTS_H

#include "core/compat.h"
#include "analyze/source.h"
#include "analyze/tsk/tsk_walk.h"

/* One event per store: its creation time, identifiers (source "vss"). */
int ll_tsk_vss_event(struct ll_source_ctx *ctx, const struct ll_tsk_vss_store *s);
/* One event per BitLocker volume with a creation time (source "bde"), else a warning. */
int ll_tsk_bde_event(struct ll_source_ctx *ctx, const struct ll_tsk_bde_info *b,
		     unsigned sector_size);

/*
 * Loads libbfio, libvshadow and libbde now (a worker cannot after its
 * lock-down); one that is missing is said when a volume needs it.
 */
void ll_tsk_vol_preload(void);

#endif
