/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the syslog, access log and EVTX XML grammars. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "analyze/readers/csvmap_parse.h"
#include "analyze/winlog/evtx_messages.h"
#include "analyze/winlog/evtx_xml.h"
#include "analyze/readers/syslog_parse.h"
#include "analyze/readers/textlog.h"
#include "analyze/weblog/weblog_parse.h"
#include "core/buf.h"
#include "core/error.h"

static bool span_is(struct ll_span s, const char *want)
{
	return s.p && s.n == strlen(want) && !memcmp(s.p, want, s.n);
}

static int parse(struct ll_syslog_line *l, const char *s)
{
	return ll_syslog_parse(l, s, strlen(s));
}

static void test_rfc3164(void **state)
{
	struct ll_syslog_line l;

	(void)state;
	assert_int_equal(parse(&l, "Jan 22 07:52:33 myhost client[30840]: INFO x"), 0);
	assert_int_equal(l.kind, LL_SYSLOG_3164);
	assert_int_equal(l.mon, 1);
	assert_int_equal(l.day, 22);
	assert_true(span_is(l.host, "myhost"));
	assert_true(span_is(l.app, "client"));
	assert_true(span_is(l.pid, "30840"));
	assert_true(span_is(l.msg, "INFO x"));
	assert_true(span_is(l.time, "Jan 22 07:52:33"));
	assert_int_equal(parse(&l, "Feb  6 15:16:30 victoria process[2085]: one digit"), 0);
	assert_int_equal(l.day, 6);
	assert_int_equal(parse(&l, "Nov 18 08:30:20 kernel: [997.39] sda2"), 0);
	assert_null(l.host.p);
	assert_true(span_is(l.app, "kernel"));
	assert_int_equal(parse(&l, "Nov 18 01:15:43: --- last message repeated 5 times ---"), 0);
	assert_true(span_is(l.msg, "--- last message repeated 5 times ---"));
	assert_int_equal(parse(&l, "Jan 22 07:54:32 myhost Job `cron.daily' terminated"), 0);
	assert_true(span_is(l.host, "myhost"));
	assert_null(l.app.p);
	assert_int_equal(parse(&l, "Mar 23 23:01:18.123 h p[1]: frac"), 0);
	assert_int_equal(l.frac_ns, 123000000);
	assert_int_equal(parse(&l, "<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!"), 0);
	assert_int_equal(l.pri, 13);
	/* not syslog */
	assert_int_not_equal(parse(&l, "MMM 22 07:54:32 myhost anacron[1]: x"), 0);
	assert_int_not_equal(parse(&l, "Mar 32 10:00:00 h x"), 0);
	assert_int_not_equal(parse(&l, "Mar  1 10:5"), 0);
	assert_int_not_equal(parse(&l, ""), 0);
	assert_int_not_equal(parse(&l, "<999>Jan 22 07:52:33 h x"), 0);
}

static void test_rfc5424(void **state)
{
	struct ll_syslog_line l;

	(void)state;
	assert_int_equal(parse(&l, "<34>1 2003-10-11T22:14:15.003Z mymachine su - ID47 [a b=\"\\]\"][c] \xef\xbb\xbfmsg"), 0);
	assert_int_equal(l.kind, LL_SYSLOG_5424);
	assert_int_equal(l.ns, INT64_C(1065910455003000000));
	assert_true(span_is(l.host, "mymachine"));
	assert_true(span_is(l.app, "su"));
	assert_null(l.pid.p);
	assert_true(span_is(l.msgid, "ID47"));
	assert_true(span_is(l.sd, "[a b=\"\\]\"][c]"));
	assert_true(span_is(l.msg, "msg"));
	assert_int_equal(parse(&l, "2020-05-31T00:00:45.738158+02:00 localhost systemd[1]: Reloaded."), 0);
	assert_int_equal(l.kind, LL_SYSLOG_ISO);
	assert_int_equal(l.ns, INT64_C(1590876045738158000));
	assert_int_not_equal(parse(&l, "<34>1 2003-10-11T22:14:15 host"), 0);
}

static void test_apache(void **state)
{
	struct ll_weblog_line w;
	const char *a = "1.2.3.4 - bob [13/Jan/2016:19:31:20 +0200] \"GET /x?a=\"b\" HTTP/1.1\" 200 694 \"-\" \"UA \\\"q\\\"\"";

	(void)state;
	assert_int_equal(ll_weblog_parse_apache(&w, a, strlen(a)), 0);
	assert_string_equal(w.format, "apache-combined");
	assert_int_equal(w.ns, INT64_C(1452706280000000000));
	assert_int_equal(w.offset_min, 120);
	assert_true(span_is(w.user, "bob"));
	assert_true(span_is(w.path, "/x?a=\"b\""));
	assert_true(span_is(w.protocol, "HTTP/1.1"));
	assert_null(w.referer.p);
	assert_true(span_is(w.agent, "UA \\\"q\\\""));
	a = "1.2.3.4 - - [13/Jan/2016:19:31:20 +0000] \"GET / HTTP/1.1\" 304 -";
	assert_int_equal(ll_weblog_parse_apache(&w, a, strlen(a)), 0);
	assert_string_equal(w.format, "apache-common");
	assert_null(w.bytes.p);
	a = "1.2.3.4 - - [13/Jan/2016:19:31:20 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"cut";
	assert_int_not_equal(ll_weblog_parse_apache(&w, a, strlen(a)), 0);
}

