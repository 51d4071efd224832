/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzzes the Debian package log grammars: dpkg.log lines, apt history.log fields and dates. */
#include "core/compat.h"

#include "analyze/readers/pkglog_parse.h"
#include "analyze/readers/textlog.h"
#include "core/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	struct ll_buf b = LL_BUF_INIT;

	ll_buf_init(&b);
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		struct ll_dpkg_line d;
		struct ll_span k, v;
		struct ll_pkg_time t;

		if (ll_dpkg_parse(&d, s, n) == 0) {
			ll_buf_reset(&b);
			ll_tl_put_text(&b, d.rest.p, d.rest.n, true);
			for (size_t i = 0; i < d.nw; i++)
				ll_tl_put_text(&b, d.w[i].p, d.w[i].n, true);
		}
		if (ll_apt_field(&k, &v, s, n)) {
			ll_buf_reset(&b);
			ll_tl_put_text(&b, k.p, k.n, true);
			ll_tl_put_text(&b, v.p, v.n, true);
			ll_apt_time(&t, v.p, v.n);
		}
		s = nl ? nl + 1 : end;
	}
	ll_buf_release(&b);
	return 0;
}
