/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of --log-format (compile, match), the web log time grammars, JSON and HAProxy lines. */
#include "core/compat.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "analyze/readers/textlog.h"
#include "analyze/weblog/weblog_format.h"
#include "analyze/weblog/weblog_haproxy.h"
#include "analyze/weblog/weblog_json.h"
#include "analyze/weblog/weblog_parse.h"
#include "analyze/weblog/weblog_values.h"
#include "core/error.h"
#include "core/json.h"

static bool span_is(struct ll_span s, const char *want)
{
	return s.p && s.n == strlen(want) && !memcmp(s.p, want, s.n);
}

static int match(struct ll_wf_values *v, const char *spec, const char *zone, const char *line)
{
	struct ll_wf_format *f = NULL;
	struct ll_tl_zone z;
	int rc;

	ll_tl_zone_init(&z, zone);
	assert_int_equal(ll_wf_compile(&f, spec), 0);
	rc = ll_wf_match(v, f, &z, line, strlen(line));
	ll_wf_free(f);
	return rc;
}

static void test_nginx(void **state)
{
	struct ll_wf_values v;

	(void)state;
	assert_int_equal(match(&v, "nginx:$http_x_forwarded_for - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"", NULL,
			       "203.0.113.7, 10.1.2.3 - - [12/Mar/2025:09:14:03 +0100] \"GET /dpi/ HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0 (X11) - x\""), 0);
	assert_true(span_is(v.role[LL_WF_XFF], "203.0.113.7, 10.1.2.3"));
	assert_null(v.role[LL_WF_USER].p);
	assert_true(span_is(v.role[LL_WF_STATUS], "200"));
	assert_true(span_is(v.role[LL_WF_AGENT], "Mozilla/5.0 (X11) - x"));
	assert_int_equal(v.ns, INT64_C(1741767243000000000)); /* 08:14:03Z */
	assert_int_equal(v.offset_min, 60);
	ll_weblog_values_split_request(&v);
	assert_true(span_is(v.role[LL_WF_PATH], "/dpi/"));
	assert_true(span_is(v.role[LL_WF_PROTOCOL], "HTTP/1.1"));
	/* ISO 8601 with a negative offset; $msec; $request_time */
	assert_int_equal(match(&v, "nginx:$time_iso8601 $status $request_time", NULL,
			       "2025-03-12T05:44:03-02:30 404 1.250"), 0);
	assert_int_equal(v.ns, INT64_C(1741767243000000000));
	assert_int_equal(v.offset_min, -150);
	assert_int_equal(v.reqtime_ns, INT64_C(1250000000));
	assert_int_equal(match(&v, "nginx:${msec} $status", NULL, "1741767243.123 200"), 0);
	assert_int_equal(v.ns, INT64_C(1741767243123000000));
	/* a status that is no number does not match */
	assert_int_equal(match(&v, "nginx:$time_iso8601 $status", NULL,
			       "2025-03-12T05:44:03-02:30 2x0"), LL_ECORRUPT);
	assert_int_equal(match(&v, "nginx:[$time_local] $status", NULL,
			       "[12/Mar/2025:09:14:03 +2400] 200"), LL_ECORRUPT);
	/* the literals between the fields are the format's too */
	assert_int_equal(match(&v, "nginx:[$time_local] $status", NULL,
			       "(12/Mar/2025:09:14:03 +0100) 200"), LL_ECORRUPT);
	assert_int_equal(match(&v, "nginx:$remote_addr|$time_iso8601|$status", NULL,
			       "10.0.0.1;2025-03-12T05:44:03-02:30;200"), LL_ECORRUPT);
	/* unknown variables are refused, families accepted */
	{
		struct ll_wf_format *f = NULL;

		assert_int_equal(ll_wf_compile(&f, "nginx:$msec $nope"), LL_EINVAL);
		assert_non_null(strstr(ll_error_message(), "'$nope' at offset 6"));
		assert_int_equal(ll_wf_compile(&f, "nginx:$msec $sent_http_x_y $cookie_a $arg_q"), 0);
		ll_wf_free(f);
	}
}

