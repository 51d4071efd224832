/* SPDX-License-Identifier: Apache-2.0 */
/* Web server access log lines: Apache/nginx common, combined, vhost_combined; IIS W3C. */
#ifndef LL_ANALYZE_WEBLOG_WEBLOG_PARSE_H
#define LL_ANALYZE_WEBLOG_WEBLOG_PARSE_H

#include "core/compat.h"
#include "analyze/readers/syslog_parse.h" /* struct ll_span */

struct ll_weblog_line {
	const char *format;  /* "apache-common" | "apache-combined" | "apache-vhost-combined" */
	int64_t ns;          /* UTC */
	int offset_min;      /* the line's UTC offset, minutes */
	bool time_range;     /* time outside the storable range (message in ll_error_message) */
	struct ll_span vhost, client, ident, user, time, request, method, path,
		protocol, status, bytes, referer, agent, extra;
	struct ll_span xff;  /* a leading X-Forwarded-For list ("a, b, c"): client is its first */
	struct ll_span reqtime; /* a number after the user agent: the request time suffix */
};

/* Parses an Apache/nginx access line; LL_ECORRUPT if it is not one. */
int ll_weblog_parse_apache(struct ll_weblog_line *out, const char *s, size_t len);

#define LL_W3C_MAX_FIELDS 64

/* The column layout an IIS "#Fields:" directive declares. */
struct ll_w3c_fields {
	size_t n;
	char names[LL_W3C_MAX_FIELDS][40];
	int date, time; /* column indexes, -1 if absent */
};

/* Parses "#Fields: a b c" (the text after "#Fields:"). */
int ll_w3c_fields_parse(struct ll_w3c_fields *f, const char *s, size_t len);

/*
 * Splits an IIS data line into `vals` (at most LL_W3C_MAX_FIELDS) and its
 * UTC time from the date/time columns.
 */
int ll_w3c_parse(struct ll_span *vals, size_t *nvals, int64_t *ns,
		 const struct ll_w3c_fields *f, const char *s, size_t len);

#endif
