/* SPDX-License-Identifier: Apache-2.0 */
/* File names and evidence text: a reversible escape for JSON, quoting for terminals. */
#ifndef LL_CORE_NAME_H
#define LL_CORE_NAME_H

#include "core/compat.h"

struct ll_buf;

/* True when `s` is well-formed UTF-8 (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
bool ll_name_is_utf8(const char *s);

/* The length of the longest well-formed UTF-8 prefix of `s` (strlen(s) when all is). */
size_t ll_utf8_valid_prefix(const char *s);

/*
 * Text a person types (titles, notes, ids) is recorded and signed as UTF-8:
 * 0, or LL_EINVAL naming `what`, the first bad byte and its offset.
 */
int ll_text_check(const char *what, const char *s);

/*
 * The reversible escape of docs/formats/custody.md ("Names that are not
 * UTF-8"): '%' becomes "%25" and every byte that is not part of a well-formed
 * UTF-8 sequence becomes "%HH" (uppercase hex); everything else is kept. The
 * result is always UTF-8. Appends to `out`.
 */
int ll_name_pct_encode(struct ll_buf *out, const char *s);

/*
 * Reverses ll_name_pct_encode: every "%HH" (either case) becomes the byte
 * HH. A '%' not followed by two hex digits, or "%00", gives LL_ECORRUPT.
 * Appends to `out`.
 */
int ll_name_pct_decode(struct ll_buf *out, const char *s);

enum ll_quote_flags {
	/*
	 * A name (git's quote_c_style): when anything needs quoting the
	 * whole name is put in double quotes and '"' and '\' are escaped
	 * too, so the quoted form reads back to exactly the bytes.
	 */
	LL_QUOTE_NAME = 1 << 0,
	/* Keep LF (free text printed as several lines). */
	LL_QUOTE_KEEP_LF = 1 << 1,
};

/*
 * Appends `s` for a terminal with every control character made visible:
 * C0 controls and DEL as \a \b \t \n \v \f \r or \xHH, C1 controls
 * (U+0080..U+009F) as \u0080..\u009f, and bytes that are not well-formed
 * UTF-8 as \xHH. Text without any of these is appended unchanged.
 */
int ll_quote(struct ll_buf *out, const char *s, unsigned flags);

/* True when ll_quote would change `s` (with flags 0). */
bool ll_quote_needed(const char *s);

#endif
