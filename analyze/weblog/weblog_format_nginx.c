/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nginx log_format strings: "$name" and "${name}" variables between
 * literals. The variables are those ngx_http_core_module and
 * ngx_http_log_module document (and the upstream, SSL and real-IP ones
 * access logs commonly hold), plus the documented families $http_*,
 * $sent_http_*, $cookie_*, $arg_* …; an unknown name is refused, as nginx
 * refuses it when it loads its configuration.
 */
#include "core/compat.h"
#include "analyze/weblog/weblog_format.h"

#include "core/error.h"

struct var {
	const char *name;
	enum ll_wf_role role;
	int prio;
	enum ll_wt_kind time;
};

#define O LL_WF_OTHER
static const struct var vars[] = {
	{ "remote_addr", LL_WF_CLIENT, 0, 0 },
	{ "remote_user", LL_WF_USER, 0, 0 },
	{ "request", LL_WF_REQUEST, 0, 0 },
	{ "request_method", LL_WF_METHOD, 0, 0 },
	{ "request_uri", LL_WF_PATH, 1, 0 },
	{ "uri", LL_WF_PATH, 2, 0 },
	{ "document_uri", LL_WF_PATH, 3, 0 },
	{ "args", LL_WF_QUERY, 1, 0 },
	{ "query_string", LL_WF_QUERY, 2, 0 },
	{ "server_protocol", LL_WF_PROTOCOL, 0, 0 },
	{ "status", LL_WF_STATUS, 0, 0 },
	{ "body_bytes_sent", LL_WF_BYTES, 1, 0 },
	{ "bytes_sent", LL_WF_BYTES, 2, 0 },
	{ "http_referer", LL_WF_REFERER, 0, 0 },
	{ "http_user_agent", LL_WF_AGENT, 0, 0 },
	{ "http_x_forwarded_for", LL_WF_XFF, 0, 0 },
	{ "http_host", LL_WF_VHOST, 1, 0 },
	{ "host", LL_WF_VHOST, 2, 0 },
	{ "server_name", LL_WF_VHOST, 3, 0 },
	{ "server_port", LL_WF_PORT, 0, 0 },
	{ "request_time", LL_WF_REQTIME, 0, 0 },
	{ "time_local", LL_WF_TIME, 0, LL_WT_CLF },
	{ "time_iso8601", LL_WF_TIME, 0, LL_WT_ISO8601 },
	{ "msec", LL_WF_TIME, 0, LL_WT_EPOCH_FRAC },
	/* the rest of the core and log modules' variables: attributes */
	{ "binary_remote_addr", O, 0, 0 }, { "connection", O, 0, 0 },
	{ "connection_requests", O, 0, 0 }, { "connection_time", O, 0, 0 },
	{ "content_length", O, 0, 0 }, { "content_type", O, 0, 0 },
	{ "document_root", O, 0, 0 }, { "hostname", O, 0, 0 }, { "https", O, 0, 0 },
	{ "is_args", O, 0, 0 }, { "limit_rate", O, 0, 0 }, { "nginx_version", O, 0, 0 },
	{ "pid", O, 0, 0 }, { "pipe", O, 0, 0 }, { "proxy_protocol_addr", O, 0, 0 },
	{ "proxy_protocol_port", O, 0, 0 }, { "proxy_protocol_server_addr", O, 0, 0 },
	{ "proxy_protocol_server_port", O, 0, 0 }, { "realpath_root", O, 0, 0 },
	{ "remote_port", O, 0, 0 }, { "request_body", O, 0, 0 },
	{ "request_body_file", O, 0, 0 }, { "request_completion", O, 0, 0 },
	{ "request_filename", O, 0, 0 }, { "request_id", O, 0, 0 },
	{ "request_length", O, 0, 0 }, { "scheme", O, 0, 0 }, { "server_addr", O, 0, 0 },
	{ "tcpinfo_rtt", O, 0, 0 }, { "tcpinfo_rttvar", O, 0, 0 },
	{ "tcpinfo_snd_cwnd", O, 0, 0 }, { "tcpinfo_rcv_space", O, 0, 0 },
	{ "gzip_ratio", O, 0, 0 }, { "realip_remote_addr", O, 0, 0 },
	{ "realip_remote_port", O, 0, 0 }, { "upstream_addr", O, 0, 0 },
	{ "upstream_bytes_received", O, 0, 0 }, { "upstream_bytes_sent", O, 0, 0 },
	{ "upstream_cache_status", O, 0, 0 }, { "upstream_connect_time", O, 0, 0 },
	{ "upstream_header_time", O, 0, 0 }, { "upstream_queue_time", O, 0, 0 },
	{ "upstream_response_length", O, 0, 0 }, { "upstream_response_time", O, 0, 0 },
	{ "upstream_status", O, 0, 0 }, { "ssl_cipher", O, 0, 0 }, { "ssl_protocol", O, 0, 0 },
	{ "ssl_server_name", O, 0, 0 }, { "ssl_session_id", O, 0, 0 },
	{ "ssl_session_reused", O, 0, 0 }, { "ssl_client_s_dn", O, 0, 0 },
	{ "ssl_client_verify", O, 0, 0 }, { "ssl_early_data", O, 0, 0 },
};
#undef O

