/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A report writer with a sticky error: the section writers append many
 * pieces, and checking each append hides what they write; the first failure
 * is kept and every later append is skipped, so a failed build never yields a
 * document with a piece silently missing from its middle.
 */
#ifndef LL_CASEFILE_REPORT_OUT_H
#define LL_CASEFILE_REPORT_OUT_H

#include "core/compat.h"

#include <stdarg.h>

#include "casefile/report/lang.h"

struct ll_buf;

struct ll_out {
	struct ll_buf *b;
	int rc;            /* 0, or the first error */
	enum ll_lang lang; /* the language of the fixed text: LL_TXT(o->lang, en, fr) */
};

void ll_out_puts(struct ll_out *o, const char *markup);
void ll_out_printf(struct ll_out *o, const char *fmt, ...) LL_PRINTF(2, 3);
void ll_out_vprintf(struct ll_out *o, const char *fmt, va_list ap);
/* Text from evidence or a user (ll_html_user: escaped, isolated, controls shown). */
void ll_out_user(struct ll_out *o, const char *s);
void ll_out_user_max(struct ll_out *o, const char *s, size_t max);
/* Escaped text that needs no isolation (SVG <text>, <title>). */
void ll_out_text_max(struct ll_out *o, const char *s, size_t max);

#endif
