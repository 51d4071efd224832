/* SPDX-License-Identifier: Apache-2.0 */
/* UTC time: nanoseconds since 1970, RFC 3339 text, zone conversion by rule. */
#ifndef LL_CORE_TIME_H
#define LL_CORE_TIME_H

#include "core/compat.h"

#define LL_NS_PER_SEC INT64_C(1000000000)

/* Now, in ns since the epoch; LIFELINE_NOW (RFC 3339) fixes it for tests. */
int64_t ll_time_now_ns(void);

/*
 * Formats `ns` as RFC 3339 UTC with `digits` fractional digits (0, 3, 6 or
 * 9): "2024-06-03T14:02:11.123456Z". `out` needs 40 bytes.
 */
void ll_time_format(char *out, size_t outlen, int64_t ns, int digits);

/*
 * Parses RFC 3339 ("YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM)", 'T' or ' '). An
 * offset is required unless `allow_no_zone` (then UTC is assumed and
 * *had_zone is false). Returns LL_ECORRUPT on anything else.
 */
int ll_time_parse_rfc3339(int64_t *out_ns, bool *had_zone, const char *s,
			  bool allow_no_zone);

/* Days since 1970-01-01 of a proleptic Gregorian date (no range limits). */
int64_t ll_days_from_civil(int64_t y, unsigned m, unsigned d);
void ll_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

/* Seconds since the epoch of a broken-down UTC time (no validation). */
int64_t ll_time_from_utc(int64_t y, unsigned mon, unsigned d, unsigned h,
			 unsigned mi, unsigned s);

/*
 * Converts a local wall-clock time in IANA zone `zone` ("Europe/Berlin",
 * "UTC", or a fixed "+02:00") to UTC seconds. For ambiguous local times
 * (autumn DST) the earlier instant is chosen. Returns LL_EINVAL for an
 * unknown zone.
 */
int ll_time_local_to_utc(int64_t *out_sec, const char *zone, int64_t y,
			 unsigned mon, unsigned d, unsigned h, unsigned mi,
			 unsigned s);

/* True when `zone` names a zone the system knows (tzdata) or a fixed offset. */
bool ll_time_zone_valid(const char *zone);

#endif
