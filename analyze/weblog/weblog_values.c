/* SPDX-License-Identifier: Apache-2.0 */
/* Fields by role → event attributes and message (weblog_values.h). */
#include "core/compat.h"
#include "analyze/weblog/weblog_values.h"

#include <limits.h>

#include "analyze/readers/textlog.h"
#include "core/buf.h"

static const char *const names[LL_WF_ROLES] = {
	[LL_WF_CLIENT] = "client_ip", [LL_WF_XFF] = "x_forwarded_for", [LL_WF_USER] = "user",
	[LL_WF_IDENT] = "ident", [LL_WF_REQUEST] = "request", [LL_WF_METHOD] = "method",
	[LL_WF_PATH] = "path", [LL_WF_QUERY] = "query", [LL_WF_PROTOCOL] = "protocol",
	[LL_WF_STATUS] = "status", [LL_WF_BYTES] = "bytes", [LL_WF_REFERER] = "referer",
	[LL_WF_AGENT] = "user_agent", [LL_WF_VHOST] = "vhost", [LL_WF_PORT] = "port",
	[LL_WF_REQTIME] = "request_time",
};

void ll_weblog_values_split_request(struct ll_wf_values *v)
{
	struct ll_span r = v->role[LL_WF_REQUEST];
	size_t a, b;

	if (!r.p)
		return;
	for (a = 0; a < r.n && r.p[a] != ' '; a++)
		;
	if (!v->role[LL_WF_METHOD].p && a)
		v->role[LL_WF_METHOD] = (struct ll_span){ r.p, a };
	if (a >= r.n)
		return;
	/* the protocol is the last word when it starts with HTTP/ */
	for (b = r.n; b > a + 1 && r.p[b - 1] != ' '; b--)
		;
	if (b > a + 1 && r.n - b > 5 && !memcmp(r.p + b, "HTTP/", 5)) {
		if (!v->role[LL_WF_PROTOCOL].p)
			v->role[LL_WF_PROTOCOL] = (struct ll_span){ r.p + b, r.n - b };
		if (!v->role[LL_WF_PATH].p)
			v->role[LL_WF_PATH] = (struct ll_span){ r.p + a + 1, b - a - 2 };
	} else if (!v->role[LL_WF_PATH].p) {
		v->role[LL_WF_PATH] = (struct ll_span){ r.p + a + 1, r.n - a - 1 };
	}
}

static int64_t integer(struct ll_span v)
{
	return v.p && v.n && v.n <= 18 ? ll_tl_digits(v.p, v.n) : -1;
}

static int put(struct ll_buf *b, struct ll_span v)
{
	return v.p ? ll_tl_put_text(b, v.p, v.n, false) : 0;
}

int ll_weblog_values_render(struct ll_buf *attrs, struct ll_buf *msg, const struct ll_wf_values *v)
{
	struct ll_tl_obj o;
	int64_t n;
	int rc;

	ll_buf_reset(attrs);
	ll_tl_obj_begin(&o, attrs);
	for (int r = LL_WF_CLIENT; r < LL_WF_ROLES; r++) {
		struct ll_span s = v->role[r];

		if (!s.p || r == LL_WF_REQUEST || r == LL_WF_REQTIME)
			continue;
		if ((r == LL_WF_STATUS || r == LL_WF_BYTES || r == LL_WF_PORT) && (n = integer(s)) >= 0)
			ll_tl_obj_int(&o, names[r], n);
		else
			ll_tl_obj_str(&o, names[r], s.p, s.n);
	}
	if (v->role[LL_WF_REQTIME].p)
		ll_tl_obj_str(&o, "request_time", v->role[LL_WF_REQTIME].p, v->role[LL_WF_REQTIME].n);
	if (v->reqtime_ns >= 0)
		ll_tl_obj_int(&o, "request_time_us", v->reqtime_ns / 1000);
	for (size_t i = 0; i < v->nother; i++)
		ll_tl_obj_str(&o, v->other_name[i], v->other[i].p, v->other[i].n);
	if (v->offset_min != INT_MIN)
		ll_tl_obj_int(&o, "utc_offset_minutes", v->offset_min);
	if ((rc = ll_tl_obj_end(&o)) < 0)
		return rc;
	/* "203.0.113.7 GET /x HTTP/1.1 -> 200 (512 bytes)", as the combined lines say it */
	ll_buf_reset(msg);
	if (v->role[LL_WF_CLIENT].p &&
	    ((rc = put(msg, v->role[LL_WF_CLIENT])) < 0 || (rc = ll_buf_putc(msg, ' ')) < 0))
		return rc;
	if (v->role[LL_WF_REQUEST].p) {
		if ((rc = put(msg, v->role[LL_WF_REQUEST])) < 0)
			return rc;
	} else if ((rc = put(msg, v->role[LL_WF_METHOD])) < 0 || (rc = ll_buf_putc(msg, ' ')) < 0 ||
		   (rc = put(msg, v->role[LL_WF_PATH])) < 0) {
		return rc;
	}
	if (v->role[LL_WF_STATUS].p && ((rc = ll_buf_puts(msg, " -> ")) < 0 ||
					(rc = put(msg, v->role[LL_WF_STATUS])) < 0))
		return rc;
	if (v->role[LL_WF_BYTES].p &&
	    ((rc = ll_buf_puts(msg, " (")) < 0 || (rc = put(msg, v->role[LL_WF_BYTES])) < 0 ||
	     (rc = ll_buf_puts(msg, " bytes)")) < 0))
		return rc;
	return 0;
}