/* The documented families of variables named after a header, cookie or argument. */
static const char *const families[] = {
	"http_", "sent_http_", "sent_trailer_", "cookie_", "arg_", "upstream_http_",
	"upstream_cookie_", "upstream_trailer_", "proxy_protocol_tlv_",
};

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static int variable(struct ll_wf_format *f, const char *name, size_t n, size_t at)
{
	struct ll_wf_item *it;

	for (size_t i = 0; i < LL_ARRAY_SIZE(vars); i++) {
		if (strlen(vars[i].name) != n || memcmp(vars[i].name, name, n))
			continue;
		if (ll_wf_push(f, vars[i].role, name, n) < 0)
			return LL_ENOMEM;
		it = &f->items[f->n - 1];
		it->prio = vars[i].prio;
		it->time = vars[i].time;
		it->unit_ns = 1000000000;
		it->number = vars[i].role == LL_WF_STATUS || vars[i].role == LL_WF_BYTES ||
			     vars[i].role == LL_WF_PORT;
		return 0;
	}
	for (size_t i = 0; i < LL_ARRAY_SIZE(families); i++) {
		size_t k = strlen(families[i]);

		if (n > k && !memcmp(name, families[i], k))
			return ll_wf_push(f, LL_WF_OTHER, name, n);
	}
	return ll_error_set(LL_EINVAL, "unknown nginx variable '$%.*s' at offset %zu", (int)n,
			    name, at);
}

int ll_wf_compile_nginx(struct ll_wf_format *f, const char *def)
{
	size_t i = 0, lit = 0, len = strlen(def);
	int rc;

	while (i < len) {
		size_t a, e, at = i;

		if (def[i] != '$') {
			i++;
			continue;
		}
		if (i > lit && (rc = ll_wf_push(f, LL_WF_LITERAL, def + lit, i - lit)) < 0)
			return rc;
		if (i + 1 < len && def[i + 1] == '{') {
			a = i + 2;
			for (e = a; e < len && name_char(def[e]); e++)
				;
			if (e >= len || def[e] != '}' || e == a)
				return ll_error_set(LL_EINVAL, "unterminated nginx variable '${' at offset %zu",
						    at);
			i = e + 1;
		} else {
			a = i + 1;
			for (e = a; e < len && name_char(def[e]); e++)
				;
			if (e == a)
				return ll_error_set(LL_EINVAL, "'$' without a variable name at offset %zu",
						    at);
			i = e;
		}
		if ((rc = variable(f, def + a, e - a, at)) < 0)
			return rc;
		lit = i;
	}
	if (len > lit && (rc = ll_wf_push(f, LL_WF_LITERAL, def + lit, len - lit)) < 0)
		return rc;
	return 0;
}
