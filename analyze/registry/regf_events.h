/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A hive's events, wherever the hive is: the loose reader (regf_reader.c)
 * and the disk-image reader (regf_image.c, issue #19 item 7) give the same
 * events for the same hive; only where they say it is differs.
 */
#ifndef LL_ANALYZE_REGF_EVENTS_H
#define LL_ANALYZE_REGF_EVENTS_H

#include "core/compat.h"

#include <stddef.h>
#include <stdint.h>

#include "analyze/source.h"

struct ll_regf_where {
	const char *label;      /* names the hive in warnings */
	const char *hive;       /* the locator's hive=…: the file, or the path inside the image */
	const char *path;       /* the events' path */
	const char *loc_prefix; /* before "hive=…": "" or the image's "part_offset=…;inode=…;" */
	const uint8_t *data;    /* the hive's bytes (inside an image), else NULL */
	size_t len;
};

/*
 * The events of the hive in w->data (w->len bytes, which outlive the call),
 * read by libregf from memory (libregf and its libbfio loaded before any
 * lock-down): every key's last-written time, the interpreted facts, and
 * the cells libregf could not reach. A hive libregf refuses is a warning
 * and a cell scan. < 0 only for what stops the reader (memory, storage).
 */
int ll_regf_events_mem(struct ll_source_ctx *ctx, const struct ll_regf_where *w);

#endif
