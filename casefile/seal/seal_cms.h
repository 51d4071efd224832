/* SPDX-License-Identifier: Apache-2.0 */
/* The examiner's detached CMS signature (DER) over the tag manifest. */
#ifndef LL_CASEFILE_SEAL_CMS_H
#define LL_CASEFILE_SEAL_CMS_H

#include "core/compat.h"

struct ll_signer;

#define LL_SEAL_SIG "tagmanifest-sha256.txt.p7s"
#define LL_SEAL_TSQ "tagmanifest-sha256.txt.p7s.tsq"
#define LL_SEAL_TSR "tagmanifest-sha256.txt.p7s.tsr"

/* CMS SignedData, detached, binary, DER; the signer certificate embedded. */
int ll_seal_sign(uint8_t **der_out, size_t *len_out, const struct ll_signer *s,
		 const void *data, size_t len);

struct ll_seal_info {
	char subject[256];     /* one-line subject of the signer */
	char cn[256];          /* its common name (the examiner's name, as ll_signer's) */
	char fingerprint[65];  /* SHA-256 of the signer's DER certificate */
	bool self_signed;
	bool chain_checked;    /* chained to the CA file */
	bool signature_ok;     /* the content matches the signature */
	char reason[512];      /* why it failed */
};

/*
 * Checks the signature over `content` with the certificate inside, then,
 * with `ca_file`, the signer's chain to it (as `openssl cms -verify
 * -CAfile` does). Returns 0, LL_EVERIFY (reason in `info`), or
 * LL_ECORRUPT for a file that is not CMS SignedData.
 */
int ll_seal_verify(struct ll_seal_info *info, const uint8_t *der, size_t derlen,
		   const void *content, size_t clen, const char *ca_file);

#endif
