/* SPDX-License-Identifier: Apache-2.0 */
/* RFC 3161 client: request, HTTP transport (libcurl) and reply verification (OpenSSL). */
#include "core/compat.h"
#include "casefile/seal/tsa.h"

#include <curl/curl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/hash.h"

#define TSA_MAX_REPLY (1024 * 1024)

int ll_tsa_request(uint8_t **der_out, size_t *len_out, const void *data,
		   size_t len)
{
	TS_REQ *req = NULL;
	TS_MSG_IMPRINT *imp = NULL;
	X509_ALGOR *alg = NULL;
	ASN1_INTEGER *nonce = NULL;
	BIGNUM *bn = NULL;
	uint8_t md[32], rnd[8], *der = NULL, *p;
	int rc = 0, n;

	if ((rc = ll_sha256(md, data, len)) < 0 ||
	    (rc = ll_random_bytes(rnd, sizeof(rnd))) < 0)
		return rc;
	if (!(req = TS_REQ_new()) || !(imp = TS_MSG_IMPRINT_new()) ||
	    !(alg = X509_ALGOR_new()) ||
	    !X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) ||
	    !TS_MSG_IMPRINT_set_algo(imp, alg) ||
	    !TS_MSG_IMPRINT_set_msg(imp, md, sizeof(md)) ||
	    !TS_REQ_set_version(req, 1) || !TS_REQ_set_msg_imprint(req, imp) ||
	    !(bn = BN_bin2bn(rnd, sizeof(rnd), NULL)) ||
	    !(nonce = BN_to_ASN1_INTEGER(bn, NULL)) ||
	    !TS_REQ_set_nonce(req, nonce) || !TS_REQ_set_cert_req(req, 1) ||
	    (n = i2d_TS_REQ(req, NULL)) <= 0) {
		rc = ll_error_set_openssl(LL_EINTERNAL, "timestamp request");
		goto out;
	}
	if (!(der = ll_malloc((size_t)n))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	p = der;
	i2d_TS_REQ(req, &p);
	*der_out = der;
	*len_out = (size_t)n;
out:
	BN_free(bn);
	ASN1_INTEGER_free(nonce);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(imp);
	TS_REQ_free(req);
	return rc;
}

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *payload)
{
	struct ll_buf *b = payload;
	size_t n = size * nmemb;

	if (b->len + n > TSA_MAX_REPLY || ll_buf_put(b, ptr, n) < 0)
		return 0;
	return n;
}

int ll_tsa_fetch(uint8_t **der_out, size_t *len_out, const char *url,
		 const uint8_t *tsq, size_t tsqlen)
{
	struct ll_buf b = LL_BUF_INIT;
	struct curl_slist *hdr = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	CURL *c = NULL;
	CURLcode cc;
	long status = 0;
	int rc = 0;

	if (!(c = curl_easy_init()) ||
	    !(hdr = curl_slist_append(NULL, "Content-Type: application/timestamp-query"))) {
		rc = ll_error_set(LL_ENOMEM, "cannot start the HTTP client");
		goto out;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, (const char *)tsq);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)tsqlen);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "lifeline/" LL_VERSION);
	if ((cc = curl_easy_perform(c)) != CURLE_OK) {
		rc = ll_error_set(LL_EIO, "timestamp authority '%s': %s", url,
				  *errbuf ? errbuf : curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200) {
		rc = ll_error_set(LL_EIO, "timestamp authority '%s' answered HTTP %ld",
				  url, status);
		goto out;
	}
	if (b.len == 0) {
		rc = ll_error_set(LL_ECORRUPT, "timestamp authority '%s' sent an empty reply", url);
		goto out;
	}
	*len_out = b.len;
	*der_out = (uint8_t *)ll_buf_detach(&b);
out:
	curl_slist_free_all(hdr);
	if (c)
		curl_easy_cleanup(c);
	ll_buf_release(&b);
	return rc;
}

static int fail(struct ll_tsa_info *info, int code, const char *what)
{
	unsigned long e, last = 0;
	char ossl[256] = "";

	while ((e = ERR_get_error()) != 0)
		last = e;
	if (last)
		ERR_error_string_n(last, ossl, sizeof(ossl));
	snprintf(info->reason, sizeof(info->reason), "%s%s%s%s", what,
		 *ossl ? " (" : "", ossl, *ossl ? ")" : "");
	return ll_error_set(code, "%s", info->reason);
}

