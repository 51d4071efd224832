/* SPDX-License-Identifier: Apache-2.0 */
/*
 * QCOW2 version 3 marks a cluster "reads as zeros" with bit 0 of its L2
 * entry (qemu-img writes them: a child over a base whose cluster is not
 * zero, discards, write-zeroes). libqcow 20201213 (Debian 12) ignores the
 * flag and reads the host offset the entry holds (0 for most: the file's
 * own header) in place of zeros. Such an image is found here, from its
 * bytes, before libqcow reads it: it is refused, not walked wrong.
 */
#ifndef LL_ANALYZE_TSK_QCOW_ZERO_H
#define LL_ANALYZE_TSK_QCOW_ZERO_H

#include "core/compat.h"
#include "analyze/vdisk_parent.h"

/*
 * 0 when the QCOW read through fn (size bytes) has no cluster marked
 * zero, or is not version 3; LL_EUNSUPPORTED naming label, the virtual
 * offset of the first such cluster and its L2 entry's file offset
 * (tables past the end are skipped: the read pass names a file cut short).
 */
int ll_qcow_zero_clusters(ll_vdisk_read_fn fn, void *payload, uint64_t size, const char *label);

/* The same for the file at path. */
int ll_qcow_zero_clusters_file(const char *path);

#endif
