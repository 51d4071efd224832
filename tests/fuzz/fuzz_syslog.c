/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzzes the syslog line grammar and the UTF-8/JSON repair on every line. */
#include "core/compat.h"

#include "analyze/readers/syslog_parse.h"
#include "analyze/readers/textlog.h"
#include "core/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	struct ll_buf b = LL_BUF_INIT;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		struct ll_syslog_line l;

		if (ll_syslog_parse(&l, s, n) == 0) {
			struct ll_tl_obj o;

			ll_buf_reset(&b);
			ll_tl_obj_begin(&o, &b);
			if (l.app.p)
				ll_tl_obj_str(&o, "program", l.app.p, l.app.n);
			ll_tl_obj_str(&o, "msg", l.msg.p ? l.msg.p : "", l.msg.n);
			ll_tl_obj_str(&o, "body", l.body.p ? l.body.p : "", l.body.n);
			ll_tl_obj_str(&o, "host", l.host.p ? l.host.p : "", l.host.n);
			ll_tl_obj_end(&o);
		}
		ll_buf_reset(&b);
		ll_tl_put_text(&b, s, n, false);
		s = nl ? nl + 1 : end;
	}
	ll_buf_release(&b);
	return 0;
}
