/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The parent a differencing VHDX names ([MS-VHDX] 2.0), for
 * analyze/vdisk_parent.c: the current of its two headers (the valid one,
 * by CRC-32C, with the higher sequence number: its DataWriteGuid is the
 * disk's identity), the region table's metadata region, the metadata
 * table's file parameters (HasParent) and parent locator (parent_linkage
 * and the paths). Every offset and length is checked against the file
 * and the structure that holds it before it is followed.
 */
#ifndef LL_ANALYZE_VDISK_VHDX_H
#define LL_ANALYZE_VDISK_VHDX_H

#include "core/compat.h"
#include "analyze/vdisk_parent.h"

/* Fills *out for a file that starts "vhdxfile" (ll_vdisk_parent_read's contract). */
int ll_vdisk_vhdx_parent(struct ll_vdisk_parent *out, ll_vdisk_read_fn fn, void *payload,
			 uint64_t size, const char *label);

/* UTF-16LE of n bytes as out->name (vdisk_parent.c: the checks every name gets). */
int ll_vdisk_utf16_name(struct ll_vdisk_parent *out, const char *label, const uint8_t *p,
			size_t n);

/* CRC-32C (Castagnoli, reflected, as MS-VHDX 2.2.2 and 2.2.3 use it) of n bytes. */
uint32_t ll_vdisk_crc32c(const uint8_t *p, size_t n);

#endif
