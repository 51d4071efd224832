/* SPDX-License-Identifier: Apache-2.0 */
/* Three digest stages: MD5 is the slowest with SHA-NI, so each digest gets a thread. */
#include "core/compat.h"
#include "collect/hashers.h"

#include <openssl/evp.h>

#include "collect/pipeline.h"
#include "core/error.h"
#include "core/hash.h"

static int hash_block(void *ctx, struct ll_block *b)
{
	if (!EVP_DigestUpdate(ctx, b->data, b->len))
		return ll_error_set_openssl(LL_EINTERNAL, "digest update");
	return 0;
}

int ll_hashers_init(struct ll_hashers *h)
{
	const EVP_MD *md[3] = { EVP_md5(), EVP_sha1(), EVP_sha256() };

	memset(h, 0, sizeof(*h));
	for (int i = 0; i < 3; i++) {
		if (!(h->ctx[i] = EVP_MD_CTX_new()) ||
		    !EVP_DigestInit_ex(h->ctx[i], md[i], NULL)) {
			ll_hashers_release(h);
			return ll_error_set_openssl(LL_ENOMEM, "digest init");
		}
	}
	return 0;
}

int ll_hashers_attach(struct ll_hashers *h, struct ll_pipe_config *cfg)
{
	if (cfg->nconsumers + 3 > LL_PIPE_MAX_CONSUMERS)
		return ll_error_set(LL_EINTERNAL, "too many pipeline stages");
	for (int i = 0; i < 3; i++) {
		cfg->consumer[cfg->nconsumers] = hash_block;
		cfg->consumer_ctx[cfg->nconsumers] = h->ctx[i];
		cfg->after_prepare[cfg->nconsumers] = false;
		cfg->nconsumers++;
	}
	return 0;
}

int ll_hashers_final(struct ll_media_hashes *out, struct ll_hashers *h)
{
	uint8_t sha256[32];
	unsigned n;

	if (!EVP_DigestFinal_ex(h->ctx[0], out->md5_raw, &n) ||
	    !EVP_DigestFinal_ex(h->ctx[1], out->sha1_raw, &n) ||
	    !EVP_DigestFinal_ex(h->ctx[2], sha256, &n))
		return ll_error_set_openssl(LL_EINTERNAL, "digest final");
	ll_hex_encode(out->md5, out->md5_raw, 16);
	ll_hex_encode(out->sha1, out->sha1_raw, 20);
	ll_hex_encode(out->sha256, sha256, 32);
	return 0;
}

void ll_hashers_release(struct ll_hashers *h)
{
	for (int i = 0; i < 3; i++) {
		EVP_MD_CTX_free(h->ctx[i]);
		h->ctx[i] = NULL;
	}
}
