/* SPDX-License-Identifier: Apache-2.0 */
/* File names and evidence text: a reversible escape for JSON, quoting for terminals. */
#include "core/compat.h"
#include "core/name.h"

#include "core/buf.h"
#include "core/error.h"
#include "core/hash.h"

/*
 * Length of the well-formed UTF-8 sequence at `p` (1..4), or 0 when the byte
 * at `p` does not start one. *cp receives the code point.
 */
static size_t utf8_seq(const unsigned char *p, uint32_t *cp)
{
	unsigned char c = p[0];
	size_t n;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, v = c & 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, v = c & 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, v = c & 0x07, min = 0x10000;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) /* also stops at the NUL */
			return 0;
		v = (v << 6) | (p[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

size_t ll_utf8_valid_prefix(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;

	while (*p) {
		size_t n;

		if (*p < 0x80) { /* most text: no call per byte */
			p++;
			continue;
		}
		if (!(n = utf8_seq(p, &cp)))
			break;
		p += n;
	}
	return (size_t)(p - (const unsigned char *)s);
}

bool ll_name_is_utf8(const char *s)
{
	return !s[ll_utf8_valid_prefix(s)];
}

int ll_text_check(const char *what, const char *s)
{
	size_t at;

	if (!s || !s[at = ll_utf8_valid_prefix(s)])
		return 0;
	return ll_error_set(LL_EINVAL,
			    "%s is not valid UTF-8 (byte 0x%02X at offset %zu); lifeline records text as UTF-8",
			    what, (unsigned char)s[at], at);
}

int ll_name_pct_encode(struct ll_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;

	while (*p) {
		size_t n = utf8_seq(p, &cp);
		int rc;

		if (n == 0 || *p == '%') {
			rc = ll_buf_printf(out, "%%%02X", *p);
			n = 1;
		} else {
			rc = ll_buf_put(out, p, n);
		}
		if (rc < 0)
			return rc;
		p += n;
	}
	return 0;
}

int ll_name_pct_decode(struct ll_buf *out, const char *s)
{
	for (const char *p = s; *p; p++) {
		int hi, lo, rc;

		if (*p != '%') {
			rc = ll_buf_putc(out, *p);
		} else {
			if ((hi = ll_hex_digit(p[1])) < 0 || (lo = ll_hex_digit(p[2])) < 0 ||
			    (hi == 0 && lo == 0))
				return ll_error_set(LL_ECORRUPT,
						    "bad percent escape at byte %zu of an escaped name",
						    (size_t)(p - s));
			rc = ll_buf_putc(out, (char)(hi << 4 | lo));
			p += 2;
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* What the byte or sequence at `p` needs: 0 nothing, else its length. */
static size_t needs(const unsigned char *p, size_t *n, unsigned flags)
{
	uint32_t cp;

	*n = utf8_seq(p, &cp);
	if (*n == 0) {
		*n = 1;
		return 1;
	}
	if (cp == '\n' && (flags & LL_QUOTE_KEEP_LF))
		return 0;
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
		return 1;
	if ((flags & LL_QUOTE_NAME) && (cp == '"' || cp == '\\'))
		return 1;
	return 0;
}

bool ll_quote_needed(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	for (; *p; p += n)
		if (needs(p, &n, 0))
			return true;
	return false;
}

int ll_quote(struct ll_buf *out, const char *s, unsigned flags)
{
	static const char named[] = "abtnvfr"; /* 0x07..0x0d */
	const unsigned char *p = (const unsigned char *)s;
	bool wrap = false;
	size_t n;
	int rc;

	if (!s)
		return 0;
	if (flags & LL_QUOTE_NAME)
		wrap = ll_quote_needed(s);
	if (wrap && (rc = ll_buf_putc(out, '"')) < 0)
		return rc;
	for (; *p; p += n) {
		uint32_t cp;

		if (!needs(p, &n, wrap ? flags : flags & ~(unsigned)LL_QUOTE_NAME)) {
			rc = ll_buf_put(out, p, n);
		} else if (n == 1 && (*p == '"' || *p == '\\')) {
			rc = ll_buf_printf(out, "\\%c", *p);
		} else if (n == 1 && *p >= 0x07 && *p <= 0x0d) {
			rc = ll_buf_printf(out, "\\%c", named[*p - 0x07]);
		} else if (n == 2 && utf8_seq(p, &cp) == 2) {
			rc = ll_buf_printf(out, "\\u%04x", (unsigned)cp);
		} else {
			rc = ll_buf_printf(out, "\\x%02x", *p);
		}
		if (rc < 0)
			return rc;
	}
	if (wrap && (rc = ll_buf_putc(out, '"')) < 0)
		return rc;
	return 0;
}
