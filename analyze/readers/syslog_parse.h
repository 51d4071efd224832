/* SPDX-License-Identifier: Apache-2.0 */
/* One syslog line split into its parts: RFC 3164, RFC 5424, and rsyslog's RFC 3339 form. */
#ifndef LL_ANALYZE_SYSLOG_PARSE_H
#define LL_ANALYZE_SYSLOG_PARSE_H

#include "core/compat.h"

enum ll_syslog_kind { LL_SYSLOG_3164 = 1, LL_SYSLOG_5424, LL_SYSLOG_ISO };

struct ll_span {
	const char *p;
	size_t n;
};

struct ll_syslog_line {
	enum ll_syslog_kind kind;
	int pri;                      /* -1 when absent */
	struct ll_span time;          /* the time text as found */
	/* RFC 3164: wall-clock parts, no year, no zone */
	unsigned mon, day, hour, min, sec;
	uint32_t frac_ns;
	/* RFC 5424 / ISO: the instant, UTC */
	int64_t ns;
	bool time_range;       /* RFC 3339 time outside the storable range (message in ll_error_message) */
	struct ll_span host, app, pid, msgid, sd, msg;
	struct ll_span body;          /* everything after the host: "app[pid]: msg" */
};

/*
 * Parses one line (no newline). Returns 0, or LL_ECORRUPT when the line is
 * not syslog (the caller names file and line).
 */
int ll_syslog_parse(struct ll_syslog_line *out, const char *s, size_t len);

/* The parser name stored with events: "rfc3164", "rfc5424", "rsyslog-iso". */
const char *ll_syslog_kind_name(enum ll_syslog_kind k);

#endif
