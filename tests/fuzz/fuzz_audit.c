/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzzes the audit record grammar, hex decoding and the rendering (attrs JSON, message) on every line. */
#include "core/compat.h"

#include "analyze/readers/audit_parse.h"
#include "analyze/readers/audit_render.h"
#include "core/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	struct ll_audit_rec r;
	struct ll_audit_render o;

	ll_audit_rec_init(&r);
	ll_audit_render_init(&o);
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		if (ll_audit_parse(&r, s, n) == 0 && ll_audit_render(&o, &r) == 0) {
			/* the attrs must always be a valid JSON object */
			json_t *j = json_loadb(o.attrs.ptr, o.attrs.len, 0, NULL);

			if (!j || !json_is_object(j))
				abort();
			json_decref(j);
		}
		s = nl ? nl + 1 : end;
	}
	ll_audit_render_release(&o);
	ll_audit_rec_release(&r);
	return 0;
}
