/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The texts the analyses wrote, in the report's language (issue #18 item 8).
 *
 * The analyses keep their English as the record (case.db, correlation.json,
 * CASE/UCO): a finding's title and description, a chain link's basis code,
 * a statistic's method. The report renders them in its language:
 * - a finding of a Sigma rule: the rule's own French (`title_fr:`,
 *   `description_fr:`), which `analyze detect` keeps in the finding's details;
 * - a finding of lifeline's C detectors: a sentence from a table here, keyed
 *   by the rule id, filled from the parameters the detector stored in its
 *   details (counts, extension, address, host...);
 * - a link's basis and kind, a statistic's method: a table here, keyed by
 *   the stable code the analysis stores.
 * A text with no French (a Sigma rule from elsewhere) stays as its rule wrote
 * it, and the finding says so (`text_lang`: "en"), never silently mixed in.
 */
#ifndef LL_CASEFILE_REPORT_FACTS_ANALYSIS_TEXT_H
#define LL_CASEFILE_REPORT_FACTS_ANALYSIS_TEXT_H

#include "core/compat.h"

#include <jansson.h>

#include "casefile/report/lang.h"

/*
 * The model as the report shows it in `lang`: for English the model itself
 * (a new reference); for French a deep copy whose findings' "title" and
 * "description", and whose attack-path steps' finding titles, are French
 * where the rule or the table gives it; the English kept in "title_en",
 * "description_en". NULL on allocation failure.
 */
json_t *ll_analysis_text_model(const json_t *root, enum ll_lang lang);

/* A chain link's basis code ("inventory join"...) in `lang`; an unknown code as stored. */
const char *ll_analysis_basis(const char *basis, enum ll_lang lang);
/* A chain link's kind ("system->host"...) in `lang`; an unknown kind as stored. */
const char *ll_analysis_link_kind(const char *kind, enum ll_lang lang);
/* The attack window's rule ("given with --attack"...) in `lang`; an unknown one as stored. */
const char *ll_analysis_window_rule(const char *rule, enum ll_lang lang);
/* A statistic's method sentence (correlate_json.c) in `lang`; an unknown one as stored. */
const char *ll_analysis_stat_method(const char *method, enum ll_lang lang);

#endif
