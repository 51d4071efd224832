/* SPDX-License-Identifier: Apache-2.0 */
/* Causation per harm event, as far as the digital evidence goes (issue 18 item 5). */
#ifndef LL_CASEFILE_REPORT_CAUSATION_H
#define LL_CASEFILE_REPORT_CAUSATION_H

#include "core/compat.h"

#include <jansson.h>

#include "casefile/report/lang.h"

struct ll_buf;

/*
 * Appends, for each chain of the model's correlation document, what the
 * digital evidence establishes, what the hospital reports, what only the
 * clinical review can establish, who reviewed it, and what is missing.
 * `root` is the case model's root (correlation, harm_reviewers).
 */
int ll_report_causation(struct ll_buf *out, const json_t *root, const char *heading, enum ll_lang lang);

#endif
