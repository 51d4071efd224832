/* SPDX-License-Identifier: Apache-2.0 */
/* Debian package logs: dpkg.log lines and apt's history.log records (local time, no zone). */
#ifndef LL_ANALYZE_PKGLOG_PARSE_H
#define LL_ANALYZE_PKGLOG_PARSE_H

#include "core/compat.h"
#include "analyze/readers/syslog_parse.h" /* struct ll_span */

/* A local wall-clock time as written, no zone. */
struct ll_pkg_time {
	int64_t y;
	unsigned mon, d, h, mi, s;
};

/*
 * "YYYY-MM-DD HH:MM:SS ACTION W1 W2 W3" (dpkg's log.c): up to four words
 * after the time; `rest` is everything after the time.
 */
struct ll_dpkg_line {
	struct ll_pkg_time t;
	struct ll_span time, rest, action;
	struct ll_span w[3];
	size_t nw;
};
int ll_dpkg_parse(struct ll_dpkg_line *out, const char *s, size_t n);

/* "Key: value" of an apt history record; 1 if the line is one, else 0. */
int ll_apt_field(struct ll_span *key, struct ll_span *val, const char *s, size_t n);

/* apt's "YYYY-MM-DD  HH:MM:SS" (two spaces; one accepted); 0 or LL_ECORRUPT. */
int ll_apt_time(struct ll_pkg_time *t, const char *s, size_t n);

#endif
