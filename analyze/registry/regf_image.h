/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Registry hives inside a disk image (issue #19 items 4 and 7): the image
 * reader reads Windows/System32/config/SYSTEM and SOFTWARE and each user's
 * NTUSER.DAT from the walked file system (nothing is extracted) and hands
 * the bytes here, in its worker, after its lock-down. The events are the
 * loose reader's (regf_events.h), with the image's file locator first.
 */
#ifndef LL_ANALYZE_REGF_IMAGE_H
#define LL_ANALYZE_REGF_IMAGE_H

#include "core/compat.h"

#include <stddef.h>
#include <stdint.h>

#include "analyze/source.h"

/*
 * The largest hive read from an image: a SOFTWARE hive of a long-lived
 * server reaches a few hundred MiB; the worker holds it whole, once.
 */
#define LL_REGF_IMAGE_MAX ((uint64_t)512 << 20)

/* Which hive a file of the image is: its directory (fls's a_path, "dir/") and name. */
bool ll_regf_image_is_hive(const char *dir, const char *name);

/*
 * Loads libregf and its libbfio before the worker's lock-down (the image
 * reader's prepare): dlopen cannot open a file after it. A missing library
 * is said when a hive is found.
 */
void ll_regf_image_preload(void);

/*
 * One hive found in the image: its volume (offset, pool block, store), its
 * inode (as fls prints it), its path in the file system, and its bytes
 * (`data` NULL when they could not be read, else followed by
 * LL_TSK_ARTEFACT_SLACK zero bytes, tsk_walk.h; `size` the file's size). Its
 * keys become events with the locator "part_offset=…[;pool_block=…]
 * [;vss_store=…][;bde=1];inode=…;hive=<path>;key=…". A hive that cannot be read is a warning and
 * a rejected record, never the image's failure; < 0 only for what stops
 * the reader (memory, storage).
 */
int ll_regf_image_read(struct ll_source_ctx *ctx, const struct ll_source_volume *vol,
		       const char *inode, const char *path, const uint8_t *data, size_t len,
		       uint64_t size);

#endif
