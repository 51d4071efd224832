/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The parent a differencing virtual disk names: a QCOW image's backing
 * file, a VMDK's parentFileNameHint (its embedded or text descriptor), a
 * differencing VHD's parent locators, a differencing VHDX's parent locator
 * (its metadata region: analyze/vdisk_vhdx.c). Read from the evidence's bytes
 * through a bounded read callback (a file, or memory in the fuzz target),
 * so every offset the disk gives is checked before it is followed. No
 * library: the collection and the grouping of an item's files run in the
 * process that holds the case, where no libyal library is loaded.
 */
#ifndef LL_ANALYZE_VDISK_PARENT_H
#define LL_ANALYZE_VDISK_PARENT_H

#include "core/compat.h"

/* The longest parent name read (QEMU's own limit is 1023 bytes). */
#define LL_VDISK_PARENT_MAX 1024

/* Reads len bytes at off into buf: the number read (short at the end), or -1. */
typedef ssize_t (*ll_vdisk_read_fn)(void *payload, uint64_t off, void *buf, size_t len);

/* An ll_vdisk_read_fn over an open file (payload: its int fd): pread until len, EOF or error. */
ssize_t ll_vdisk_fd_read(void *payload, uint64_t off, void *buf, size_t len);

struct ll_vdisk_parent {
	const char *format;           /* "qcow", "vmdk", "vhd", "vhdx" or NULL: not a virtual disk */
	bool differencing;            /* it reads through a parent */
	char name[LL_VDISK_PARENT_MAX]; /* the parent's name as recorded, '\\' turned to '/'; "" */
	const char *field;            /* where the name was read: "backing file", … */
	uint64_t offset;              /* the byte offset of that field in the file */
	/*
	 * VHDX only ("" otherwise): the parent's DataWriteGuid the child was
	 * made from (its parent_linkage), and the disk's own DataWriteGuid (its
	 * current header), each "{…}" in lower case, with where they were read.
	 */
	char linkage[40];
	uint64_t linkage_offset;
	char identity[40];
	uint64_t identity_offset;
};

/*
 * Fills *out for the disk read through fn (size bytes long). Returns 0
 * (out->differencing false for a disk without a parent or a file that is
 * not a disk), or LL_ECORRUPT naming `label` and the field and offset
 * when the disk says it has a parent that cannot be read (an offset past
 * the end, a name too long or empty, a VHDX header or metadata that is
 * not sound).
 */
int ll_vdisk_parent_read(struct ll_vdisk_parent *out, ll_vdisk_read_fn fn, void *payload,
			 uint64_t size, const char *label);

/* The same for the file at path (label: the path). */
int ll_vdisk_parent_of_file(struct ll_vdisk_parent *out, const char *path);

/*
 * 0 when `parent` (read from parent_path) is the disk `child` (read from
 * child_path) was made from, as far as the format records it: a VHDX
 * child's parent_linkage must be its parent's DataWriteGuid (MS-VHDX
 * 2.6.2.6). Otherwise LL_ECORRUPT naming both files, both GUIDs and their
 * offsets: another disk of that name is never read as its parent.
 */
int ll_vdisk_parent_link_check(const struct ll_vdisk_parent *child, const char *child_path,
			       const struct ll_vdisk_parent *parent, const char *parent_path);

/* The last component of a parent name ("../x/base.qcow2" → "base.qcow2"). */
const char *ll_vdisk_parent_base(const char *name);

/*
 * The file of a chain's set (`paths`, n) that layer `cur` names as its
 * parent `name`: the name's last component next to the layer, else the only
 * file of the set with that last component. SIZE_MAX when none, or when two
 * elsewhere match (not guessed). Used by collection and by both chain readers.
 */
size_t ll_vdisk_parent_in(const char *const *paths, size_t n, size_t cur, const char *name);

#endif
