/* SPDX-License-Identifier: Apache-2.0 */
/* Private to analyze/tsk/: the fs_volumes and fs_entries tables, written as the walk goes. */
#ifndef LL_ANALYZE_TSK_TSK_STORE_H
#define LL_ANALYZE_TSK_TSK_STORE_H

#include "core/compat.h"

struct ll_frame;
struct ll_store;
struct ll_tsk_entry;
struct ll_tsk_volume;

/* The item's inserts, prepared once for the whole walk. */
struct ll_tsk_store;

/*
 * Prepares the inserts for item `evidence_id`; `tz` (the zone FAT's local
 * times were read in) is recorded with each volume and local-time entry.
 * Both strings are borrowed until ll_tsk_store_free.
 */
int ll_tsk_store_open(struct ll_tsk_store **out, struct ll_store *st,
		      const char *evidence_id, const char *tz);
/*
 * In a worker (no store): the same rows sent to the parent as fs frames
 * through `send` (struct ll_source_ctx's), which applies them with the
 * functions below.
 */
int ll_tsk_store_open_frames(struct ll_tsk_store **out,
			     int (*send)(void *payload, const struct ll_frame *f), void *payload);
/* One fs_entries row. */
int ll_tsk_store_entry(struct ll_tsk_store *ts, const struct ll_tsk_entry *e);
/* One fs_volumes row (replacing an earlier one at the same place). */
int ll_tsk_store_volume(struct ll_tsk_store *ts, const struct ll_tsk_volume *v,
			unsigned sector_size);
void ll_tsk_store_free(struct ll_tsk_store *ts);
/* True in a worker: rows are sent, not stored. */
bool ll_tsk_store_sends(const struct ll_tsk_store *ts);
/* A worker's FS_HOSTNAME frame (analyze/tsk/tsk_hostname.c decides when). */
struct ll_frame_fs_hostname;
int ll_tsk_store_send_hostname(struct ll_tsk_store *ts, const struct ll_frame_fs_hostname *h);
/* fs_volumes.hostname of the item's volume at offset/pool_block, a checked name. */
int ll_tsk_store_set_hostname(struct ll_tsk_store *ts, uint64_t offset, uint64_t pool_block,
			      const char *name);

/* Deletes the item's fs_entries and fs_volumes rows, for a clean re-run. */
/*
 * The zone the local (FAT) times of the volume at offset/pool_block were
 * converted with, when it is not the store's (the image's own SYSTEM hive
 * named it): its fs_entries' and fs_volumes' tz. After the volume's row; a
 * worker's store sends it (FS_ZONE), the parent's writes it.
 */
int ll_tsk_store_zone(struct ll_tsk_store *ts, uint64_t offset, uint64_t pool_block,
		      const char *zone);

int ll_tsk_store_clear(struct ll_store *st, const char *evidence_id);

#endif
