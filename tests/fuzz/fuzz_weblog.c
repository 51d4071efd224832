/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzzes the access log grammars: Apache/nginx lines and IIS W3C with #Fields. */
#include "core/compat.h"

#include "analyze/weblog/weblog_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	struct ll_w3c_fields f;
	bool have = false;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		struct ll_weblog_line w;

		if (n >= 8 && !memcmp(s, "#Fields:", 8)) {
			have = ll_w3c_fields_parse(&f, s + 8, n - 8) == 0;
		} else if (have) {
			struct ll_span v[LL_W3C_MAX_FIELDS];
			size_t nv;
			int64_t ns;

			ll_w3c_parse(v, &nv, &ns, &f, s, n);
		} else {
			ll_weblog_parse_apache(&w, s, n);
		}
		s = nl ? nl + 1 : end;
	}
	return 0;
}
