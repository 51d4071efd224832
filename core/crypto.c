/* SPDX-License-Identifier: Apache-2.0 */
/* OpenSSL adapter for keys, certificates and raw signatures. */
#include "core/compat.h"
#include "core/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/hash.h"

int ll_random_bytes(uint8_t *out, size_t len)
{
	if (len > INT32_MAX || RAND_bytes(out, (int)len) != 1)
		return ll_error_set_openssl(LL_EINTERNAL, "random bytes");
	return 0;
}

static int bio_to_buf(struct ll_buf *b, BIO *bio)
{
	char *data;
	long n = BIO_get_mem_data(bio, &data);

	return ll_buf_put(b, data, (size_t)n);
}

static int der_fingerprint(char out[65], X509 *cert)
{
	unsigned char *der = NULL;
	int n = i2d_X509(cert, &der);
	int rc;

	if (n <= 0)
		return ll_error_set_openssl(LL_ECORRUPT, "encoding certificate");
	rc = ll_sha256_hex(out, der, (size_t)n);
	OPENSSL_free(der);
	return rc;
}

static int add_ext(X509 *cert, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, cert, cert, NULL, NULL, 0);
	if (!(ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value)))
		return -1;
	X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return 0;
}

static int set_subject(X509_NAME *nm, const struct ll_keygen_opts *o)
{
	if (!X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_UTF8,
					(const unsigned char *)o->name, -1, -1, 0))
		return -1;
	if (o->org && *o->org &&
	    !X509_NAME_add_entry_by_txt(nm, "O", MBSTRING_UTF8,
					(const unsigned char *)o->org, -1, -1, 0))
		return -1;
	return 0;
}

int ll_key_generate(char fpr_out[65], const char *dir,
		    const struct ll_keygen_opts *opts)
{
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;
	X509_REQ *req = NULL;
	BIO *kb = NULL, *cb = NULL, *rb = NULL;
	struct ll_buf kpath = LL_BUF_INIT, cpath = LL_BUF_INIT,
		      rpath = LL_BUF_INIT, data = LL_BUF_INIT;
	uint8_t serial[16];
	BIGNUM *bn = NULL;
	struct stat sb;
	int rc = 0;

	if (!opts->name || !*opts->name)
		return ll_error_set(LL_EINVAL, "examiner name is required");
	if (stat(dir, &sb) != 0 && (rc = ll_mkdirs(dir, 0700)) < 0)
		return rc;
	if ((rc = ll_buf_printf(&kpath, "%s/examiner.key", dir)) < 0 ||
	    (rc = ll_buf_printf(&cpath, "%s/examiner.crt", dir)) < 0 ||
	    (rc = ll_buf_printf(&rpath, "%s/examiner.csr", dir)) < 0)
		goto out;
	if (stat(kpath.ptr, &sb) == 0 || stat(cpath.ptr, &sb) == 0) {
		rc = ll_error_set(LL_EEXISTS,
				  "'%s' already holds an examiner key; use another --out",
				  dir);
		goto out;
	}
	if (!(key = EVP_EC_gen("P-256"))) {
		rc = ll_error_set_openssl(LL_EINTERNAL, "generating P-256 key");
		goto out;
	}
	if (!(cert = X509_new()) || !(bn = BN_new())) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = ll_random_bytes(serial, sizeof(serial))) < 0)
		goto out;
	serial[0] &= 0x7f;
	BN_bin2bn(serial, sizeof(serial), bn);
	X509_set_version(cert, 2);
	BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
	X509_gmtime_adj(X509_getm_notBefore(cert), 0);
	X509_gmtime_adj(X509_getm_notAfter(cert),
			(long)(opts->valid_days ? opts->valid_days : 3650) * 86400L);
	X509_set_pubkey(cert, key);
	if (set_subject(X509_get_subject_name(cert), opts) != 0 ||
	    !X509_set_issuer_name(cert, X509_get_subject_name(cert)) ||
	    add_ext(cert, NID_basic_constraints, "critical,CA:FALSE") ||
	    add_ext(cert, NID_key_usage, "critical,digitalSignature,nonRepudiation") ||
	    add_ext(cert, NID_subject_key_identifier, "hash") ||
	    !X509_sign(cert, key, EVP_sha256())) {
		rc = ll_error_set_openssl(LL_EINTERNAL, "creating certificate");
		goto out;
	}
	kb = BIO_new(BIO_s_mem());
	cb = BIO_new(BIO_s_mem());
	if (!kb || !cb) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if (!PEM_write_bio_PrivateKey(kb, key,
				      opts->passphrase ? EVP_aes_256_cbc() : NULL,
				      NULL, 0, NULL, (void *)opts->passphrase) ||
	    !PEM_write_bio_X509(cb, cert)) {
		rc = ll_error_set_openssl(LL_EINTERNAL, "encoding key");
		goto out;
	}
	if ((rc = bio_to_buf(&data, kb)) < 0 ||
	    (rc = ll_write_new_file(kpath.ptr, 0600, data.ptr, data.len)) < 0)
		goto out;
	OPENSSL_cleanse(data.ptr, data.len);
	ll_buf_reset(&data);
	if ((rc = bio_to_buf(&data, cb)) < 0 ||
	    (rc = ll_write_new_file(cpath.ptr, 0644, data.ptr, data.len)) < 0) {
		unlink(kpath.ptr);
		goto out;
	}
	if (opts->csr) {
		ll_buf_reset(&data);
		if (!(req = X509_REQ_new()) || !(rb = BIO_new(BIO_s_mem())) ||
		    set_subject(X509_REQ_get_subject_name(req), opts) != 0 ||
		    !X509_REQ_set_pubkey(req, key) ||
		    !X509_REQ_sign(req, key, EVP_sha256()) ||
		    !PEM_write_bio_X509_REQ(rb, req)) {
			rc = ll_error_set_openssl(LL_EINTERNAL, "creating CSR");
			goto out;
		}
		if ((rc = bio_to_buf(&data, rb)) < 0 ||
		    (rc = ll_write_new_file(rpath.ptr, 0644, data.ptr, data.len)) < 0)
			goto out;
	}
	rc = der_fingerprint(fpr_out, cert);
