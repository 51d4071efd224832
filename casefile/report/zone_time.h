/* SPDX-License-Identifier: Apache-2.0 */
/* A UTC time shown in the case's local zone, beside UTC, for readers of the report. */
#ifndef LL_CASEFILE_REPORT_ZONE_TIME_H
#define LL_CASEFILE_REPORT_ZONE_TIME_H

#include "core/compat.h"

#include <jansson.h>

/*
 * The zone the report shows local times in: `tz` when given, else the first
 * zone an `analyze timeline` run recorded in its options ("tz"), else NULL
 * (UTC only). A recorded "UTC", or a zone the system does not know (an
 * edited database), counts as none.
 */
const char *ll_report_zone(const char *tz, const json_t *analyses);

/*
 * `utc` (RFC 3339, as the model holds times) in `zone` (IANA name or fixed
 * "+02:00"): "2021-11-13 15:36:00 CET (+0100)". Empty when `utc` does not
 * parse or `zone` is NULL. Sets TZ for the call and puts it back.
 */
void ll_report_zone_time(char *out, size_t outlen, const char *utc, const char *zone);

#endif
