/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A rule file's YAML documents: Sigma puts a correlation and the rules it
 * references in one file, separated by `---`. Each document is parsed on
 * its own (as one rule), with the file's line numbers.
 */
#ifndef LL_ANALYZE_DETECT_RULE_DOCS_H
#define LL_ANALYZE_DETECT_RULE_DOCS_H

#include "core/compat.h"

struct ll_buf;

/*
 * Splits `text` at YAML document markers (a line starting with `---` or
 * `...` followed by a blank or its end: YAML forbids such a line inside any
 * scalar, so the split is the parser's). Each document that holds more than
 * blank, comment or directive lines becomes one buffer in `*out` (`*n` of
 * them), preceded by as many newlines as lines come before it, so a parse
 * of it reports the file's line numbers. A text with no such document is
 * one buffer holding it whole (its parse then says what is wrong).
 */
int ll_rule_docs_split(struct ll_buf **out, size_t *n, const char *text, size_t len);
void ll_rule_docs_free(struct ll_buf *docs, size_t n);

#endif
