/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The report's expert, mandate, declaration and disclosure (issue 18 items
 * 1 and 6): who the expert is (the profile kept with the key), on whose
 * instructions and which questions, verbatim; the declaration and statement
 * of truth in the wording of the case's jurisdiction, with the signature
 * block; what the report does not rest on. Whatever is not recorded is said
 * to be missing, never filled in.
 */
#ifndef LL_CASEFILE_REPORT_EXPERT_HTML_H
#define LL_CASEFILE_REPORT_EXPERT_HTML_H

#include "core/compat.h"

#include <jansson.h>

#include "casefile/report/lang.h"

struct ll_buf;

/* `root` is the model's (model.h: expert, mandate, disclosure, custody). */
struct ll_expert_input {
	const json_t *root;
	const char *examiner;     /* the signing certificate's CN */
	const char *examiner_fpr; /* its SHA-256 */
	enum ll_lang lang;        /* the language of the fixed text (lang.h) */
};

/* The expert and the instructions, then the questions as put (inside section 2). */
int ll_report_expert_html(struct ll_buf *b, const struct ll_expert_input *in);
/* The whole declaration section (id "declaration"). */
int ll_report_declaration_html(struct ll_buf *b, const struct ll_expert_input *in);
/* The disclosure (an h3 "disclosure" inside the limitations section). */
int ll_report_disclosure_html(struct ll_buf *b, const json_t *root, enum ll_lang lang);

#endif
