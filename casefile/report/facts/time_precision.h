/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A hospital record's time at the precision it was recorded with (issue
 * #18, item 7): a harm event recorded to the day is shown as that day, not
 * as midnight UTC, which would state a time nobody recorded.
 */
#ifndef LL_CASEFILE_REPORT_FACTS_TIME_PRECISION_H
#define LL_CASEFILE_REPORT_FACTS_TIME_PRECISION_H

#include "core/compat.h"

#include "casefile/report/lang.h"

/*
 * Writes `iso` (an ISO 8601 UTC time, "2021-11-13T00:00:00Z") as recorded
 * with `precision` (the harm schema's time_precision: second, minute, hour,
 * day, approx; NULL or "" as second): "day" gives the date alone with
 * "(day)", "approx" prefixes "approx."; any other, or a time that is not
 * ISO 8601, is copied as it is. Returns true when the time was shortened
 * to its day.
 */
bool ll_time_at_precision(char *out, size_t outlen, const char *iso, const char *precision, enum ll_lang lang);

#endif
