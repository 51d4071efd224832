/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VMDK sets among an item's files: a descriptor file ("# Disk
 * DescriptorFile") and the extents it names (monolithicFlat, split sparse
 * or flat), collected together, are one disk, read from the descriptor.
 * Names alone cannot say it (disk.vmdk, disk-flat.vmdk): the descriptor's
 * extent lines do.
 */
#ifndef LL_ANALYZE_VDISK_SETS_H
#define LL_ANALYZE_VDISK_SETS_H

#include "core/compat.h"

struct ll_case;
struct ll_evidence;

/*
 * Calls fn(name, sectors, line, payload) for each extent named in the
 * descriptor text data[0..len) (lines "RW|RDONLY|NOACCESS <sectors> <type>
 * \"<name>\" …"; sectors 0 when not a number, line from 1), name
 * NUL-terminated and borrowed for the call. Stops at a NUL byte. Returns
 * the number of extent lines seen.
 */
typedef void (*ll_vmdk_extent_fn)(const char *name, uint64_t sectors, size_t line,
				  void *payload);
size_t ll_vmdk_descriptor_extents(const uint8_t *data, size_t len, ll_vmdk_extent_fn fn,
				  void *payload);

/*
 * Updates map (one entry per file of ev, as ll_segments_map makes it):
 * each file that a descriptor file of the item names as an extent maps to
 * that descriptor. Reads the first 64 KiB of each file that may be a
 * descriptor (at most 64 KiB long). Never fails: an unreadable file names
 * no extents.
 */
void ll_vdisk_sets_map(size_t *map, const struct ll_case *cs, const struct ll_evidence *ev);

/*
 * Updates map as ll_vdisk_sets_map does for differencing disks (QCOW,
 * VMDK, VHD): each parent layer maps to the child at the top of its chain
 * (vdisk_chain_map.c). Called by ll_vdisk_sets_map.
 */
void ll_vdisk_chain_map(size_t *map, const struct ll_case *cs, const struct ll_evidence *ev);

/*
 * The descriptor whose extents file `index` of ev is, or SIZE_MAX (not
 * an extent of a descriptor of the item).
 */
size_t ll_vdisk_descriptor_of(const struct ll_case *cs, const struct ll_evidence *ev,
			      size_t index);

#endif
