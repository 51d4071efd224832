/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzzes /etc/hostname's reading and the host-name check (core/hostname.c): what passes is a clean name. */
#include "core/compat.h"

#include "core/hostname.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[LL_HOSTNAME_MAX + 1], why[160];
	size_t len = size < LL_HOSTNAME_FILE_MAX ? size : LL_HOSTNAME_FILE_MAX;

	if (ll_hostname_from_file(out, data, len, size, why, sizeof(why)) == 0) {
		size_t n = strlen(out);

		/* a name that passes: 1..253 bytes of letters, digits, '-', '_', '.' */
		if (n == 0 || n > LL_HOSTNAME_MAX ||
		    ll_hostname_check(out, n, why, sizeof(why)) != 0 ||
		    !ll_hostname_same(out, out))
			__builtin_trap();
		for (size_t i = 0; i < n; i++)
			if (out[i] <= ' ' || out[i] > '~')
				__builtin_trap();
	}
	/* the check of the raw bytes never reads past them */
	(void)ll_hostname_check((const char *)data, size, why, sizeof(why));
	if (size > 1) {
		char a[64], b[64];
		size_t h = size / 2 < sizeof(a) - 1 ? size / 2 : sizeof(a) - 1;
		size_t k = size - size / 2 < sizeof(b) - 1 ? size - size / 2 : sizeof(b) - 1;

		memcpy(a, data, h);
		a[h] = '\0';
		memcpy(b, data + size / 2, k);
		b[k] = '\0';
		if (ll_hostname_same(a, b) != ll_hostname_same(b, a))
			__builtin_trap();
	}
	return 0;
}
