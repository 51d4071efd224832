/* SPDX-License-Identifier: Apache-2.0 */
/* RFC 3161 timestamps over the seal signature: request, HTTP client, verification. */
#ifndef LL_CASEFILE_TSA_H
#define LL_CASEFILE_TSA_H

#include "core/compat.h"

/* A DER TimeStampReq over SHA-256(data), with a random nonce, asking for the TSA certificate. */
int ll_tsa_request(uint8_t **der_out, size_t *len_out, const void *data,
		   size_t len);

/* POSTs a request to an RFC 3161 HTTP(S) TSA; the reply in *der_out. */
int ll_tsa_fetch(uint8_t **der_out, size_t *len_out, const char *url,
		 const uint8_t *tsq, size_t tsqlen);

struct ll_tsa_info {
	char gen_time[48];    /* RFC 3339 UTC */
	char serial[80];      /* hex */
	char policy[80];      /* OID */
	char tsa[256];        /* TSA certificate subject */
	bool chain_checked;   /* TSA certificate chained to the CA file */
	char reason[512];
};

/*
 * Checks a TimeStampResp: granted, over SHA-256(data), signed by a
 * timeStamping certificate, and (with `tsq`) answering that request
 * (imprint and nonce). With `ca_file` the TSA chain must lead to it;
 * without, the certificate in the token is trusted as is and
 * `chain_checked` stays false. 0, LL_EVERIFY or LL_ECORRUPT.
 */
int ll_tsa_verify(struct ll_tsa_info *info, const uint8_t *tsr, size_t tsrlen,
		  const uint8_t *tsq, size_t tsqlen, const void *data,
		  size_t dlen, const char *ca_file);

#endif
