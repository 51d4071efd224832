/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzzes the report's text escaping (its UTF-8 decoder reads evidence bytes). */
#include "core/compat.h"

#include "casefile/report/html.h"
#include "core/alloc.h"
#include "core/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The output must be valid UTF-8 with no markup character and nothing invisible. */
static void check(const struct ll_buf *b)
{
	const unsigned char *p = (const unsigned char *)b->ptr;

	for (size_t i = 0; i < b->len;) {
		uint32_t cp;
		size_t n;

		if (p[i] < 0x80)
			n = 1, cp = p[i];
		else if ((p[i] & 0xe0) == 0xc0)
			n = 2, cp = p[i] & 0x1f;
		else if ((p[i] & 0xf0) == 0xe0)
			n = 3, cp = p[i] & 0x0f;
		else if ((p[i] & 0xf8) == 0xf0)
			n = 4, cp = p[i] & 0x07;
		else
			__builtin_trap();
		if (i + n > b->len)
			__builtin_trap();
		for (size_t k = 1; k < n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				__builtin_trap();
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (ll_html_invisible(cp) || cp == '"' || cp == '\'')
			__builtin_trap();
		i += n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ll_buf b = LL_BUF_INIT;
	char *s = ll_malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (ll_html_text(&b, s) == 0 && b.len) {
		check(&b);
		if (memchr(b.ptr, '<', b.len) || memchr(b.ptr, '>', b.len))
			__builtin_trap();
	}
	ll_buf_reset(&b);
	if (ll_html_text_max(&b, s, size / 2) == 0 && b.len)
		check(&b);
	ll_buf_reset(&b);
	if (ll_html_user(&b, s) == 0 && b.len) {
		if (b.len < 11 || memcmp(b.ptr, "<bdi>", 5) || memcmp(b.ptr + b.len - 6, "</bdi>", 6))
			__builtin_trap();
		check(&b);
	}
	ll_buf_release(&b);
	ll_free(s);
	return 0;
}
