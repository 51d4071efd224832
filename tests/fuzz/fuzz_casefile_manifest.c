/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzzes the manifest reader `casefile verify` runs on untrusted bags. */
#include "core/compat.h"

#include "casefile/manifest.h"
#include "core/alloc.h"
#include "core/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ll_manifest m = LL_MANIFEST_INIT, again = LL_MANIFEST_INIT;
	struct ll_buf text = LL_BUF_INIT;

	if (ll_manifest_parse(&m, (const char *)data, size) == 0) {
		/* what parses must format and parse back to the same entries */
		if (ll_manifest_format(&text, &m) < 0 ||
		    ll_manifest_parse(&again, text.ptr, text.len) < 0 || again.n != m.n)
			__builtin_trap();
		for (size_t i = 0; i < m.n; i++) {
			if (strcmp(m.v[i].path, again.v[i].path) != 0 ||
			    strcmp(m.v[i].sha256, again.v[i].sha256) != 0 ||
			    !ll_manifest_path_ok(m.v[i].path) ||
			    ll_manifest_find(&m, m.v[i].path) != (ptrdiff_t)i)
				__builtin_trap();
		}
	}
	ll_manifest_release(&m);
	ll_manifest_release(&again);
	ll_buf_release(&text);
	return 0;
}
