/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes the PostgreSQL store URL masking (ll_pg_mask_url): whatever the
 * --store text, the result is a string, and the value of a password=
 * parameter of a URL never survives into it (when that value occurs only
 * there in the input: a host named like it would be shown, rightly).
 */
#include "core/compat.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/pg/pg_conn.h"

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *url, *m, *v = NULL;
	const char *p;

	if (memchr(data, 0, size) || !(url = ll_strndup((const char *)data, size)))
		return 0;
	m = ll_pg_mask_url(url);
	p = strstr(url, "?password=");
	if (m && p && strstr(url, "://") && strstr(url, "://") < p) {
		size_t n = strcspn(p + 10, "&#@?/:");

		if (n >= 8 && (v = ll_strndup(p + 10, n)) && count(url, v) == 1 && strstr(m, v))
			abort(); /* the password is in the masked text */
	}
	ll_free(v);
	ll_free(m);
	ll_free(url);
	return 0;
}
