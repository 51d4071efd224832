/* SPDX-License-Identifier: Apache-2.0 */
/* MD5, SHA-1 and SHA-256 of the media, each on its own pipeline thread (OpenSSL EVP). */
#ifndef LL_COLLECT_HASHERS_H
#define LL_COLLECT_HASHERS_H

#include "core/compat.h"

struct ll_pipe_config;

struct ll_media_hashes {
	char md5[33], sha1[41], sha256[65];
	uint8_t md5_raw[16], sha1_raw[20];
};

struct ll_hashers {
	void *ctx[3]; /* EVP_MD_CTX * for MD5, SHA-1, SHA-256 */
};

int ll_hashers_init(struct ll_hashers *h);
/* Adds the three hash stages to `cfg` as ordered consumers. */
int ll_hashers_attach(struct ll_hashers *h, struct ll_pipe_config *cfg);
int ll_hashers_final(struct ll_media_hashes *out, struct ll_hashers *h);
void ll_hashers_release(struct ll_hashers *h);

#endif
