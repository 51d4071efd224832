/* SPDX-License-Identifier: Apache-2.0 */
/* Escapes untrusted case text before it goes into the report's HTML and SVG. */
#include "core/compat.h"
#include "casefile/report/html.h"

#include "core/buf.h"

/*
 * Length of the UTF-8 sequence at `s` and its code point, or 0 when `s` does
 * not start a valid, shortest-form sequence (of at most `avail` bytes).
 */
static size_t utf8_decode(uint32_t *cp, const unsigned char *s, size_t avail)
{
	size_t n;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2, c = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3, c = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n > avail)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

bool ll_html_invisible(uint32_t cp)
{
	return (cp < 0x20 && cp != '\n' && cp != '\t') ||
	       (cp >= 0x7f && cp <= 0x9f) ||      /* DEL, C1 controls */
	       cp == 0x00ad ||                    /* soft hyphen */
	       cp == 0x061c ||                    /* ARABIC LETTER MARK */
	       cp == 0x180e ||                    /* MONGOLIAN VOWEL SEPARATOR */
	       (cp >= 0x200b && cp <= 0x200f) ||  /* zero-width, LRM, RLM */
	       (cp >= 0x2028 && cp <= 0x202e) ||  /* LS, PS, LRE…RLO */
	       (cp >= 0x2060 && cp <= 0x206f) ||  /* WJ, invisible operators, LRI…PDI, deprecated */
	       cp == 0xfeff ||                    /* BOM / ZWNBSP */
	       (cp >= 0xfff9 && cp <= 0xfffb) ||  /* interlinear annotation */
	       (cp >= 0xe0000 && cp <= 0xe007f);  /* tag characters */
}

int ll_html_text_max(struct ll_buf *b, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left, n = 0;
	int rc = 0;

	if (!s)
		return 0;
	left = strlen(s);
	while (left > 0 && rc == 0) {
		uint32_t cp;
		size_t len = utf8_decode(&cp, p, left);

		if (n >= max)
			return ll_buf_puts(b, "\xe2\x80\xa6");
		if (len == 0) {
			/* a byte that is not UTF-8: shown, never passed on raw */
			rc = ll_buf_printf(b, "\xe2\x9f\xa8" "0x%02X" "\xe2\x9f\xa9", p[0]);
			len = 1;
		} else if (ll_html_invisible(cp)) {
			/* ⟨U+202E⟩: the reader sees the character, the page does not obey it */
			rc = ll_buf_printf(b, "\xe2\x9f\xa8" "U+%04" PRIX32 "\xe2\x9f\xa9", cp);
		} else {
			switch (cp) {
			case '&': rc = ll_buf_puts(b, "&amp;"); break;
			case '<': rc = ll_buf_puts(b, "&lt;"); break;
			case '>': rc = ll_buf_puts(b, "&gt;"); break;
			case '"': rc = ll_buf_puts(b, "&quot;"); break;
			case '\'': rc = ll_buf_puts(b, "&#39;"); break;
			default: rc = ll_buf_put(b, p, len);
			}
		}
		p += len;
		left -= len;
		n += len;
	}
	return rc;
}

int ll_html_text(struct ll_buf *b, const char *s)
{
	return ll_html_text_max(b, s, SIZE_MAX);
}

int ll_html_user_max(struct ll_buf *b, const char *s, size_t max)
{
	int rc;

	if (!s || !*s)
		return 0;
	if ((rc = ll_buf_puts(b, "<bdi>")) < 0 || (rc = ll_html_text_max(b, s, max)) < 0)
		return rc;
	return ll_buf_puts(b, "</bdi>");
}

int ll_html_user(struct ll_buf *b, const char *s)
{
	return ll_html_user_max(b, s, SIZE_MAX);
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
