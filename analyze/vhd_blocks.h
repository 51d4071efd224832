/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A differencing VHD's own blocks (Microsoft's VHD format 1.0): its footer
 * (the file's last 512 bytes), dynamic header, block allocation table and
 * each block's sector bitmap, read through a bounded read callback (a file,
 * or memory in the fuzz target). lifeline reads these itself rather than
 * through libvhdi: libvhdi 20210425, given a parent, reads as zeros a
 * parent's sector that follows a child's sector inside one block (t2772).
 * Every offset and length the disk gives is checked against the file's
 * size when it is opened: a table, a bitmap or a block past the end or
 * into the footer, blocks overlapping each other or the header, a block
 * size that is not a power of two or too large are refused, naming the
 * file, the field and its offset, rather than read as the wrong bytes.
 */
#ifndef LL_ANALYZE_VHD_BLOCKS_H
#define LL_ANALYZE_VHD_BLOCKS_H

#include "core/compat.h"

#include "analyze/vdisk_parent.h"

#define LL_VHD_SECTOR 512u
/* The largest block size read (the format's default is 2 MiB; its bitmap is then 64 KiB). */
#define LL_VHD_BLOCK_MAX ((uint32_t)256 << 20)
/* The most table entries read (a 2 TiB disk, the format's limit, in 512 KiB blocks). */
#define LL_VHD_ENTRIES_MAX ((uint32_t)1 << 22)

struct ll_vhd_blocks {
	ll_vdisk_read_fn fn;     /* the file's bytes */
	void *payload;
	uint64_t file_size;
	const char *label;       /* the file's name in messages: the caller's, kept */
	uint64_t disk_size;      /* the footer's current size: the virtual disk's bytes */
	uint32_t disk_type;      /* 3 dynamic, 4 differencing */
	uint32_t block_size;     /* bytes, a power of two */
	uint32_t bitmap_bytes;   /* each block's sector bitmap, whole sectors */
	uint32_t nblocks;        /* the blocks the disk covers */
	uint64_t header_offset;  /* the dynamic header's offset, for messages */
	uint64_t table_offset;   /* the BAT's offset, for messages */
	uint32_t *bat;           /* nblocks entries: the block's first sector, or UINT32_MAX */
	uint8_t id[16];          /* the footer's unique id */
	uint8_t parent_id[16];   /* the dynamic header's parent unique id */
	uint8_t *bitmap;         /* the last block's bitmap read, block `cached` */
	uint32_t cached;
};

/*
 * Opens the dynamic or differencing VHD read through fn (size bytes):
 * checks its footer, dynamic header and table as described above and
 * reads the table. LL_ECORRUPT naming label, the field and its offset
 * when anything is out of bounds; LL_EUNSUPPORTED for a fixed VHD (no
 * blocks: read as it is). Release with ll_vhd_blocks_release.
 */
int ll_vhd_blocks_init(struct ll_vhd_blocks *b, ll_vdisk_read_fn fn, void *payload, uint64_t size,
		       const char *label);

void ll_vhd_blocks_release(struct ll_vhd_blocks *b);

/*
 * len bytes of the virtual disk at off into buf (clipped at the disk's
 * end): each 512-byte sector the child's own when its block is allocated
 * and its bitmap bit set, otherwise read through parent (a dynamic disk's
 * parent: NULL, zeros). The number of bytes read, or -1 with the error set
 * (a read of the file or of the parent that fails or comes short).
 */
ssize_t ll_vhd_blocks_read(struct ll_vhd_blocks *b, uint64_t off, void *buf, size_t len,
			   ll_vdisk_read_fn parent, void *parent_payload);

/*
 * The unique id (footer offset 68) of any VHD read through fn (size
 * bytes): a differencing disk records its parent's (ll_vhd_blocks.parent_id),
 * so the file found by the parent's name is checked to be that disk.
 * LL_ECORRUPT when its last 512 bytes are no footer.
 */
int ll_vhd_footer_id(uint8_t id[16], ll_vdisk_read_fn fn, void *payload, uint64_t size,
		     const char *label);

#endif
