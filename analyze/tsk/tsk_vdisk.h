/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Virtual disks (VMDK, VHD, VHDX) recognised by their content and opened
 * through libtsk's image layer, which Debian's libtsk builds with libvmdk
 * and libvhdi: the virtual disk's bytes, not the container's, are walked.
 */
#ifndef LL_ANALYZE_TSK_VDISK_H
#define LL_ANALYZE_TSK_VDISK_H

#include "core/compat.h"

enum ll_vdisk {
	LL_VDISK_NONE = 0,
	LL_VDISK_VMDK,      /* a sparse extent ("KDMV") or a descriptor file */
	LL_VDISK_VHD,       /* "conectix": at 0 (dynamic) or in the last 512 bytes (fixed) */
	LL_VDISK_VHDX,      /* "vhdxfile" at 0 */
	LL_VDISK_QCOW,      /* "QFI\xfb" at 0 (QEMU), read by libqcow (tsk_qcow.c) */
};

/*
 * The virtual disk whose first bytes are head[0..len) and whose last 512
 * bytes are tail (NULL when unknown), or LL_VDISK_NONE.
 */
enum ll_vdisk ll_vdisk_of(const uint8_t *head, size_t len, const uint8_t *tail);

/* The same for the file at `path` (LL_VDISK_NONE when it cannot be read). */
enum ll_vdisk ll_vdisk_of_file(const char *path);

/* "vmdk", "vhd", "vhdx", "qcow" or NULL. */
const char *ll_vdisk_name(enum ll_vdisk v);

struct ll_tsk_image;
/*
 * Opens the virtual disk paths[0] (of kind v) through libtsk. A VMDK
 * descriptor's extents are opened by libvmdk by the names the descriptor
 * gives, next to it, now: a worker opens it before its lock-down. A
 * differencing QCOW reads through its backing files, found among
 * paths[1..n) (the item's chain), a differencing VMDK or VHD through its
 * parents there (libvmdk/libvhdi directly: tsk_vchain.c).
 */
int ll_tsk_image_open_vdisk(struct ll_tsk_image **out, const char *const *paths, size_t n,
			    enum ll_vdisk v);

/*
 * MD5, SHA-1 and SHA-256 of the whole virtual disk `img`, as read through
 * the image layer (its virtual bytes: the raw image it was made from), and
 * its size. A read that fails or comes short is LL_ECORRUPT naming the
 * container and the virtual offset. progress(done, payload) every 64 MiB
 * when not NULL. md5 NULL: every byte read, nothing hashed.
 */
int ll_tsk_image_hash(char md5[33], char sha1[41], char sha256[65], uint64_t *size,
		      struct ll_tsk_image *img, const char *name,
		      void (*progress)(void *payload, uint64_t done), void *payload);

/*
 * A differencing VMDK or VHD paths[0] through libvmdk/libvhdi, its parents
 * read from paths[1..n) (tsk_vchain.c).
 */
int ll_tsk_image_open_vchain(struct ll_tsk_image **out, const char *const *paths, size_t n,
			     enum ll_vdisk kind);

/*
 * A QCOW image paths[0] through libqcow, given to libtsk as an external
 * image, its backing chain read from paths[1..n) (tsk_qcow.c).
 */
int ll_tsk_image_open_qcow(struct ll_tsk_image **out, const char *const *paths, size_t n);

#endif
