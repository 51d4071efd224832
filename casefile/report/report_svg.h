/* SPDX-License-Identifier: Apache-2.0 */
/* The report's SVG timeline: swim lanes for attacker, systems, disruptions and harm. */
#ifndef LL_CASEFILE_REPORT_SVG_H
#define LL_CASEFILE_REPORT_SVG_H

#include "core/compat.h"

#include "casefile/report/lang.h"

struct ll_buf;
struct ll_casefile_model;

/*
 * Appends an inline <svg> whose marks link to the report's anchors
 * (#f-<finding>, #d-<disruption>, #c-<harm event>). With nothing to draw
 * it appends a short paragraph saying so.
 */
int ll_report_svg(struct ll_buf *out, const struct ll_casefile_model *m, enum ll_lang lang);

#endif
