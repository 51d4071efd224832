/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `collect files` of a virtual disk (a VMDK, with its extents when it has
 * a descriptor; a VHD; a VHDX): its media hashes — MD5, SHA-1 and SHA-256
 * of the virtual disk's bytes, the raw image it holds — computed by a
 * check worker (mode "vdisk", libtsk's image layer: libvmdk and libvhdi
 * are never mapped by this process) and recorded as an image's are.
 */
#ifndef LL_CLI_VDISK_MEDIA_H
#define LL_CLI_VDISK_MEDIA_H

#include "core/compat.h"

struct ll_media_hashes;

/*
 * The ll_files_opts.media callback: 0 with *format NULL when the files are
 * not exactly one virtual disk (a lone VMDK/VHD/VHDX, or one VMDK
 * descriptor and the extents it names); 0 with the hashes; or an error
 * naming the file and the offset where the disk could not be read. For a
 * differencing chain, *layers (JSON text, ll_free) lists each layer child
 * to base: a differencing one as such, the base with its own media hashes
 * (read alone by another check worker) or why they could not be read.
 * `layers` NULL: not asked (the check before reading recomputes the
 * child's view only). `payload` NULL, or a struct ll_check_media
 * (cli/check_worker.h) whose `failed` is set when the worker itself failed.
 */
int ll_cli_vdisk_media(struct ll_media_hashes *out, uint64_t *size, const char **format,
		       char *const *paths, const char *const *rels, size_t n, const char *id,
		       char **layers, void *payload);

#endif