static void test_apache(void **state)
{
	struct ll_wf_values v;

	(void)state;
	/* a time in pieces, with its zone */
	assert_int_equal(match(&v, "apache:%a [%{%d/%b/%Y:%H:%M:%S}t.%{msec_frac}t %{%z}t] %m %U%q %H %>s %B %{ms}T",
			       NULL, "127.0.0.1 [12/Mar/2025:05:44:03.180 -0230] GET /a?b=c HTTP/1.1 200 6 10"), 0);
	assert_int_equal(v.ns, INT64_C(1741767243180000000));
	assert_int_equal(v.offset_min, -150);
	assert_true(span_is(v.role[LL_WF_PATH], "/a"));
	assert_true(span_is(v.role[LL_WF_QUERY], "?b=c"));
	assert_int_equal(v.reqtime_ns, INT64_C(10000000));
	/* no %z: --tz's zone (Paris, winter +01:00) */
	assert_int_equal(match(&v, "apache:%h [%{%Y-%m-%d %H:%M:%S}t] %s", "Europe/Paris",
			       "10.0.0.1 [2025-03-12 09:14:03] 200"), 0);
	assert_int_equal(v.ns, INT64_C(1741767243000000000));
	assert_int_equal(v.offset_min, INT_MIN);
	/* 12-hour clock */
	assert_int_equal(match(&v, "apache:%h [%{%d/%m/%y %I:%M:%S %p %Z}t] %s", NULL,
			       "10.0.0.1 [12/03/25 08:14:03 AM UTC] 200"), 0);
	assert_int_equal(v.ns, INT64_C(1741767243000000000));
	assert_int_equal(match(&v, "apache:%h [%{%d/%m/%y %I:%M:%S %p %Z}t] %s", NULL,
			       "10.0.0.1 [12/03/25 08:14:03 PM UTC] 200"), 0);
	assert_int_equal(v.ns, INT64_C(1741810443000000000));
	/* epoch forms */
	assert_int_equal(match(&v, "apache:%{msec}t %>s", NULL, "1741767243123 200"), 0);
	assert_int_equal(v.ns, INT64_C(1741767243123000000));
	assert_int_equal(match(&v, "apache:%{usec}t %>s", NULL, "1741767243123456 200"), 0);
	assert_int_equal(v.ns, INT64_C(1741767243123456000));
	assert_int_equal(match(&v, "apache:%{sec}t.%{usec_frac}t %>s", NULL, "1741767243.123456 200"), 0);
	assert_int_equal(v.ns, INT64_C(1741767243123456000));
	/* %t with its brackets, %D in microseconds, vhost and port */
	assert_int_equal(match(&v, "apache:%v:%p %h %l %u %t \"%r\" %>s %b %D", NULL,
			       "www.example.org:443 10.0.0.1 - bob [12/Mar/2025:09:14:03 +0100] \"GET / HTTP/1.1\" 200 - 1500"), 0);
	assert_true(span_is(v.role[LL_WF_VHOST], "www.example.org"));
	assert_true(span_is(v.role[LL_WF_PORT], "443"));
	assert_true(span_is(v.role[LL_WF_USER], "bob"));
	assert_null(v.role[LL_WF_BYTES].p);
	assert_int_equal(v.reqtime_ns, INT64_C(1500000));
	assert_int_equal(v.ns, INT64_C(1741767243000000000));
}

static void test_json_haproxy(void **state)
{
	struct ll_weblog_json j;
	struct ll_wf_values v;
	struct ll_tl_zone z;
	const char *js = "{\"time_iso8601\":\"2025-03-12T09:14:03+01:00\",\"remote_addr\":\"10.0.0.1\",\"request\":\"GET /x HTTP/1.1\",\"status\":404,\"ua\":\"a\"}";
	const char *hp = "Mar 12 09:14:03 lb haproxy[1]: 10.0.1.2:33317 [12/Mar/2025:09:14:03.655] fe be/s1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 \"GET / HTTP/1.1\"";

	(void)state;
	ll_json_init();
	ll_tl_zone_init(&z, "Europe/Paris");
	assert_int_equal(ll_weblog_json_parse(&j, &z, js, strlen(js)), 0);
	assert_int_equal(j.v.ns, INT64_C(1741767243000000000));
	assert_true(span_is(j.v.role[LL_WF_STATUS], "404"));
	assert_true(span_is(j.v.role[LL_WF_CLIENT], "10.0.0.1"));
	assert_int_equal(j.v.nother, 1);
	ll_weblog_json_release(&j);
	assert_int_equal(ll_weblog_json_parse(&j, &z, "{\"status\":200}", 14), LL_ECORRUPT);
	ll_weblog_json_release(&j);
	assert_int_equal(ll_weblog_haproxy_parse(&v, &z, hp, strlen(hp)), 0);
	/* zone-less: local time in Paris (+01:00) */
	assert_int_equal(v.ns, INT64_C(1741767243655000000)); /* 09:14:03.655 in Paris = 08:14:03.655Z */
	assert_int_equal(v.reqtime_ns, INT64_C(109000000));
	assert_true(span_is(v.role[LL_WF_CLIENT], "10.0.1.2"));
	assert_int_equal(ll_weblog_haproxy_parse(&v, &z, hp, strlen(hp) - 30), LL_ECORRUPT);
}

static void test_builtin_variants(void **state)
{
	struct ll_weblog_line w;
	const char *xff = "203.0.113.7, 10.1.2.3 - - [12/Mar/2025:09:14:03 +0100] \"GET /dpi/ HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\" 0.004";

	(void)state;
	assert_int_equal(ll_weblog_parse_apache(&w, xff, strlen(xff)), 0);
	assert_true(span_is(w.client, "203.0.113.7"));
	assert_true(span_is(w.xff, "203.0.113.7, 10.1.2.3"));
	assert_true(span_is(w.reqtime, "0.004"));
	assert_null(w.vhost.p);
	assert_int_equal(w.ns, INT64_C(1741767243000000000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nginx),
		cmocka_unit_test(test_apache),
		cmocka_unit_test(test_json_haproxy),
		cmocka_unit_test(test_builtin_variants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
