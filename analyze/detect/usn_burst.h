/* SPDX-License-Identifier: Apache-2.0 */
/* The encryption burst in the NTFS change journal's events (usn_burst.c). */
#ifndef LL_ANALYZE_DETECT_USN_BURST_H
#define LL_ANALYZE_DETECT_USN_BURST_H

#include "core/compat.h"

#include "analyze/detect/detect.h"

struct ll_store;

/* True for a record that counts toward a burst: an existing file rewritten, or renamed. */
bool ll_usn_burst_counts(uint32_t reason);

/*
 * Reads every item's 'usnjrnl' events and calls `cb` once per burst
 * (rule fs.usn_encryption_burst), with thresholds usn.window_s and
 * usn.min_files of `t`.
 */
int ll_usn_burst_run(struct ll_store *st, const struct ll_fs_thresholds *t, ll_finding_cb cb,
		     void *ctx);

#endif
