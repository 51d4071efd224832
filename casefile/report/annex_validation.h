/* SPDX-License-Identifier: Apache-2.0 */
/* The report's annex "Validation of methods", from the validation.json of `lifeline validate`. */
#ifndef LL_CASEFILE_REPORT_ANNEX_VALIDATION_H
#define LL_CASEFILE_REPORT_ANNEX_VALIDATION_H

#include "core/compat.h"

#include <jansson.h>

#include "casefile/report/lang.h"

struct ll_buf;

/*
 * Appends <section id="validation">: per check what was compared with which
 * peer (and version) on which data (name, size, SHA-256), the counts and the
 * result, the run's date, host and lifeline binary, and each check's known
 * limits; every figure as the document gives it (casefile/validation_doc.h
 * checked it), every string escaped and isolated. `doc` NULL: the section
 * says that no validation run was supplied. Count cells carry
 * data-check/data-count attributes so a test can read them back.
 */
int ll_report_validation_html(struct ll_buf *out, const json_t *doc, enum ll_lang lang);

#endif
