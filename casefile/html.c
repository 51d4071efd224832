/* SPDX-License-Identifier: Apache-2.0 */
/* Escapes untrusted case text before it goes into the report's HTML and SVG. */
#include "core/compat.h"
#include "casefile/html.h"

#include "core/buf.h"

int ll_html_text_max(struct ll_buf *b, const char *s, size_t max)
{
	size_t n = 0;
	int rc = 0;

	if (!s)
		return 0;
	for (; *s && rc == 0; s++, n++) {
		if (n >= max && (((unsigned char)*s & 0xc0) != 0x80))
			return ll_buf_puts(b, "\xe2\x80\xa6");
		switch (*s) {
		case '&': rc = ll_buf_puts(b, "&amp;"); break;
		case '<': rc = ll_buf_puts(b, "&lt;"); break;
		case '>': rc = ll_buf_puts(b, "&gt;"); break;
		case '"': rc = ll_buf_puts(b, "&quot;"); break;
		case '\'': rc = ll_buf_puts(b, "&#39;"); break;
		default:
			/* control characters would make the page invalid */
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
				rc = ll_buf_putc(b, ' ');
			else
				rc = ll_buf_putc(b, *s);
		}
	}
	return rc;
}

int ll_html_text(struct ll_buf *b, const char *s)
{
	return ll_html_text_max(b, s, SIZE_MAX);
}

int ll_html_id(struct ll_buf *b, const char *s)
{
	int rc = 0;

	for (; s && *s && rc == 0; s++) {
		char c = *s;
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			  (c >= '0' && c <= '9') || c == '-' || c == '_';

		rc = ll_buf_putc(b, ok ? c : '_');
	}
	return rc;
}
