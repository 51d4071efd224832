/* SPDX-License-Identifier: Apache-2.0 */
/* The printable cover sheet beside the bag (seal/cover.html) carrying the seal fingerprint. */
#ifndef LL_CASEFILE_COVER_H
#define LL_CASEFILE_COVER_H

#include "core/compat.h"

struct ll_casefile_model;
struct ll_signer;

/*
 * Writes `out_dir`/seal/cover.html: case, authority, examiner, the seal
 * fingerprint (also as data-fingerprint="…" for verify), the timestamp
 * when known, and a link to bag/data/report.html.
 */
int ll_casefile_cover_write(const char *out_dir,
			    const struct ll_casefile_model *m,
			    const struct ll_signer *signer,
			    const char *fingerprint, const char *timestamp);

#endif
