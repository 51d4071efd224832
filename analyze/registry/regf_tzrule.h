/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A Windows time zone rule (a SYSTEM hive's TimeZoneInformation,
 * regf_name.h) applied without tzdata (issue #19 item 4): a disk image's
 * FAT times are the wall clock of its own system's zone, converted by the
 * image worker after its lock-down, where no zone file can be opened.
 * Pure: no I/O.
 */
#ifndef LL_ANALYZE_REGF_TZRULE_H
#define LL_ANALYZE_REGF_TZRULE_H

#include "core/compat.h"

#include <stddef.h>
#include <stdint.h>

#include "analyze/registry/regf_name.h"

/*
 * Whether the rule makes sense: biases within a day, starts with a month
 * (1–12), a day of the week (0–6), a week (1–5) or a date, hour and minute;
 * both starts or neither. 0, or LL_ECORRUPT with the first field that does
 * not (in the last error).
 */
int ll_regf_tz_check(const struct ll_regf_tz *z);

/*
 * UTC seconds of a wall-clock time under the rule. Daylight saving runs
 * from dst_start (in standard time) to std_start (in daylight time), across
 * the new year in the southern hemisphere; an hour that occurs twice is
 * read as the earlier (daylight) one, as ll_time_local_to_utc does.
 */
int64_t ll_regf_tz_local_to_utc(const struct ll_regf_tz *z, int64_t y, unsigned mon,
				unsigned d, unsigned h, unsigned mi, unsigned s);

/*
 * True when the IANA zone `stated` (an analyst's --tz) and the rule disagree
 * on a winter or a summer noon (or `stated` is no zone): a conflict to say.
 */
bool ll_regf_tz_differs(const struct ll_regf_tz *z, const char *stated);

/*
 * The rule in words, for the time rule and fs_entries.tz: "NAME (UTC+01:00,
 * daylight UTC+02:00 from the last Sunday of March 02:00 to the last Sunday
 * of October 03:00)". Truncated to `n` bytes.
 */
void ll_regf_tz_describe(char *out, size_t n, const struct ll_regf_tz *z);

#endif
