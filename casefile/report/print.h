/* SPDX-License-Identifier: Apache-2.0 */
/* Paged media for the report and its annexes: A4 pages, running header, "page x of y". */
#ifndef LL_CASEFILE_REPORT_PRINT_H
#define LL_CASEFILE_REPORT_PRINT_H

#include "core/compat.h"

#include "casefile/report/lang.h"

struct ll_buf;

/*
 * CSS for print (WeasyPrint, Chromium): A4, the running header taken from
 * the .running element (string-set, so no case text is ever put in CSS) and
 * "page x of y" in the bottom margin.
 */
extern const char ll_report_print_css[];

/* The annexes' own page style (annex A, annex C), before ll_report_print_css. */
extern const char ll_report_annex_css[];

/* After it: the footer in the report's language ("page x sur y"); "" for English. */
const char *ll_report_print_css_lang(enum ll_lang lang);

/*
 * <meta> tags a PDF renderer turns into the document's dates: the report's
 * state time (`generated_ns`), so two builds of one case give one PDF.
 */
int ll_report_print_meta(struct ll_buf *b, int64_t generated_ns);

/*
 * The running header's element: "<doc>, case <case id>, version of <time>"
 * ("<doc>, affaire <case id>, version du <time>" in French).
 * `doc` is a literal of the report; `case_id` is escaped.
 */
int ll_report_print_running(struct ll_buf *b, const char *doc, const char *case_id,
			    int64_t generated_ns, enum ll_lang lang);

#endif