static void describe(struct ll_tsa_info *info, TS_RESP *resp)
{
	TS_TST_INFO *tst = TS_RESP_get_tst_info(resp);
	const ASN1_GENERALIZEDTIME *gt;
	const ASN1_INTEGER *serial;
	PKCS7 *token = TS_RESP_get_token(resp);
	STACK_OF(X509) *signers;
	BIGNUM *bn;
	struct tm tm;

	if (!tst)
		return;
	/* Printed from the broken-down time, not through int64 nanoseconds: a
	 * TSA may sign any GeneralizedTime up to 9999, and a time past 2262
	 * must read as itself rather than wrap to another date. */
	if ((gt = TS_TST_INFO_get_time(tst)) && ASN1_TIME_to_tm(gt, &tm) == 1)
		snprintf(info->gen_time, sizeof(info->gen_time),
			 "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			 tm.tm_sec);
	if ((serial = TS_TST_INFO_get_serial(tst)) &&
	    (bn = ASN1_INTEGER_to_BN(serial, NULL))) {
		char *hex = BN_bn2hex(bn);

		if (hex)
			snprintf(info->serial, sizeof(info->serial), "%s", hex);
		OPENSSL_free(hex);
		BN_free(bn);
	}
	if (TS_TST_INFO_get_policy_id(tst))
		OBJ_obj2txt(info->policy, sizeof(info->policy),
			    TS_TST_INFO_get_policy_id(tst), 1);
	if (token && (signers = PKCS7_get0_signers(token, NULL, 0))) {
		if (sk_X509_num(signers) > 0)
			X509_NAME_oneline(X509_get_subject_name(sk_X509_value(signers, 0)),
					  info->tsa, sizeof(info->tsa));
		sk_X509_free(signers);
	}
	ERR_clear_error();
}

int ll_tsa_verify(struct ll_tsa_info *info, const uint8_t *tsr, size_t tsrlen,
		  const uint8_t *tsq, size_t tsqlen, const void *data,
		  size_t dlen, const char *ca_file)
{
	const unsigned char *p;
	TS_RESP *resp = NULL;
	TS_REQ *req = NULL;
	TS_VERIFY_CTX *ctx = NULL;
	X509_STORE *store = NULL;
	BIO *bio = NULL;
	TS_TST_INFO *tst;
	long status;
	int rc = 0;

	memset(info, 0, sizeof(*info));
	ERR_clear_error();
	p = tsr;
	if (tsrlen > INT32_MAX || dlen > INT32_MAX ||
	    !(resp = d2i_TS_RESP(NULL, &p, (long)tsrlen)) || p != tsr + tsrlen) {
		rc = fail(info, LL_ECORRUPT, "the timestamp reply is not a DER TimeStampResp");
		goto out;
	}
	status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp)));
	if (status != 0 && status != 1) {
		snprintf(info->reason, sizeof(info->reason),
			 "the timestamp authority refused the request (status %ld)", status);
		rc = ll_error_set(LL_EVERIFY, "%s", info->reason);
		goto out;
	}
	if (!(tst = TS_RESP_get_tst_info(resp))) {
		rc = fail(info, LL_ECORRUPT, "the timestamp reply holds no token");
		goto out;
	}
	describe(info, resp);
	if (tsq) {
		const ASN1_INTEGER *rn, *tn;

		p = tsq;
		if (tsqlen > INT32_MAX ||
		    !(req = d2i_TS_REQ(NULL, &p, (long)tsqlen)) || p != tsq + tsqlen) {
			rc = fail(info, LL_ECORRUPT, "the timestamp request is not a DER TimeStampReq");
			goto out;
		}
		rn = TS_REQ_get_nonce(req);
		tn = TS_TST_INFO_get_nonce(tst);
		if ((rn || tn) && (!rn || !tn || ASN1_INTEGER_cmp(rn, tn) != 0)) {
			snprintf(info->reason, sizeof(info->reason),
				 "the timestamp reply does not answer the request in seal/ (nonce differs)");
			rc = ll_error_set(LL_EVERIFY, "%s", info->reason);
			goto out;
		}
	}
	if (!(store = X509_STORE_new())) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if (ca_file) {
		if (X509_STORE_load_file(store, ca_file) != 1) {
			rc = fail(info, LL_ENOTFOUND, "cannot load the CA file");
			goto out;
		}
	} else {
		/* No anchor given: trust the TSA certificate the token carries,
		 * so the signature and imprint are still checked. */
		PKCS7 *token = TS_RESP_get_token(resp);
		STACK_OF(X509) *certs = NULL;

		if (token && PKCS7_type_is_signed(token) && token->d.sign)
			certs = token->d.sign->cert;
		for (int i = 0; certs && i < sk_X509_num(certs); i++)
			X509_STORE_add_cert(store, sk_X509_value(certs, i));
		X509_STORE_set_flags(store, X509_V_FLAG_PARTIAL_CHAIN);
	}
	if (!(ctx = TS_VERIFY_CTX_new()) || !(bio = BIO_new_mem_buf(data, (int)dlen))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	TS_VERIFY_CTX_set_flags(ctx, TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_DATA);
	TS_VERIFY_CTX_set_data(ctx, bio); /* owned by ctx on 3.0 */
	bio = NULL;
	TS_VERIFY_CTX_set_store(ctx, store); /* owned by ctx on 3.0 */
	store = NULL;
	if (TS_RESP_verify_response(ctx, resp) != 1) {
		rc = fail(info, LL_EVERIFY,
			  "the timestamp token does not verify over the signature file");
		goto out;
	}
	info->chain_checked = ca_file != NULL;
out:
	TS_VERIFY_CTX_free(ctx);
	X509_STORE_free(store);
	BIO_free(bio);
	TS_REQ_free(req);
	TS_RESP_free(resp);
	return rc;
}
