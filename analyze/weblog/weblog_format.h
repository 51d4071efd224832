/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A web server's own log format, compiled into a matcher: `--log-format
 * 'nginx:<log_format string>'` or `'apache:<LogFormat string>'`. The
 * definition becomes a list of literals and fields; each field has a role
 * (client address, time piece, status …) that says how its text is read
 * and where it goes in the event. Fields the event has no column for are
 * kept as attributes under their own name ($sent_http_x, %{X}o …).
 */
#ifndef LL_ANALYZE_WEBLOG_WEBLOG_FORMAT_H
#define LL_ANALYZE_WEBLOG_WEBLOG_FORMAT_H

#include "core/compat.h"
#include "analyze/weblog/weblog_time.h"
#include "analyze/readers/syslog_parse.h" /* struct ll_span */

struct ll_tl_zone;

enum ll_wf_role {
	LL_WF_LITERAL,
	LL_WF_OTHER,    /* kept as an attribute under `name` */
	LL_WF_TIME,     /* a time piece: `time`, `pat` */
	LL_WF_CLIENT, LL_WF_XFF, LL_WF_USER, LL_WF_IDENT, LL_WF_REQUEST, LL_WF_METHOD,
	LL_WF_PATH, LL_WF_QUERY, LL_WF_PROTOCOL, LL_WF_STATUS, LL_WF_BYTES, LL_WF_REFERER,
	LL_WF_AGENT, LL_WF_VHOST, LL_WF_PORT,
	LL_WF_REQTIME,  /* request time: `unit_ns` per unit, may have a fraction */
	LL_WF_ROLES
};

struct ll_wf_item {
	enum ll_wf_role role;
	char *text;           /* a literal's bytes, or a field's attribute name */
	size_t len;           /* of a literal */
	enum ll_wt_kind time; /* LL_WF_TIME */
	char *pat;            /* LL_WF_TIME with LL_WT_STRF */
	int64_t unit_ns;      /* LL_WF_REQTIME */
	bool number;          /* digits or "-" only (status, sizes, ports, times) */
	int prio;             /* of two fields with one role, the lower prio is kept */
};

struct ll_wf_format {
	char server[8];       /* "nginx" | "apache" */
	struct ll_wf_item *items;
	size_t n;
	bool has_time;
};

/*
 * Compiles "nginx:…" or "apache:…". LL_EINVAL, with a message naming the
 * offending variable or directive and its offset, for a definition that is
 * not one (an unknown $variable or %directive, no time field).
 */
int ll_wf_compile(struct ll_wf_format **out, const char *spec);
void ll_wf_free(struct ll_wf_format *f);

/* The two servers' compilers (weblog_format_nginx.c, weblog_format_apache.c). */
int ll_wf_compile_nginx(struct ll_wf_format *f, const char *def);
int ll_wf_compile_apache(struct ll_wf_format *f, const char *def);
/* Appends an item (the compilers' helper); text is copied. */
int ll_wf_push(struct ll_wf_format *f, enum ll_wf_role role, const char *text, size_t len);

#define LL_WF_MAX_VALUES 128

/* One line read through a format. */
struct ll_wf_values {
	struct ll_span role[LL_WF_ROLES]; /* by role; p == NULL when absent or "-" */
	int prio[LL_WF_ROLES];
	struct ll_span other[LL_WF_MAX_VALUES];
	const char *other_name[LL_WF_MAX_VALUES];
	size_t nother;
	int64_t ns;           /* UTC */
	struct ll_span time_raw; /* the time text: from the first time piece to the last */
	bool time_range;      /* the time is outside the storable range */
	int64_t reqtime_ns;   /* -1 when none */
	int offset_min;       /* the line's zone, minutes east; INT_MIN when --tz's */
};

/*
 * Reads one line through the format; times without a zone are local in `zone`.
 * Returns 0, or LL_ECORRUPT (message: which field did not match) when the
 * line is not one of the format.
 */
int ll_wf_match(struct ll_wf_values *out, const struct ll_wf_format *f,
		struct ll_tl_zone *zone, const char *s, size_t len);

#endif
