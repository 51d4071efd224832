/* SPDX-License-Identifier: Apache-2.0 */
/* CMS signing and verification of the tag manifest (OpenSSL adapter). */
#include "core/compat.h"
#include "casefile/seal/seal_cms.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "core/alloc.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/hash.h"

int ll_seal_sign(uint8_t **der_out, size_t *len_out, const struct ll_signer *s,
		 const void *data, size_t len)
{
	BIO *in = NULL, *out = NULL;
	CMS_ContentInfo *cms = NULL;
	BUF_MEM *mem = NULL;
	uint8_t *der = NULL;
	int rc = 0;

	if (len > INT32_MAX)
		return ll_error_set(LL_EINVAL, "content too large to sign");
	if (!(in = BIO_new_mem_buf(data, (int)len)) || !(out = BIO_new(BIO_s_mem()))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	cms = CMS_sign(s->cert, s->key, NULL, in, CMS_DETACHED | CMS_BINARY);
	if (!cms || !i2d_CMS_bio(out, cms)) {
		rc = ll_error_set_openssl(LL_EINTERNAL, "CMS signature");
		goto out;
	}
	BIO_get_mem_ptr(out, &mem);
	if (!(der = ll_malloc(mem->length ? mem->length : 1))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(der, mem->data, mem->length);
	*len_out = mem->length;
	*der_out = der;
out:
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	BIO_free(out);
	return rc;
}

static void last_openssl_error(char *out, size_t outlen)
{
	unsigned long e, last = 0;

	while ((e = ERR_get_error()) != 0)
		last = e;
	if (last)
		ERR_error_string_n(last, out, outlen);
	else
		snprintf(out, outlen, "unknown error");
}

static int fail(struct ll_seal_info *info, const char *what)
{
	char ossl[256];

	last_openssl_error(ossl, sizeof(ossl));
	snprintf(info->reason, sizeof(info->reason), "%s (%s)", what, ossl);
	return ll_error_set(LL_EVERIFY, "%s", info->reason);
}

int ll_seal_verify(struct ll_seal_info *info, const uint8_t *der, size_t derlen,
		   const void *content, size_t clen, const char *ca_file)
{
	const unsigned char *p = der;
	CMS_ContentInfo *cms = NULL;
	STACK_OF(X509) *signers = NULL;
	X509_STORE *store = NULL;
	BIO *data = NULL;
	X509 *signer;
	uint8_t *cder = NULL;
	int rc = 0, n;

	memset(info, 0, sizeof(*info));
	ERR_clear_error();
	if (derlen > INT32_MAX || clen > INT32_MAX ||
	    !(cms = d2i_CMS_ContentInfo(NULL, &p, (long)derlen)) ||
	    p != der + derlen ||
	    OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		snprintf(info->reason, sizeof(info->reason),
			 "the signature file is not a DER CMS SignedData");
		rc = ll_error_set(LL_ECORRUPT, "%s", info->reason);
		goto out;
	}
	if (!(data = BIO_new_mem_buf(content, (int)clen))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	/* First the signature alone, so a content change and an untrusted
	 * signer are told apart. */
	if (CMS_verify(cms, NULL, NULL, data, NULL,
		       CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
		rc = fail(info, "the signature does not match tagmanifest-sha256.txt");
		goto out;
	}
	info->signature_ok = true;
	signers = CMS_get0_signers(cms);
	if (!signers || sk_X509_num(signers) != 1) {
		snprintf(info->reason, sizeof(info->reason),
			 "expected exactly one signer, found %d",
			 signers ? sk_X509_num(signers) : 0);
		rc = ll_error_set(LL_EVERIFY, "%s", info->reason);
		goto out;
	}
	signer = sk_X509_value(signers, 0);
	X509_NAME_oneline(X509_get_subject_name(signer), info->subject,
			  sizeof(info->subject));
	if (X509_NAME_get_text_by_NID(X509_get_subject_name(signer), NID_commonName, info->cn,
				      sizeof(info->cn)) < 0)
		info->cn[0] = '\0';
	if ((n = i2d_X509(signer, &cder)) > 0)
		rc = ll_sha256_hex(info->fingerprint, cder, (size_t)n);
	OPENSSL_free(cder);
	if (rc < 0)
		goto out;
	/* self-signed: issuer is subject and the certificate's own key signed
	 * it (X509_check_issued would also demand keyCertSign) */
	{
		EVP_PKEY *pub = X509_get0_pubkey(signer);

		info->self_signed = X509_NAME_cmp(X509_get_subject_name(signer),
						  X509_get_issuer_name(signer)) == 0 &&
				    pub && X509_verify(signer, pub) == 1;
		ERR_clear_error();
	}
	if (!ca_file)
		goto out;
	if (!(store = X509_STORE_new()) || X509_STORE_load_file(store, ca_file) != 1) {
		rc = ll_error_set_openssl(LL_ENOTFOUND, "cannot load the CA file");
		ll_error_context("'%s'", ca_file);
		goto out;
	}
	BIO_reset(data);
	if (CMS_verify(cms, NULL, store, data, NULL, CMS_BINARY) != 1) {
		rc = fail(info, "the examiner certificate does not chain to the CA");
		goto out;
	}
	info->chain_checked = true;
out:
	sk_X509_free(signers);
	X509_STORE_free(store);
	BIO_free(data);
	CMS_ContentInfo_free(cms);
	return rc;
}
