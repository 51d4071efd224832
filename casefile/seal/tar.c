/* SPDX-License-Identifier: Apache-2.0 */
/* Writes ustar headers by hand so the archive's bytes depend only on its content. */
#include "core/compat.h"
#include "casefile/seal/tar.h"

#include <string.h>

#include "core/buf.h"
#include "core/error.h"

static void octal(char *field, size_t width, uint64_t v)
{
	/* width-1 octal digits, NUL-terminated, zero-padded */
	field[width - 1] = '\0';
	for (size_t i = width - 1; i-- > 0;) {
		field[i] = (char)('0' + (v & 7));
		v >>= 3;
	}
}

int ll_tar_add(struct ll_buf *tar, const char *name, const void *data,
	       size_t len, int64_t mtime)
{
	char h[512];
	size_t nlen = strlen(name), split = 0;
	unsigned sum = 0;
	int rc;

	memset(h, 0, sizeof(h));
	if (nlen > 100) {
		/* split at a '/' so the prefix fits 155 and the rest 100 */
		for (size_t i = nlen; i-- > 0;)
			if (name[i] == '/' && nlen - i - 1 <= 100 && i <= 155) {
				split = i;
				break;
			}
		if (!split)
			return ll_error_set(LL_EINVAL, "'%s': name too long for ustar", name);
		memcpy(h + 345, name, split);
		memcpy(h, name + split + 1, nlen - split - 1);
	} else {
		memcpy(h, name, nlen);
	}
	if ((uint64_t)len >= (UINT64_C(1) << 33))
		return ll_error_set(LL_EINVAL, "'%s': too large for ustar", name);
	octal(h + 100, 8, 0644);
	octal(h + 108, 8, 0);
	octal(h + 116, 8, 0);
	octal(h + 124, 12, len);
	octal(h + 136, 12, mtime > 0 ? (uint64_t)mtime : 0);
	h[156] = '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memset(h + 148, ' ', 8);
	for (size_t i = 0; i < sizeof(h); i++)
		sum += (unsigned char)h[i];
	octal(h + 148, 7, sum);
	h[155] = ' ';
	if ((rc = ll_buf_put(tar, h, sizeof(h))) < 0 ||
	    (rc = ll_buf_put(tar, data, len)) < 0)
		return rc;
	if (len % 512) {
		static const char zero[512];

		rc = ll_buf_put(tar, zero, 512 - len % 512);
	}
	return rc;
}

int ll_tar_finish(struct ll_buf *tar)
{
	static const char zero[1024];

	return ll_buf_put(tar, zero, sizeof(zero));
}
