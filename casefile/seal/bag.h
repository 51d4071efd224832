/* SPDX-License-Identifier: Apache-2.0 */
/* BagIt 1.0 (RFC 8493): payload listing, tag files and the seal fingerprint. */
#ifndef LL_CASEFILE_BAG_H
#define LL_CASEFILE_BAG_H

#include "core/compat.h"

struct ll_buf;
struct ll_manifest;

#define LL_BAG_MANIFEST "manifest-sha256.txt"
#define LL_BAG_TAGMANIFEST "tagmanifest-sha256.txt"

/* What bag-info.txt says (strings may be NULL: the line is left out). */
struct ll_bag_info {
	const char *source_organization;
	const char *contact_name;
	const char *external_identifier;
	const char *external_description;
	const char *bagging_date; /* YYYY-MM-DD */
};

/*
 * Lists every regular file under `bagdir`/`sub` (recursively) as
 * "<sub>/<path>" with its SHA-256 and size, sorted. Anything that is not a
 * regular file or directory (symlink, fifo, device), or a name a manifest
 * cannot carry, is LL_ECORRUPT.
 */
int ll_bag_scan(struct ll_manifest *out, const char *bagdir, const char *sub);

/*
 * Writes bagit.txt, bag-info.txt (with Payload-Oxum), manifest-sha256.txt
 * from the files under data/, and tagmanifest-sha256.txt. `fingerprint`
 * receives SHA-256(tagmanifest-sha256.txt).
 */
int ll_bag_finish(char fingerprint[65], const char *bagdir,
		  const struct ll_bag_info *info);

/* Reads `bagdir`/`name` whole (helper for writers and verify). */
int ll_bag_read(struct ll_buf *out, const char *bagdir, const char *name);

#endif
