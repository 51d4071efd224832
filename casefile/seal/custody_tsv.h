/* SPDX-License-Identifier: Apache-2.0 */
/* Verifies an exported custody ledger (chain.tsv, sig/, certs/) without the case database. */
#ifndef LL_CASEFILE_CUSTODY_TSV_H
#define LL_CASEFILE_CUSTODY_TSV_H

#include "core/compat.h"

struct ll_custody_tsv_report {
	int64_t entries;
	int64_t bad_line;   /* first failing line, 0 if none */
	char head[65];      /* hash of the last line */
	char reason[512];
};

/*
 * Checks every line of `dir`/chain.tsv: format tag, sequence, the link to
 * the previous line's SHA-256, the certificate `certs/<fpr>.pem` (its
 * fingerprint and subject), and the signature `sig/<seq>.der` over the
 * line. 0, or LL_EVERIFY/LL_ECORRUPT with the line named in `rep`.
 */
int ll_custody_tsv_verify(struct ll_custody_tsv_report *rep, const char *dir);

#endif
