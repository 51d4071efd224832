/* SPDX-License-Identifier: Apache-2.0 */
/* The analyses table: what each analysis of an item ran with and found (read by the case file). */
#ifndef LL_CORE_ANALYSIS_H
#define LL_CORE_ANALYSIS_H

#include "core/compat.h"

struct ll_store;

/*
 * Records (or replaces) the item's analysis of `kind` ("timeline") as of
 * now: `options`, `counts` and `warnings` are JSON texts. The process's
 * command line (core/cmdline.h) is stored with it, as run.
 */
int ll_analysis_record(struct ll_store *st, const char *evidence_id, const char *kind,
		       const char *options, const char *counts, const char *warnings);

/*
 * Replaces, in the warnings of the item's analysis of `kind`, those that
 * start with `prefix` by `texts` (a JSON array text of strings; "[]" drops
 * them). A pass that runs after the analysis (the hosts of analyze/hosts.c)
 * keeps its own warnings current this way. Nothing when the item has no
 * such analysis.
 */
int ll_analysis_replace_warnings(struct ll_store *st, const char *evidence_id, const char *kind,
				 const char *prefix, const char *texts);

/*
 * Sets the codes of the item's analysis of `kind`'s warnings: a JSON array
 * of {text, code, params} (analyze/source.h, ll_source_warn_code), `text`
 * the English exactly as in `warnings`, from which a report in another
 * language composes them (casefile/report/facts/warning_text.h).
 */
int ll_analysis_set_warning_codes(struct ll_store *st, const char *evidence_id, const char *kind,
				  const char *codes);

#endif
