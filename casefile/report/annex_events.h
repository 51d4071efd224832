/* SPDX-License-Identifier: Apache-2.0 */
/* Annex A of the report: every cited event, one row each, in its own printable page. */
#ifndef LL_CASEFILE_REPORT_ANNEX_EVENTS_H
#define LL_CASEFILE_REPORT_ANNEX_EVENTS_H

#include "core/compat.h"

#include "casefile/report/lang.h"

struct ll_buf;
struct ll_casefile_model;

/* The annex's name in data/, linked from the report ("annex-events.html#ev-12"). */
#define LL_ANNEX_EVENTS "annex-events.html"

/*
 * The cited events of `model` (model.h) as a self-contained HTML page with
 * the report's print CSS: per row the event id, the time in UTC and in
 * `zone` (NULL: UTC only), the time's meaning (timestamp_desc, MACB), the
 * exhibit, source, host, user, message and locator. Evidence text is escaped
 * and isolated as in the report.
 */
int ll_annex_events_html(struct ll_buf *out, const struct ll_casefile_model *model,
			 const char *zone, enum ll_lang lang);

#endif