static void test_w3c(void **state)
{
	struct ll_w3c_fields f;
	struct ll_span v[LL_W3C_MAX_FIELDS];
	const char *hdr = " date time c-ip cs-method sc-status";
	const char *line = "2024-03-01 10:00:02.5 203.0.113.9 GET 401";
	size_t n;
	int64_t ns;

	(void)state;
	assert_int_equal(ll_w3c_fields_parse(&f, hdr, strlen(hdr)), 0);
	assert_int_equal(f.n, 5);
	assert_int_equal(ll_w3c_parse(v, &n, &ns, &f, line, strlen(line)), 0);
	assert_int_equal(ns, INT64_C(1709287202500000000));
	assert_true(span_is(v[2], "203.0.113.9"));
	assert_int_not_equal(ll_w3c_parse(v, &n, &ns, &f, "2024-03-01 10:00:02", 19), 0);
}

static void test_evtx_xml(void **state)
{
	struct ll_evtx_doc d = { 0 };
	struct ll_buf msg = LL_BUF_INIT, user = LL_BUF_INIT;
	const char *x =
		"<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">"
		"<System><Provider Name=\"Microsoft-Windows-Security-Auditing\" Guid=\"{5}\"/>"
		"<EventID>4624</EventID><Level>0</Level>"
		"<TimeCreated SystemTime=\"2019-02-13T15:14:52.409734400Z\"/>"
		"<EventRecordID>42</EventRecordID><Channel>Security</Channel>"
		"<Computer>PC01</Computer><Security/></System>"
		"<EventData><Data Name=\"TargetUserName\">admin&amp;1</Data>"
		"<Data Name=\"TargetDomainName\">EXAMPLE</Data>"
		"<Data Name=\"LogonType\">10</Data><Data Name=\"IpAddress\">10.0.2.15</Data>"
		"<Data Name=\"Empty\"/><Data>\x94\x02raw</Data></EventData></Event>";

	(void)state;
	assert_int_equal(ll_evtx_xml_parse(&d, x, strlen(x)), 0);
	assert_string_equal(d.event_id, "4624");
	assert_string_equal(d.time_created, "2019-02-13T15:14:52.409734400Z");
	assert_string_equal(d.record_id, "42");
	assert_string_equal(d.channel, "Security");
	assert_null(d.user_sid);
	assert_string_equal(ll_evtx_doc_get(&d, "TargetUserName"), "admin&1");
	assert_string_equal(ll_evtx_doc_get(&d, "Empty"), "");
	assert_string_equal(ll_evtx_doc_get(&d, "Data"), "\x94\x02raw");
	assert_int_equal(ll_evtx_message(&msg, &user, &d, 4624), 0);
	assert_non_null(strstr(msg.ptr, "logon type 10 (RemoteInteractive), from 10.0.2.15"));
	assert_string_equal(user.ptr, "EXAMPLE\\admin&1");
	/* UserData leaves, repeated names, unnamed Data numbering */
	x = "<Event><System><EventID>104</EventID></System><UserData><L xmlns=\"u\">"
	    "<SubjectUserName>u1</SubjectUserName><Channel>System</Channel><B/><B>2</B>"
	    "</L></UserData></Event>";
	assert_int_equal(ll_evtx_xml_parse(&d, x, strlen(x)), 0);
	assert_true(d.user_data);
	assert_string_equal(ll_evtx_doc_get(&d, "Channel"), "System");
	assert_string_equal(ll_evtx_doc_get(&d, "B_2"), "2");
	x = "<Event><System/><EventData><Data>a</Data><Data>b</Data></EventData></Event>";
	assert_int_equal(ll_evtx_xml_parse(&d, x, strlen(x)), 0);
	assert_string_equal(ll_evtx_doc_get(&d, "Data1"), "a");
	assert_string_equal(ll_evtx_doc_get(&d, "Data2"), "b");
	/* malformed */
	assert_int_not_equal(ll_evtx_xml_parse(&d, "<Event><System>", 15), 0);
	assert_int_not_equal(ll_evtx_xml_parse(&d, "<Event></System>", 16), 0);
	assert_int_not_equal(ll_evtx_xml_parse(&d, "<Foo/>", 6), 0);
	ll_evtx_doc_release(&d);
	ll_buf_release(&msg);
	ll_buf_release(&user);
}

static void test_text_repair(void **state)
{
	struct ll_buf b = LL_BUF_INIT;

	(void)state;
	assert_int_equal(ll_tl_put_text(&b, "a\"\\\n\x01\xff\xc3\xa9", 8, true), 0);
	assert_string_equal(b.ptr, "a\\\"\\\\\\n\\u0001\xef\xbf\xbd\xc3\xa9");
	ll_buf_release(&b);
}

static void test_mapped_time(void **state)
{
	int64_t ns, w[7];
	bool z;

	(void)state;
	assert_int_equal(ll_csvmap_time(&ns, &z, w, "%d/%b/%Y:%H:%M:%S.%f %z",
					"01/Mar/2024:10:00:00.5 +0100", 28), 0);
	assert_true(z);
	assert_int_equal(ns, INT64_C(1709283600500000000));
	assert_int_equal(ll_csvmap_time(&ns, &z, w, "%Y-%m-%d %H:%M:%S", "2024-02-30 10:00:00", 19),
			 LL_ECORRUPT);
	assert_int_equal(ll_csvmap_time(&ns, &z, w, "epoch_ms", "1709287200123", 13), 0);
	assert_int_equal(ns, INT64_C(1709287200123000000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3164),
		cmocka_unit_test(test_rfc5424),
		cmocka_unit_test(test_apache),
		cmocka_unit_test(test_w3c),
		cmocka_unit_test(test_evtx_xml),
		cmocka_unit_test(test_text_repair),
		cmocka_unit_test(test_mapped_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
