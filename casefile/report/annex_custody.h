/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The chain of custody in the report: a summary in the core report (section
 * 4) and annex C, every entry, one row each, in its own printable page. A
 * real case has hundreds of entries; the summary does not grow with them.
 */
#ifndef LL_CASEFILE_REPORT_ANNEX_CUSTODY_H
#define LL_CASEFILE_REPORT_ANNEX_CUSTODY_H

#include "core/compat.h"

#include <jansson.h>

#include "casefile/report/lang.h"

struct ll_buf;
struct ll_casefile_model;
struct ll_out;

/* The check of the exported ledger (data/custody/) made by the build. */
struct ll_report_custody_check {
	bool holds;       /* every line chained and signed */
	int64_t entries;  /* lines checked */
	char head[65];    /* the last line's hash (holds) */
	char reason[600]; /* what failed (!holds), with the line */
};

/* The annex's name in data/, linked from the report. */
#define LL_ANNEX_CUSTODY "annex-custody.html"
#define LL_ANNEX_CUSTODY_PDF "annex-custody.pdf" /* rendered by the build */

/*
 * The model's custody entries (model.h) as a self-contained HTML page with
 * the report's print CSS: per row the sequence number, the time in UTC and
 * in `zone` (NULL: UTC only), the examiner, the action (in `lang`), the
 * exhibit, to whom and where, the note as written and the entry's hash.
 * Rows are <tr id="cu-SEQ">.
 */
int ll_annex_custody_html(struct ll_buf *out, const struct ll_casefile_model *model,
			  const char *zone, enum ll_lang lang);

/*
 * Section 4's summary: entries by action, the first and the last entry, the
 * examiners who signed, the result of `check` (NULL: not checked) and its
 * head hash, and where every entry is (annex C, the ledger in the bag).
 * Its length depends on the actions and signers, not on the entries.
 */
void ll_report_custody_summary(struct ll_out *w, const json_t *custody,
			       const struct ll_report_custody_check *check);

#endif