out:
	if (data.cap)
		OPENSSL_cleanse(data.ptr, data.len);
	ll_buf_release(&data);
	ll_buf_release(&kpath);
	ll_buf_release(&cpath);
	ll_buf_release(&rpath);
	BIO_free(kb);
	BIO_free(cb);
	BIO_free(rb);
	BN_free(bn);
	X509_REQ_free(req);
	X509_free(cert);
	EVP_PKEY_free(key);
	return rc;
}

static int subject_cn(char **out, X509 *cert)
{
	char cn[256] = "";

	X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName,
				  cn, sizeof(cn));
	if (!(*out = ll_strdup(cn)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

static int load_cert_pem(X509 **out, const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);

	*out = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	if (!*out)
		return ll_error_set_openssl(LL_ECORRUPT, "unreadable certificate");
	return 0;
}

/*
 * Reads the private key file, refusing it as ssh does when group or others
 * may read, write or run it: a key others can read may have been copied, and
 * a signature made with it no longer shows who signed.
 */
static int read_key_file(struct ll_buf *pem, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	struct stat sb;
	char chunk[4096];
	ssize_t n;
	int rc = 0;

	if (fd < 0)
		return ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO,
				    "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0) {
		rc = ll_error_set(LL_EIO, "cannot stat '%s': %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		rc = ll_error_set(LL_EUNSUPPORTED, "'%s' is not a regular file", path);
		goto out;
	}
	if (sb.st_mode & 077) {
		rc = ll_error_set(LL_EUNSUPPORTED,
				  "permissions %04o for '%s' are too open: a private key must be "
				  "readable by its owner only; refusing to use it "
				  "(chmod 600 '%s', and consider the key compromised if others could read it)",
				  (unsigned)(sb.st_mode & 07777), path, path);
		goto out;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = ll_error_set(LL_EIO, "cannot read '%s': %s", path, strerror(errno));
			break;
		}
		if ((rc = ll_buf_put(pem, chunk, (size_t)n)) < 0)
			break;
	}
out:
	OPENSSL_cleanse(chunk, sizeof(chunk));
	close(fd);
	return rc;
}

int ll_signer_load(struct ll_signer **out, const char *key_path,
		   const char *cert_path, const char *passphrase)
{
	struct ll_signer *s = NULL;
	struct ll_buf pem = LL_BUF_INIT;
	BIO *b = NULL;
	int rc;

	if (!(s = ll_calloc(1, sizeof(*s))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = ll_buf_read_file(&pem, cert_path)) < 0) {
		ll_error_context("examiner certificate");
		goto fail;
	}
	if ((rc = load_cert_pem(&s->cert, pem.ptr)) < 0) {
		ll_error_context("'%s'", cert_path);
		goto fail;
	}
	s->cert_pem = ll_buf_detach(&pem);
	if ((rc = read_key_file(&pem, key_path)) < 0) {
		ll_error_context("examiner key");
		goto fail;
	}
	if (!(b = BIO_new_mem_buf(pem.ptr, (int)pem.len))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto fail;
	}
	s->key = PEM_read_bio_PrivateKey(b, NULL, passphrase ? NULL : PEM_def_callback,
					 (void *)passphrase);
	if (!s->key) {
		rc = ll_error_set_openssl(LL_ECORRUPT, "cannot read key");
		ll_error_context("'%s' (wrong passphrase?)", key_path);
		goto fail;
	}
	if (X509_check_private_key(s->cert, s->key) != 1) {
		rc = ll_error_set(LL_EVERIFY, "key '%s' does not match certificate '%s'",
				  key_path, cert_path);
		goto fail;
	}
	if ((rc = der_fingerprint(s->fingerprint, s->cert)) < 0 ||
	    (rc = subject_cn(&s->name, s->cert)) < 0)
		goto fail;
	OPENSSL_cleanse(pem.ptr, pem.len);
	ll_buf_release(&pem);
	BIO_free(b);
	*out = s;
	return 0;
fail:
	if (pem.cap)
		OPENSSL_cleanse(pem.ptr, pem.len);
	ll_buf_release(&pem);
	BIO_free(b);
	ll_signer_free(s);
	return rc;
}

