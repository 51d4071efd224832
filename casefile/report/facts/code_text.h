/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The stable codes the case records and the report shows, in the report's
 * language (issue #18 item 8): custody actions (core/custody.c), the analyses'
 * kinds (the `analyses` table) and their count keys. The record keeps the code;
 * English shows the code itself, French its words from a table here. An
 * unknown code is shown as stored, never guessed.
 */
#ifndef LL_CASEFILE_REPORT_FACTS_CODE_TEXT_H
#define LL_CASEFILE_REPORT_FACTS_CODE_TEXT_H

#include "core/compat.h"

#include "casefile/report/lang.h"

/* A custody action ("check-out"...) in `lang`. */
const char *ll_code_custody_action(const char *action, enum ll_lang lang);
/* An analysis kind ("timeline", "detect (not evaluated)"...) in `lang`. */
const char *ll_code_analysis_kind(const char *kind, enum ll_lang lang);
/* A key of an analysis's or a disruption's counts ("events", "rejected"...) in `lang`. */
const char *ll_code_count_key(const char *key, enum ll_lang lang);

#endif
