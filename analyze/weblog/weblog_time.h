/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The time grammars of web server logs: nginx $time_local, $time_iso8601 and
 * $msec; Apache %t and %{format}t (strftime forms, sec/msec/usec and the
 * _frac parts). A line's time may come in pieces (Apache
 * "%{%d/%b/%Y %T}t.%{msec_frac}t %{%z}t"): each piece fills part of one
 * struct ll_wt, which ll_wt_finish turns into UTC.
 */
#ifndef LL_ANALYZE_WEBLOG_WEBLOG_TIME_H
#define LL_ANALYZE_WEBLOG_WEBLOG_TIME_H

#include "core/compat.h"

struct ll_tl_zone;

enum ll_wt_kind {
	LL_WT_CLF,        /* 12/Mar/2025:09:14:03 +0100 ($time_local) */
	LL_WT_CLF_BRACKET,/* [12/Mar/2025:09:14:03 +0100] (%t) */
	LL_WT_ISO8601,    /* 2025-03-12T09:14:03+01:00 ($time_iso8601) */
	LL_WT_EPOCH_FRAC, /* 1741767243.123 ($msec) */
	LL_WT_EPOCH_S,    /* %{sec}t */
	LL_WT_EPOCH_MS,   /* %{msec}t */
	LL_WT_EPOCH_US,   /* %{usec}t */
	LL_WT_FRAC_MS,    /* %{msec_frac}t: three digits */
	LL_WT_FRAC_US,    /* %{usec_frac}t: six digits */
	LL_WT_STRF,       /* %{strftime}t */
};

/* A line's time as its pieces are read. */
struct ll_wt {
	int64_t y;
	unsigned mon, d, h, mi, s;
	int64_t frac_ns;
	int64_t offset_s;  /* east of UTC */
	int64_t epoch_ns;  /* when an epoch form was read */
	bool have_date, have_clock, have_zone, have_epoch;
	bool range;        /* outside the storable range (ll_time_range_error) */
};

/*
 * Checks a strftime pattern of %{…}t: returns 0, or LL_EINVAL naming the
 * conversion it cannot read back (a message in ll_error_message).
 */
int ll_wt_strf_check(const char *pat);

/*
 * Reads one time piece of `kind` (`pat` for LL_WT_STRF) at s[0..len) into
 * `t`; returns the bytes it took, or 0 when the text is not that form.
 */
size_t ll_wt_read(struct ll_wt *t, enum ll_wt_kind kind, const char *pat, const char *s,
		  size_t len);

/*
 * The UTC time of the pieces: a time without a zone is local time in `zone`
 * (--tz; UTC when it is NULL). Returns 0, LL_ECORRUPT when no date and clock
 * were read (or out of range: t->range set).
 */
int ll_wt_finish(int64_t *out_ns, struct ll_wt *t, struct ll_tl_zone *zone);

#endif
