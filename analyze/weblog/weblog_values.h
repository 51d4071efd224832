/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A web log line read as fields by role (weblog_format.h's struct
 * ll_wf_values: a --log-format match, a JSON or HAProxy line) → the event's
 * attributes and message. The names are the ones the combined-format lines
 * have (client_ip, method, path, status, bytes, referer, user_agent, vhost)
 * plus x_forwarded_for, query, port and request_time_us.
 */
#ifndef LL_ANALYZE_WEBLOG_WEBLOG_VALUES_H
#define LL_ANALYZE_WEBLOG_WEBLOG_VALUES_H

#include "analyze/weblog/weblog_format.h"

struct ll_buf;

/* Splits a request line into method, path and protocol where those are not set. */
void ll_weblog_values_split_request(struct ll_wf_values *v);

/* Writes the attributes object into `attrs` and the one-line message into `msg`. */
int ll_weblog_values_render(struct ll_buf *attrs, struct ll_buf *msg,
			    const struct ll_wf_values *v);

#endif
