/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Alternative explanations (issue #18, item 2): per detection rule of the
 * report's findings (one table row per rule and alternative, not per
 * finding, so the pages stay few), the innocent explanations an examiner
 * must weigh — an administrator's maintenance, a scheduled backup rotation,
 * a software update, a legitimate remote session, a test, a user mistyping
 * a password — and what in the case's own data speaks against each, or
 * "not excluded" where nothing does. Which alternatives a rule gets follows
 * from its ATT&CK techniques (docs/alternatives.md has the table).
 */
#ifndef LL_CASEFILE_REPORT_LEGAL_ALTERNATIVES_H
#define LL_CASEFILE_REPORT_LEGAL_ALTERNATIVES_H

#include "core/compat.h"

#include <jansson.h>

#include "casefile/report/lang.h"

struct ll_buf;

/*
 * Appends <section id="alternatives">: one row per finding rule of `root`
 * (the case model: findings, correlation.attack_paths), its alternatives
 * each with data-rule, data-alt and data-status ("against" or "open") so a
 * test reads the verdicts back. Findings link to `href`#f-<id> ("" in the
 * report, "report.html" from an annex).
 */
int ll_report_alternatives(struct ll_buf *b, const json_t *root, enum ll_lang lang, const char *href);

/*
 * The core report's paragraph on the alternatives: how many were weighed
 * and how many are not excluded (counted from the table itself), pointing
 * at the annex page `annex` that holds the table (pages stay few).
 */
int ll_report_alternatives_summary(struct ll_buf *b, const json_t *root, enum ll_lang lang, const char *annex);

#endif
