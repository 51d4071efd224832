/* SPDX-License-Identifier: Apache-2.0 */
/* The printable cover sheet beside the bag (seal/cover.html) carrying the seal fingerprint. */
#ifndef LL_CASEFILE_COVER_H
#define LL_CASEFILE_COVER_H

#include "core/compat.h"

#include "casefile/report/lang.h"

struct ll_buf;

/* What the cover says when the case file has no timestamp token. */
#define LL_COVER_NO_TIMESTAMP \
	"none yet: send seal/tagmanifest-sha256.txt.p7s.tsq to a timestamp authority"
/* The same on a French cover (a no-break space before the colon). */
#define LL_COVER_NO_TIMESTAMP_FR \
	"aucun pour l\u2019instant\u00a0: envoyer seal/tagmanifest-sha256.txt.p7s.tsq à une autorité d\u2019horodatage"

/*
 * Everything the cover sheet states. Each statement comes from signed or
 * hashed content, so `casefile verify` can rebuild the cover from the case
 * file alone and compare it byte for byte:
 *   case_id, title, authority  bag/data/case.jsonld (the Investigation and
 *                              its Authorization), listed in the manifest
 *   examiner, examiner_fpr     the signer certificate inside the seal
 *                              signature (its CN, SHA-256 of its DER)
 *   fingerprint                SHA-256 of bag/tagmanifest-sha256.txt
 *   timestamp                  genTime of the verified RFC 3161 token, or
 *                              NULL when the case file has none
 */
struct ll_cover_facts {
	char *case_id, *title, *authority; /* authority "" when none recorded */
	const char *examiner, *examiner_fpr;
	const char *fingerprint;
	const char *timestamp;
	enum ll_lang lang; /* the configuration entry "report-language" of case.jsonld (absent: English) */
};

/* Reads case id, title and authority from `bag_dir`/data/case.jsonld. */
int ll_casefile_cover_case(struct ll_cover_facts *f, const char *bag_dir);
void ll_casefile_cover_release(struct ll_cover_facts *f);

/* The cover sheet's HTML: the same bytes for the same facts. */
int ll_casefile_cover_render(struct ll_buf *out, const struct ll_cover_facts *f);

/* Writes the rendering to `out_dir`/seal/cover.html (a new file). */
int ll_casefile_cover_write(const char *out_dir, const struct ll_cover_facts *f);

#endif
