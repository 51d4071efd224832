/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Prefetch files inside a disk image (issue #19 item 7): the image reader
 * reads Windows/Prefetch/<name>.pf from the walked file system (nothing is
 * extracted) and hands the bytes here, in its worker, after its lock-down.
 */
#ifndef LL_ANALYZE_PF_IMAGE_H
#define LL_ANALYZE_PF_IMAGE_H

#include "core/compat.h"

#include <stddef.h>
#include <stdint.h>

#include "analyze/source.h"

/* The largest Prefetch file read from an image (real ones are under 1 MiB). */
#define LL_PF_IMAGE_MAX ((size_t)16 << 20)

/*
 * Loads libscca and its libbfio before the worker's lock-down (the image
 * reader's prepare): dlopen cannot open a file after it. A missing library
 * is said when a Prefetch file is found.
 */
void ll_pf_image_preload(void);

/*
 * One Prefetch file found in the image: its volume (offset, pool block, store),
 * its inode (as fls prints it), its path in the file system, and its bytes
 * (`data` NULL when they could not be read, else followed by
 * LL_TSK_ARTEFACT_SLACK zero bytes, tsk_walk.h, and read in place; `size`
 * the file's size). Its
 * runs become events with the locator "part_offset=…[;pool_block=…]
 * [;vss_store=…][;bde=1];inode=…;prefetch=<name>;run=<i>". A file that cannot be read is a
 * warning and a rejected record, never the image's failure; < 0 only for
 * what stops the reader (memory, storage).
 */
int ll_pf_image_read(struct ll_source_ctx *ctx, const struct ll_source_volume *vol,
		     const char *inode, const char *path, const uint8_t *data, size_t len,
		     uint64_t size);

#endif