void ll_signer_free(struct ll_signer *s)
{
	if (!s)
		return;
	EVP_PKEY_free(s->key); /* OpenSSL cleanses key material on free */
	X509_free(s->cert);
	ll_free(s->name);
	ll_free(s->cert_pem);
	ll_free(s);
}

int ll_signer_sign(uint8_t **sig, size_t *siglen, const struct ll_signer *s,
		   const void *data, size_t len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint8_t *out = NULL;
	size_t n = 0;
	int rc = 0;

	if (!ctx)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if (!EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, s->key) ||
	    !EVP_DigestSign(ctx, NULL, &n, data, len)) {
		rc = ll_error_set_openssl(LL_EINTERNAL, "signing");
		goto out;
	}
	if (!(out = ll_malloc(n))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if (!EVP_DigestSign(ctx, out, &n, data, len)) {
		rc = ll_error_set_openssl(LL_EINTERNAL, "signing");
		ll_free(out);
		goto out;
	}
	*sig = out;
	*siglen = n;
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

int ll_cert_verify_sig(const char *cert_pem, const void *data, size_t len,
		       const uint8_t *sig, size_t siglen)
{
	X509 *cert = NULL;
	EVP_MD_CTX *ctx = NULL;
	int rc, ok;

	if ((rc = load_cert_pem(&cert, cert_pem)) < 0)
		return rc;
	if (!(ctx = EVP_MD_CTX_new())) {
		X509_free(cert);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	ok = EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL,
				  X509_get0_pubkey(cert)) == 1 &&
	     EVP_DigestVerify(ctx, sig, siglen, data, len) == 1;
	ERR_clear_error();
	EVP_MD_CTX_free(ctx);
	X509_free(cert);
	return ok ? 0 : ll_error_set(LL_EVERIFY, "signature does not verify");
}

int ll_cert_fingerprint(char out[65], const char *cert_pem)
{
	X509 *cert = NULL;
	int rc;

	if ((rc = load_cert_pem(&cert, cert_pem)) < 0)
		return rc;
	rc = der_fingerprint(out, cert);
	X509_free(cert);
	return rc;
}

int ll_cert_subject_cn(char **out, const char *cert_pem)
{
	X509 *cert = NULL;
	int rc;

	if ((rc = load_cert_pem(&cert, cert_pem)) < 0)
		return rc;
	rc = subject_cn(out, cert);
	X509_free(cert);
	return rc;
}

int ll_key_default_dir(char **out)
{
	const char *home = getenv("LIFELINE_HOME");
	struct ll_buf b = LL_BUF_INIT;
	int rc;

	if (home && *home)
		rc = ll_buf_puts(&b, home);
	else if ((home = getenv("HOME")) && *home)
		rc = ll_buf_printf(&b, "%s/.lifeline", home);
	else
		return ll_error_set(LL_ENOTFOUND,
				    "no HOME or LIFELINE_HOME to find the examiner key");
	if (rc < 0)
		return rc;
	*out = ll_buf_detach(&b);
	return *out ? 0 : ll_error_set(LL_ENOMEM, "out of memory");
}

int ll_key_default_paths(char **key_out, char **cert_out, const char *key_opt,
			 const char *cert_opt)
{
	const char *k = key_opt ? key_opt : getenv("LIFELINE_KEY");
	const char *c = cert_opt ? cert_opt : getenv("LIFELINE_CERT");
	struct ll_buf kb = LL_BUF_INIT, cb = LL_BUF_INIT;
	char *dir = NULL;
	int rc = 0;

	if (!k || !*k || !c || !*c) {
		if ((rc = ll_key_default_dir(&dir)) < 0)
			return rc;
	}
	if (k && *k)
		rc = ll_buf_puts(&kb, k);
	else
		rc = ll_buf_printf(&kb, "%s/examiner.key", dir);
	if (rc == 0) {
		if (c && *c)
			rc = ll_buf_puts(&cb, c);
		else
			rc = ll_buf_printf(&cb, "%s/examiner.crt", dir);
	}
	ll_free(dir);
	if (rc < 0) {
		ll_buf_release(&kb);
		ll_buf_release(&cb);
		return rc;
	}
	*key_out = ll_buf_detach(&kb);
	*cert_out = ll_buf_detach(&cb);
	return 0;
}
