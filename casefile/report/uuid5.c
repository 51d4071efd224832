/* SPDX-License-Identifier: Apache-2.0 */
/* UUID version 5: SHA-1 of namespace and name, version and variant bits set. */
#include "core/compat.h"
#include "casefile/report/uuid5.h"

#include <openssl/evp.h>

#include "core/error.h"

/* uuid5(NAMESPACE_URL, "https://lifeline.invalid/casefile") */
const uint8_t ll_uuid5_lifeline_ns[16] = {
	0xed, 0xe0, 0x4e, 0x9d, 0x07, 0xc7, 0x5b, 0xf8,
	0x94, 0x9a, 0xb2, 0xb6, 0xbb, 0xf3, 0xaf, 0xf0,
};

int ll_uuid5(char out[LL_UUID_STR], const uint8_t ns[16], const char *name)
{
	static const char hexd[] = "0123456789abcdef";
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	size_t o = 0;

	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) ||
	    !EVP_DigestUpdate(ctx, ns, 16) ||
	    !EVP_DigestUpdate(ctx, name, strlen(name)) ||
	    !EVP_DigestFinal_ex(ctx, md, &mdlen) || mdlen < 16) {
		EVP_MD_CTX_free(ctx);
		return ll_error_set_openssl(LL_EINTERNAL, "uuid5 sha1");
	}
	EVP_MD_CTX_free(ctx);
	md[6] = (uint8_t)((md[6] & 0x0f) | 0x50);
	md[8] = (uint8_t)((md[8] & 0x3f) | 0x80);
	for (size_t i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hexd[md[i] >> 4];
		out[o++] = hexd[md[i] & 15];
	}
	out[o] = '\0';
	return 0;
}
