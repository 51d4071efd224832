/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the log readers: safe JSON building, UTF-8 repair, month names. */
#ifndef LL_ANALYZE_TEXTLOG_H
#define LL_ANALYZE_TEXTLOG_H

#include "core/compat.h"
#include "core/buf.h"

/*
 * Appends `len` bytes of hostile text as valid UTF-8: invalid sequences and
 * NUL bytes become U+FFFD. With `json`, the text is also escaped for a JSON
 * string body (quotes, backslashes, control characters).
 */
int ll_tl_put_text(struct ll_buf *b, const char *s, size_t len, bool json);

/*
 * A JSON object built by hand (faster than jansson on hot paths):
 * ll_tl_obj_begin, then keys, then ll_tl_obj_end. Keys and values may be
 * hostile; both are repaired and escaped. Errors stick in `err`.
 */
struct ll_tl_obj {
	struct ll_buf *b;
	bool first;
	int err;
};
void ll_tl_obj_begin(struct ll_tl_obj *o, struct ll_buf *b);
void ll_tl_obj_str(struct ll_tl_obj *o, const char *key, const char *v, size_t len);
void ll_tl_obj_cstr(struct ll_tl_obj *o, const char *key, const char *v);
void ll_tl_obj_int(struct ll_tl_obj *o, const char *key, int64_t v);
void ll_tl_obj_bool(struct ll_tl_obj *o, const char *key, bool v);
/* Appends "}" and returns o->err. */
int ll_tl_obj_end(struct ll_tl_obj *o);

/* "Jan".."Dec" (exact case, as syslog and Apache write them) → 1..12, else 0. */
unsigned ll_tl_month(const char *s);

/* Parses exactly `n` digits at `s`; -1 if any is not a digit. */
int64_t ll_tl_digits(const char *s, size_t n);

/* Byte length of `s` up to `max`, stopping at NUL. */
size_t ll_tl_strnlen(const char *s, size_t max);



/*
 * Local wall-clock time (+ `frac_ns`) in a zone → UTC ns through the checked
 * ll_time_ns_from_civil (LL_ECORRUPT, ll_time_range_error(), for a time
 * outside the storable range), with the zone offset cached
 * per local hour (zone rules change on hour boundaries; the system call
 * behind ll_time_local_to_utc is slow). `zone` NULL or "UTC" is UTC.
 */
struct ll_regf_tz;
struct ll_tl_zone {
	const char *zone;
	const struct ll_regf_tz *win; /* a host's Windows rule instead of `zone` (host_zone.h) */
	bool utc;
	int64_t key;   /* y*1000000 + m*10000 + d*100 + h of the cached hour, -1 none */
	int64_t off;   /* utc - local, seconds */
};
void ll_tl_zone_init(struct ll_tl_zone *z, const char *zone);
/* The same with a Windows zone rule (borrowed), read without tzdata (regf_tzrule.h). */
void ll_tl_zone_init_rule(struct ll_tl_zone *z, const struct ll_regf_tz *rule);

/*
 * The zone of a reader of the host's wall clock (a reader flagged
 * host_local_time, analyze/host_zone.h decides what it is handed): --tz's;
 * else the host's own (ctx->opts->host_zone read back into `rule`, the
 * caller's storage, which `z` then borrows); else UTC. A host zone whose
 * words do not read back is said (ll_source_warn) and UTC used. `words`
 * (`n` bytes, LL_TL_ZONE_WORDS is enough) gets what every event's time rule
 * says of it: "zone NAME (--tz)", "zone WORDS (the host's own; --tz not
 * given)" or "zone UTC (default; --tz not given)". One rule for every such
 * reader, so their events say the same.
 */
#define LL_TL_ZONE_WORDS 1024
struct ll_source_ctx;
void ll_tl_zone_init_host(struct ll_tl_zone *z, struct ll_regf_tz *rule, char *words, size_t n,
			  struct ll_source_ctx *ctx);
/* True when `z` is UTC only because neither --tz nor the host gave a zone. */
bool ll_tl_zone_defaulted(const struct ll_tl_zone *z);

int ll_tl_zone_to_ns(int64_t *out_ns, struct ll_tl_zone *z, int64_t y,
		     unsigned mon, unsigned d, unsigned h, unsigned mi, unsigned s,
		     int64_t frac_ns);

/*
 * Content sniffing of a line format: calls `ok` on each of the first `max`
 * non-empty whole lines of a file's head ("\r" stripped; a last line cut by
 * the end of the head is skipped) and returns the number tried; `*n_ok`
 * counts those `ok` accepted. `ok` returns 1 (a line of the format), 0
 * (not one) or -1 (neither: not counted, e.g. a continuation line).
 */
unsigned ll_tl_probe_lines(const uint8_t *head, size_t len, uint64_t file_size, unsigned max,
			   int (*ok)(const char *s, size_t n, void *arg), void *arg,
			   unsigned *n_ok);

/* The usual score of a line format: 0 below half the lines, else 20..90. */
int ll_tl_probe_score(unsigned tried, unsigned ok);

/* True for a valid Gregorian date. */
bool ll_tl_valid_date(int64_t y, unsigned mon, unsigned d);

/*
 * The text of one event as a log reader builds it (message, attrs JSON,
 * locator, the raw time, host, user): one set per reader, reset and
 * refilled line after line so a file costs no allocation per line.
 */
struct ll_tl_row {
	struct ll_buf msg, attrs, loc, raw, host, user;
};

void ll_tl_row_init(struct ll_tl_row *r);
void ll_tl_row_release(struct ll_tl_row *r);

#endif
