/* SPDX-License-Identifier: Apache-2.0 */
/* HTML/SVG text escaping for the report writers. */
#ifndef LL_CASEFILE_HTML_H
#define LL_CASEFILE_HTML_H

#include "core/compat.h"

struct ll_buf;

/*
 * True for characters a reader cannot see but a renderer obeys: C0 controls
 * (but TAB and LF), DEL and C1 controls, bidi embeddings, overrides,
 * isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
 * U+061C), zero-width and invisible characters (U+200B–U+200D, U+2060–
 * U+2064, U+FEFF, U+00AD, U+180E), line and paragraph separators (U+2028,
 * U+2029), interlinear annotations and tag characters.
 */
bool ll_html_invisible(uint32_t cp);

/*
 * Appends `s` with & < > " ' escaped (NULL appends nothing); characters of
 * ll_html_invisible() appear as a visible "⟨U+202E⟩", bytes that are not
 * UTF-8 as "⟨0xFF⟩". Safe inside elements, attribute values, <title> and
 * SVG <text>.
 */
int ll_html_text(struct ll_buf *b, const char *s);
/* Same for at most `max` bytes of `s`, adding "…" when cut (UTF-8 safe). */
int ll_html_text_max(struct ll_buf *b, const char *s, size_t max);
/*
 * A string from evidence or a user, in element content: ll_html_text inside
 * <bdi>…</bdi>, so that its direction cannot reorder the text around it
 * (nothing for NULL or "").
 */
int ll_html_user(struct ll_buf *b, const char *s);
int ll_html_user_max(struct ll_buf *b, const char *s, size_t max);
/* An anchor-safe id fragment: [A-Za-z0-9_-], others as '_'. */
int ll_html_id(struct ll_buf *b, const char *s);

#endif
