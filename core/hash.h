/* SPDX-License-Identifier: Apache-2.0 */
/* Hashing through OpenSSL EVP: SHA-256 helpers and MD5+SHA-1+SHA-256 in one pass. */
#ifndef LL_CORE_HASH_H
#define LL_CORE_HASH_H

#include "core/compat.h"

#define LL_SHA256_HEX 65 /* 64 hex digits + NUL */

enum ll_hash_algo {
	LL_HASH_MD5 = 1 << 0,
	LL_HASH_SHA1 = 1 << 1,
	LL_HASH_SHA256 = 1 << 2,
	LL_HASH_ALL = 7
};

struct ll_multihash {
	void *ctx[3]; /* EVP_MD_CTX *, NULL for algorithms not asked for */
	unsigned algos;
};

/* Lowercase hex of `len` bytes; `out` needs 2*len+1. */
void ll_hex_encode(char *out, const uint8_t *data, size_t len);
/* The value of one hex digit (either case), -1 if it is not one. */
int ll_hex_digit(char c);
/* Decodes exactly 2*outlen hex digits; LL_ECORRUPT otherwise. */
int ll_hex_decode(uint8_t *out, size_t outlen, const char *hex);

int ll_sha256(uint8_t out[32], const void *data, size_t len);
int ll_sha256_hex(char out[LL_SHA256_HEX], const void *data, size_t len);

int ll_multihash_init(struct ll_multihash *h, unsigned algos);
int ll_multihash_update(struct ll_multihash *h, const void *data, size_t len);
/* Writes hex digests of the algorithms asked for; others get "". */
int ll_multihash_final(struct ll_multihash *h, char md5[33], char sha1[41],
		       char sha256[65]);
void ll_multihash_release(struct ll_multihash *h);

/* Hashes a whole file; `size_out` may be NULL. */
int ll_hash_file(const char *path, unsigned algos, char md5[33], char sha1[41],
		 char sha256[65], uint64_t *size_out);

#endif
