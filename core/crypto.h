/* SPDX-License-Identifier: Apache-2.0 */
/* Examiner keys, X.509 certificates and signatures (OpenSSL adapter). */
#ifndef LL_CORE_CRYPTO_H
#define LL_CORE_CRYPTO_H

#include "core/compat.h"

struct evp_pkey_st;
struct x509_st;

/* A loaded examiner identity: private key + certificate. */
struct ll_signer {
	struct evp_pkey_st *key;
	struct x509_st *cert;
	char *name;           /* certificate subject CN */
	char *cert_pem;
	char fingerprint[65]; /* sha256 of the DER certificate, lowercase hex */
};

struct ll_keygen_opts {
	const char *name;        /* subject CN, required */
	const char *org;         /* subject O, optional */
	const char *passphrase;  /* encrypts the key (AES-256-CBC) when set */
	unsigned valid_days;     /* 0 = 3650 */
	bool csr;                /* also write examiner.csr for an agency CA */
};

/*
 * Creates `dir`/examiner.key (ECDSA P-256, mode 0600), examiner.crt
 * (self-signed) and, if asked, examiner.csr. Refuses to overwrite
 * (LL_EEXISTS). `fpr_out` receives the certificate fingerprint.
 */
int ll_key_generate(char fpr_out[65], const char *dir,
		    const struct ll_keygen_opts *opts);

/*
 * Loads a signer. `passphrase` may be NULL (OpenSSL then prompts on the
 * terminal for an encrypted key). Checks that key and certificate match.
 * Refuses (LL_EUNSUPPORTED, naming the file and its mode) a key file that
 * group or others may access (mode & 077), as ssh does.
 */
int ll_signer_load(struct ll_signer **out, const char *key_path,
		   const char *cert_path, const char *passphrase);
void ll_signer_free(struct ll_signer *s);

/* DER ECDSA-SHA256 signature over `data`; free *sig with ll_free. */
int ll_signer_sign(uint8_t **sig, size_t *siglen, const struct ll_signer *s,
		   const void *data, size_t len);

/* Verifies a signature with the certificate in `cert_pem`: 0 or LL_EVERIFY. */
int ll_cert_verify_sig(const char *cert_pem, const void *data, size_t len,
		       const uint8_t *sig, size_t siglen);

/* SHA-256 fingerprint of a PEM certificate; LL_ECORRUPT if unparsable. */
int ll_cert_fingerprint(char out[65], const char *cert_pem);
/* Subject CN of a PEM certificate (free with ll_free). */
int ll_cert_subject_cn(char **out, const char *cert_pem);

/* Cryptographically random bytes. */
int ll_random_bytes(uint8_t *out, size_t len);

/*
 * Where the signing key is: `--key/--cert` if given, else LIFELINE_KEY /
 * LIFELINE_CERT, else $LIFELINE_HOME or ~/.lifeline/examiner.{key,crt}.
 * Strings are freed with ll_free.
 */
int ll_key_default_paths(char **key_out, char **cert_out, const char *key_opt,
			 const char *cert_opt);
/* The directory `key new` writes to by default. */
int ll_key_default_dir(char **out);

#endif
