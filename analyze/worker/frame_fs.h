/* SPDX-License-Identifier: Apache-2.0 */
/* File-system row frames (0x0100..0x01ff): the tsk reader's fs_volumes and fs_entries rows. */
#ifndef LL_ANALYZE_WORKER_FRAME_FS_H
#define LL_ANALYZE_WORKER_FRAME_FS_H

#include "core/compat.h"
#include "core/buf.h"
#include "core/hostname.h"
#include "analyze/tsk/tsk_walk.h"

/* Bytes of an FS_ZONE's text. */
#define LL_FRAME_FS_ZONE_MAX 511

struct ll_frame;
struct ll_frame_decoder;
struct ll_reader;

/*
 * The payload of FS_BEGIN, FS_ENTRY and FS_VOLUME (docs/formats/
 * worker-frames.md, "File-system rows"). FS_BEGIN announces the volume
 * (volume.offset, volume.pool_block, volume.fs_type) whose entries
 * follow; each FS_ENTRY names it again (entry.part_offset, pool_block,
 * fs_type) and is refused unless it is the announced one; FS_VOLUME is
 * the row of a volume after its walk, as ll_tsk_store_volume takes it.
 */
struct ll_frame_fs {
	struct ll_tsk_entry entry;
	struct ll_tsk_volume volume;
	uint32_t sector_size; /* FS_VOLUME */
	/*
	 * FS_HOSTNAME: the first `len` bytes of the /etc/hostname of the
	 * volume at offset/pool_block, a file of `size` bytes. Only sizes are
	 * checked by the decoder; the name's syntax by the parent's apply step
	 * (analyze/tsk/tsk_hostname.c), which refuses it with a warning.
	 */
	struct ll_frame_fs_hostname {
		uint64_t offset, pool_block, size;
		size_t len;
		uint8_t raw[LL_HOSTNAME_FILE_MAX];
	} hostname;
	/*
	 * FS_ZONE: the zone the local times of the volume at offset/pool_block
	 * were converted with (its own SYSTEM hive's rule, in words), for its
	 * fs_entries.tz and fs_volumes.tz.
	 */
	struct ll_frame_fs_zone {
		uint64_t offset, pool_block;
		char text[LL_FRAME_FS_ZONE_MAX + 1];
	} zone;
};

/* What the decoder remembers of a file's fs frames. */
struct ll_frame_fs_state {
	bool tsk;		      /* the open file is read by "tsk": only it sends fs rows */
	bool open;		      /* an FS_BEGIN was sent */
	uint64_t offset, pool_block;  /* … for this volume */
	char fs_type[65];	      /* … of this type */
	uint64_t entries;	      /* FS_ENTRY frames of it */
	uint64_t deleted;	      /* FS_ENTRY frames of the file whose name is not allocated */
};

/* The name of fs frame type `t` ("FS_ENTRY"), NULL when `t` is not one. */
const char *ll_frame_fs_name(unsigned t);
/* Appends the payload of fs frame `f` (sizes only are checked). */
int ll_frame_fs_put(struct ll_buf *out, const struct ll_frame *f);
/* Decodes and checks the payload of fs frame type f->type, field by field. */
int ll_frame_fs_decode(struct ll_frame *f, struct ll_frame_decoder *d, struct ll_reader *r);
/* The sequence state a frame that passed changes (FILE resets it). */
void ll_frame_fs_commit(struct ll_frame_decoder *d, const struct ll_frame *f);

#endif
