/* SPDX-License-Identifier: Apache-2.0 */
/* HTML/SVG text escaping for the report writers. */
#ifndef LL_CASEFILE_HTML_H
#define LL_CASEFILE_HTML_H

#include "core/compat.h"

struct ll_buf;

/* Appends `s` with & < > " ' escaped (NULL appends nothing). */
int ll_html_text(struct ll_buf *b, const char *s);
/* Same for at most `max` bytes of `s`, adding "…" when cut (UTF-8 safe). */
int ll_html_text_max(struct ll_buf *b, const char *s, size_t max);
/* An anchor-safe id fragment: [A-Za-z0-9_-], others as '_'. */
int ll_html_id(struct ll_buf *b, const char *s);

#endif
