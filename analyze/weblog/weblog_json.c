/* SPDX-License-Identifier: Apache-2.0 */
/* JSON access log lines (weblog_json.h): the usual key names mapped to the event's fields. */
#include "core/compat.h"
#include "analyze/weblog/weblog_json.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>

#include "core/error.h"
#include "core/time.h"

/* Keys of each role, most specific first. */
static const struct {
	enum ll_wf_role role;
	const char *keys[6];
} roles[] = {
	{ LL_WF_CLIENT, { "remote_addr", "client_ip", "clientip", "client_addr", "remote_ip", "ip" } },
	{ LL_WF_XFF, { "http_x_forwarded_for", "x_forwarded_for", "x-forwarded-for", "xff", NULL } },
	{ LL_WF_USER, { "remote_user", "user", "username", NULL } },
	{ LL_WF_REQUEST, { "request", "request_line", NULL } },
	{ LL_WF_METHOD, { "request_method", "method", "verb", NULL } },
	{ LL_WF_PATH, { "request_uri", "uri", "path", "url", NULL } },
	{ LL_WF_QUERY, { "args", "query_string", "query", NULL } },
	{ LL_WF_PROTOCOL, { "server_protocol", "protocol", "proto", NULL } },
	{ LL_WF_STATUS, { "status", "status_code", "response", NULL } },
	{ LL_WF_BYTES, { "body_bytes_sent", "bytes_sent", "bytes", "size", NULL } },
	{ LL_WF_REFERER, { "http_referer", "referer", "referrer", NULL } },
	{ LL_WF_AGENT, { "http_user_agent", "user_agent", "useragent", "agent", NULL } },
	{ LL_WF_VHOST, { "http_host", "host", "server_name", "vhost", NULL } },
	{ LL_WF_PORT, { "server_port", "port", NULL } },
	{ LL_WF_REQTIME, { "request_time", NULL } },
};

static const char *const time_keys[] = {
	"time_local", "time_iso8601", "msec", "@timestamp", "timestamp", "time", "ts", "date",
};

/* A scalar as text: strings as they are, numbers printed into `buf`. */
static bool text(struct ll_span *out, json_t *v, char buf[24])
{
	if (json_is_string(v)) {
		*out = (struct ll_span){ json_string_value(v), json_string_length(v) };
		return true;
	}
	if (json_is_integer(v))
		snprintf(buf, 24, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, 24, "%.6f", json_real_value(v));
	else
		return false;
	*out = (struct ll_span){ buf, strlen(buf) };
	return true;
}

static int read_time(struct ll_weblog_json *j, struct ll_tl_zone *zone, json_t *v)
{
	static const enum ll_wt_kind kinds[] = { LL_WT_CLF, LL_WT_CLF_BRACKET, LL_WT_ISO8601,
						 LL_WT_EPOCH_FRAC };
	struct ll_wt t;

	if (json_is_integer(v) || json_is_real(v)) {
		double d = json_is_real(v) ? json_real_value(v) : (double)json_integer_value(v);
		int64_t sec, frac;

		if (!(d >= 0 && d < 1e15))
			return ll_error_set(LL_ECORRUPT, "time is not a number of seconds");
		if (d >= 1e11)
			d /= 1000; /* milliseconds since 1970 */
		sec = (int64_t)d;
		frac = (int64_t)((d - (double)sec) * 1e6) * 1000; /* µs: what a double holds */
		return ll_time_ns_from_sec(&j->v.ns, sec, frac, "web log time");
	}
	if (!json_is_string(v))
		return ll_error_set(LL_ECORRUPT, "time is not a string or number");
	j->v.time_raw = (struct ll_span){ json_string_value(v), json_string_length(v) };
	for (size_t i = 0; i < LL_ARRAY_SIZE(kinds); i++) {
		const char *s = json_string_value(v);
		size_t n = json_string_length(v);

		memset(&t, 0, sizeof(t));
		if (ll_wt_read(&t, kinds[i], NULL, s, n) != n)
			continue;
		if (ll_wt_finish(&j->v.ns, &t, zone) < 0) {
			j->v.time_range = t.range;
			return LL_ECORRUPT;
		}
		if (t.have_zone)
			j->v.offset_min = (int)(t.offset_s / 60);
		else if (t.have_epoch)
			j->v.offset_min = 0;
		return 0;
	}
	return ll_error_set(LL_ECORRUPT, "time '%.40s' is in no known form", json_string_value(v));
}

int ll_weblog_json_parse(struct ll_weblog_json *j, struct ll_tl_zone *zone, const char *s,
			 size_t len)
{
	const char *key;
	json_t *v, *tv = NULL;
	bool used;

	memset(j, 0, sizeof(*j));
	j->v.reqtime_ns = -1;
	j->v.offset_min = INT_MIN;
	if (!len || s[0] != '{')
		return ll_error_set(LL_ECORRUPT, "not a JSON object");
	if (!(j->root = json_loadb(s, len, 0, NULL)) || !json_is_object(j->root))
		return ll_error_set(LL_ECORRUPT, "not a JSON object");
	for (size_t i = 0; i < LL_ARRAY_SIZE(time_keys) && !tv; i++)
		if ((tv = json_object_get(j->root, time_keys[i])))
			j->time_key = time_keys[i];
	if (!tv)
		return ll_error_set(LL_ECORRUPT, "JSON object without a time");
	json_object_foreach(j->root, key, v) {
		used = v == tv;
		for (size_t r = 0; r < LL_ARRAY_SIZE(roles) && !used; r++) {
			enum ll_wf_role role = roles[r].role;

			for (size_t k = 0; k < 6 && roles[r].keys[k]; k++) {
				struct ll_span sp;

				if (strcmp(key, roles[r].keys[k]))
					continue;
				used = true;
				/* the first key of the list wins over a later one */
				if (j->v.role[role].p && j->v.prio[role] <= (int)k)
					break;
				if (!text(&sp, v, j->num[role]) || !sp.n || (sp.n == 1 && sp.p[0] == '-'))
					break;
				j->v.role[role] = sp;
				j->v.prio[role] = (int)k;
				break;
			}
		}
		if (!used && j->v.nother < LL_WF_MAX_VALUES) {
			struct ll_span sp;

			if (text(&sp, v, j->onum[j->v.nother]) && sp.n && !(sp.n == 1 && sp.p[0] == '-')) {
				j->v.other[j->v.nother] = sp;
				j->v.other_name[j->v.nother++] = key;
			}
		}
	}
	if (!j->v.role[LL_WF_REQUEST].p && !j->v.role[LL_WF_STATUS].p && !j->v.role[LL_WF_METHOD].p)
		return ll_error_set(LL_ECORRUPT, "JSON object without a request, method or status");
	if (j->v.role[LL_WF_REQTIME].p) {
		struct ll_span rt = j->v.role[LL_WF_REQTIME];
		int64_t whole = 0, frac = 0, mul = 100000000;
		size_t i = 0;

		for (; i < rt.n && i < 12 && rt.p[i] >= '0' && rt.p[i] <= '9'; i++)
			whole = whole * 10 + (rt.p[i] - '0');
		if (i && i < rt.n && rt.p[i] == '.')
			for (i++; i < rt.n && rt.p[i] >= '0' && rt.p[i] <= '9'; i++, mul /= 10)
				frac += (rt.p[i] - '0') * mul;
		if (i && i == rt.n)
			j->v.reqtime_ns = whole * 1000000000 + frac;
	}
	return read_time(j, zone, tv);
}

void ll_weblog_json_release(struct ll_weblog_json *j)
{
	json_decref(j->root);
	j->root = NULL;
}
