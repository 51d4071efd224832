/* SPDX-License-Identifier: Apache-2.0 */
/* The report's impact-statistics table: rates with their units, results with their intervals, caveats. */
#ifndef LL_CASEFILE_REPORT_STATS_H
#define LL_CASEFILE_REPORT_STATS_H

#include "core/compat.h"

#include <jansson.h>

#include "casefile/report/lang.h"

struct ll_buf;

/*
 * Appends the table of the correlation document's "statistics" (not empty)
 * and the caveats below it. `endangerment` (the document's disruptions, may be
 * NULL) tells which arrival rates a diversion decision drove.
 */
int ll_report_stats_table(struct ll_buf *out, const json_t *stats, const json_t *endangerment,
			  enum ll_lang lang);

#endif
