/* SPDX-License-Identifier: Apache-2.0 */
/* UTC time: nanoseconds since 1970, RFC 3339 text, zone conversion by rule. */
#ifndef LL_CORE_TIME_H
#define LL_CORE_TIME_H

#include "core/compat.h"

#define LL_NS_PER_SEC INT64_C(1000000000)

/*
 * The instants an int64 count of ns since 1970 can hold. Every time a reader
 * parses goes through ll_time_ns_from_sec or ll_time_ns_from_civil; a time
 * outside this range is refused (LL_ECORRUPT, message containing
 * LL_TIME_RANGE_WHY), never stored at another date.
 */
#define LL_TIME_MIN_TEXT "1677-09-21T00:12:43.145224192Z"
#define LL_TIME_MAX_TEXT "2262-04-11T23:47:16.854775807Z"
#define LL_TIME_RANGE_WHY "outside the storable time range"

/*
 * The one checked conversion: `sec` seconds since the epoch plus `frac_ns`
 * (0..999999999) → ns. Returns LL_ECORRUPT naming `what` (the time as the
 * evidence wrote it; may be NULL) when the instant does not fit in int64 ns.
 */
int ll_time_ns_from_sec(int64_t *out_ns, int64_t sec, int64_t frac_ns,
			const char *what);

/*
 * A proleptic Gregorian wall time that is `offset_s` seconds east of UTC
 * (local = UTC + offset_s), plus `frac_ns`, → UTC ns, checked as above.
 * Fields are not validated beyond what the arithmetic needs (callers check
 * month/day/hour ranges); any year, offset and fraction is safe to pass.
 */
int ll_time_ns_from_civil(int64_t *out_ns, int64_t y, unsigned mon, unsigned d,
			  unsigned h, unsigned mi, unsigned s, int64_t frac_ns,
			  int64_t offset_s);

/* A Windows FILETIME (100 ns ticks since 1601) → ns, checked as above. */
int ll_time_ns_from_filetime(int64_t *out_ns, uint64_t filetime);

/* *ns + delta_s seconds (a clock offset), checked as above. */
int ll_time_ns_shift(int64_t *ns, int64_t delta_s);

/*
 * True when `b` is `a` or up to `span` ns after it, without overflowing on a
 * difference of two stored times (1677 and 2262 are more than INT64_MAX apart).
 */
static inline bool ll_time_within(int64_t a, int64_t b, int64_t span)
{
	return b >= a && (uint64_t)b - (uint64_t)a <= (uint64_t)span;
}

/* True when the last error was a time outside the storable range. */
bool ll_time_range_error(void);

/*
 * An RFC 3339 time split into its fields (what ll_time_parse_rfc3339 reads),
 * for readers that must apply a zone to a zone-less time themselves.
 */
struct ll_time_wall {
	int64_t y;
	unsigned mon, d, h, mi, s; /* s == 60 (leap second) is read as 59 */
	int64_t frac_ns;
	int64_t offset_s;          /* east of UTC; 0 when no zone */
	bool had_zone;
};

int ll_time_parse_rfc3339_wall(struct ll_time_wall *w, const char *s,
			       bool allow_no_zone);

/* Now, in ns since the epoch; LIFELINE_NOW (RFC 3339) fixes it for tests. */
int64_t ll_time_now_ns(void);

/*
 * Formats `ns` as RFC 3339 UTC with `digits` fractional digits (0, 3, 6 or
 * 9): "2024-06-03T14:02:11.123456Z". `out` needs 40 bytes.
 */
void ll_time_format(char *out, size_t outlen, int64_t ns, int digits);

/*
 * The same for `sec` seconds + `nsec` (0..999999999) since the epoch, with
 * 9 digits: any int64 seconds print as their true date (a file's stat times,
 * which need not fit int64 ns). `out` needs 48 bytes.
 */
void ll_time_format_sec(char *out, size_t outlen, int64_t sec, int64_t nsec);

/*
 * Parses RFC 3339 ("YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM)", 'T' or ' '). An
 * offset is required unless `allow_no_zone` (then UTC is assumed and
 * *had_zone is false). Returns LL_ECORRUPT on anything else, and for a time
 * outside LL_TIME_MIN_TEXT .. LL_TIME_MAX_TEXT (after its offset).
 */
int ll_time_parse_rfc3339(int64_t *out_ns, bool *had_zone, const char *s,
			  bool allow_no_zone);

/*
 * One bound of a time window given on a command line (`--from`, `--to`):
 * a date "YYYY-MM-DD" means its first nanosecond, or its last when `end`;
 * else RFC 3339 as above, UTC when it names no zone. LL_ECORRUPT otherwise.
 */
int ll_time_parse_bound(int64_t *out_ns, const char *s, bool end);

/* Days since 1970-01-01 of a proleptic Gregorian date (no range limits). */
int64_t ll_days_from_civil(int64_t y, unsigned m, unsigned d);
void ll_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

/*
 * Seconds since the epoch of a broken-down UTC time (no validation; exact for
 * |y| < 10^12). Readers convert to ns with ll_time_ns_from_civil instead.
 */
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

/*
 * For a process about to lock itself down (a reader worker): loads
 * `zone`'s rules now and keeps TZ on it for good, so that later
 * ll_time_zone_valid and ll_time_local_to_utc of that zone open no file.
 * NULL or a fixed offset loads the process's own zone (gmtime and
 * localtime need it loaded). Once per process.
 */
int ll_time_pin_zone(const char *zone);

#endif
