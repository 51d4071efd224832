/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The readers' warnings in the report's language (issue #18).
 *
 * A reader's warning is stored as its English sentence (analyses.warnings,
 * the record); a coded one also has {text, code, params} beside it
 * (analyses.warning_codes, analyze/source.h ll_source_warn_code). A French
 * report composes the warning from its code's French sentence and the same
 * parameters (a table here, docs/formats/warning-codes.md), never by
 * translating the English. A warning with no code (a run recorded before
 * the codes, a library's own message) or with a code or a parameter this
 * build does not know is shown as written and marked as English.
 */
#ifndef LL_CASEFILE_REPORT_FACTS_WARNING_TEXT_H
#define LL_CASEFILE_REPORT_FACTS_WARNING_TEXT_H

#include "core/compat.h"

#include <jansson.h>

struct ll_buf;

/*
 * The French of one coded warning into `out` (appended): 0, or 1 when the
 * code or one of the parameters its sentence needs is unknown (nothing
 * appended), < 0 on allocation failure.
 */
int ll_warning_fr(struct ll_buf *out, const char *code, const json_t *params);

/*
 * For a French report, in the model's copy: each analysis's "warnings"
 * replaced by what the report shows (the French of each coded warning, the
 * English of the others), "warnings_lang" the language of each ("fr" or
 * "en"), and the English kept in "warnings_en". 0 or LL_ENOMEM.
 */
int ll_warning_text_fr(json_t *analyses);

#endif
