/* SPDX-License-Identifier: Apache-2.0 */
/* OpenSSL EVP digests behind a small API. */
#include "core/compat.h"
#include "core/hash.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "core/alloc.h"
#include "core/error.h"

void ll_hex_encode(char *out, const uint8_t *data, size_t len)
{
	static const char hexd[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = hexd[data[i] >> 4];
		out[2 * i + 1] = hexd[data[i] & 15];
	}
	out[2 * len] = '\0';
}

int ll_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int ll_hex_decode(uint8_t *out, size_t outlen, const char *hex)
{
	if (strlen(hex) != outlen * 2)
		return ll_error_set(LL_ECORRUPT, "hex string of wrong length");
	for (size_t i = 0; i < outlen; i++) {
		int hi = ll_hex_digit(hex[2 * i]), lo = ll_hex_digit(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return ll_error_set(LL_ECORRUPT, "bad hex digit");
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int ll_sha256(uint8_t out[32], const void *data, size_t len)
{
	unsigned int n = 32;

	if (!EVP_Digest(data, len, out, &n, EVP_sha256(), NULL))
		return ll_error_set_openssl(LL_EINTERNAL, "sha256");
	return 0;
}

int ll_sha256_hex(char out[LL_SHA256_HEX], const void *data, size_t len)
{
	uint8_t md[32];
	int rc;

	if ((rc = ll_sha256(md, data, len)) < 0)
		return rc;
	ll_hex_encode(out, md, 32);
	return 0;
}

static const EVP_MD *algo_md(int i)
{
	switch (i) {
	case 0: return EVP_md5();
	case 1: return EVP_sha1();
	default: return EVP_sha256();
	}
}

int ll_multihash_init(struct ll_multihash *h, unsigned algos)
{
	memset(h, 0, sizeof(*h));
	h->algos = algos;
	for (int i = 0; i < 3; i++) {
		EVP_MD_CTX *c;

		if (!(algos & (1u << i)))
			continue;
		if (!(c = EVP_MD_CTX_new()) ||
		    !EVP_DigestInit_ex(c, algo_md(i), NULL)) {
			EVP_MD_CTX_free(c);
			ll_multihash_release(h);
			return ll_error_set_openssl(LL_ENOMEM, "digest init");
		}
		h->ctx[i] = c;
	}
	return 0;
}

int ll_multihash_update(struct ll_multihash *h, const void *data, size_t len)
{
	for (int i = 0; i < 3; i++)
		if (h->ctx[i] && !EVP_DigestUpdate(h->ctx[i], data, len))
			return ll_error_set_openssl(LL_EINTERNAL, "digest update");
	return 0;
}

int ll_multihash_final(struct ll_multihash *h, char md5[33], char sha1[41],
		       char sha256[65])
{
	char *outs[3] = { md5, sha1, sha256 };

	for (int i = 0; i < 3; i++) {
		uint8_t md[EVP_MAX_MD_SIZE];
		unsigned int n = 0;

		if (!outs[i])
			continue;
		outs[i][0] = '\0';
		if (!h->ctx[i])
			continue;
		if (!EVP_DigestFinal_ex(h->ctx[i], md, &n))
			return ll_error_set_openssl(LL_EINTERNAL, "digest final");
		ll_hex_encode(outs[i], md, n);
	}
	return 0;
}

void ll_multihash_release(struct ll_multihash *h)
{
	for (int i = 0; i < 3; i++) {
		EVP_MD_CTX_free(h->ctx[i]);
		h->ctx[i] = NULL;
	}
}

int ll_hash_file(const char *path, unsigned algos, char md5[33], char sha1[41],
		 char sha256[65], uint64_t *size_out)
{
	struct ll_multihash h;
	uint8_t *buf = NULL;
	uint64_t total = 0;
	int fd, rc;
	ssize_t n;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO,
				    "cannot open '%s': %s", path, strerror(errno));
	if ((rc = ll_multihash_init(&h, algos)) < 0) {
		close(fd);
		return rc;
	}
	if (!(buf = ll_malloc(1 << 20))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	while ((n = read(fd, buf, 1 << 20)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = ll_error_set(LL_EIO, "cannot read '%s': %s", path,
					  strerror(errno));
			goto out;
		}
		if ((rc = ll_multihash_update(&h, buf, (size_t)n)) < 0)
			goto out;
		total += (uint64_t)n;
	}
	if ((rc = ll_multihash_final(&h, md5, sha1, sha256)) < 0)
		goto out;
	if (size_out)
		*size_out = total;
out:
	ll_free(buf);
	ll_multihash_release(&h);
	close(fd);
	return rc;
}
