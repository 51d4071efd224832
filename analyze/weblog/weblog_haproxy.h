/* SPDX-License-Identifier: Apache-2.0 */
/*
 * HAProxy's HTTP log format ("option httplog"), bare or after a syslog
 * header ("… haproxy[1234]: "):
 *   10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750
 *   - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"
 * The accept date has no zone: it is the proxy's local time (--tz).
 */
#ifndef LL_ANALYZE_WEBLOG_WEBLOG_HAPROXY_H
#define LL_ANALYZE_WEBLOG_WEBLOG_HAPROXY_H

#include "analyze/weblog/weblog_format.h"

/* Reads a line; LL_ECORRUPT when it is not one (out->time_range: the time is out of range). */
int ll_weblog_haproxy_parse(struct ll_wf_values *out, struct ll_tl_zone *zone, const char *s,
			    size_t len);

#endif
