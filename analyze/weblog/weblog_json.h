/* SPDX-License-Identifier: Apache-2.0 */
/*
 * JSON access log lines (nginx log_format escape=json, Apache with JSON in
 * its LogFormat, Caddy-style and Traefik-style objects): one object a line,
 * its keys the server's variable names or the usual names of a field
 * ("remote_addr", "client_ip", "status", "@timestamp" …).
 */
#ifndef LL_ANALYZE_WEBLOG_WEBLOG_JSON_H
#define LL_ANALYZE_WEBLOG_WEBLOG_JSON_H

#include "core/json.h"
#include "analyze/weblog/weblog_format.h"

struct ll_weblog_json {
	json_t *root;                        /* the spans point into it */
	struct ll_wf_values v;
	char num[LL_WF_ROLES][24];           /* numbers of the role fields, as text */
	char onum[LL_WF_MAX_VALUES][24];     /* numbers of the other fields */
	const char *time_key;                /* the key the time came from */
};

/*
 * Reads a JSON access log line. LL_ECORRUPT when it is not an object with a
 * time and a request, status or method (v.time_range set when the time is
 * outside the storable range). Release with ll_weblog_json_release in any case.
 */
int ll_weblog_json_parse(struct ll_weblog_json *out, struct ll_tl_zone *zone, const char *s,
			 size_t len);
void ll_weblog_json_release(struct ll_weblog_json *j);

#endif
