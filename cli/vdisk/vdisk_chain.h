/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `collect files` of a differencing virtual disk (a QCOW with a backing
 * file, a VMDK with a parentFileNameHint, a differencing VHD): its parents
 * found and added to the files collected, so that the chain child →
 * parent → … → base is one item, as a split image's segments are.
 */
#ifndef LL_CLI_VDISK_CHAIN_H
#define LL_CLI_VDISK_CHAIN_H

#include "core/compat.h"

/* The deepest chain followed: deeper is refused (a loop made long, or not evidence we read). */
#define LL_VDISK_CHAIN_MAX 16

struct ll_vdisk_chains {
	char **paths;     /* the arguments, then each parent found, chain order */
	size_t npaths;
	char *json;       /* [{"child":…, "layers":[{"path","format","parent_name","field"}…]}…] or NULL */
};

/*
 * For each of the n arguments that is a differencing disk, its parent is
 * looked for by the name the disk records: relative to the child's
 * directory, then that name's last component in the child's directory,
 * then (parent_dir not NULL) the last component in parent_dir; an
 * absolute name is never opened as it is (a path of the machine the disk
 * came from). A parent not found, a loop, or a chain deeper than
 * LL_VDISK_CHAIN_MAX: an error naming the child, the name it asks for and
 * where it was looked for. Release with ll_vdisk_chains_release.
 */
int ll_vdisk_chains_find(struct ll_vdisk_chains *out, char *const *args, size_t n,
			 const char *parent_dir);

void ll_vdisk_chains_release(struct ll_vdisk_chains *c);

/*
 * Whether the n collected files (paths: absolute, rels: case-relative) are
 * exactly one chain: then order[0..n) is child, parent, …, base. The
 * parents are found as analysis finds them (next to the child, else the
 * only file of that name).
 */
bool ll_vdisk_chain_order(size_t *order, char *const *paths, const char *const *rels, size_t n);

#endif
