/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes the URL an attached workspace writes into store.json
 * (ll_ws_url_strip, core/pg/ws_store.c): whatever the --store text, the
 * result is either refused or a URL in which libpq itself finds no
 * password (user:PW@, ?password=, repeated, percent-encoded or not).
 */
#include "core/compat.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/pg/pg_ws.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *url, *out = NULL;

	if (memchr(data, 0, size) || !(url = ll_strndup((const char *)data, size)))
		return 0;
	if (ll_ws_url_strip(&out, url) == 0 && ll_ws_url_has_password(out))
		abort(); /* a password would be written into store.json */
	ll_error_clear();
	ll_free(out);
	ll_free(url);
	return 0;
}
