/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the Linux audit record grammar (time, serial, quoting, msg='…', hex, enriched part) and of its rendering. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "analyze/readers/audit_parse.h"
#include "analyze/readers/audit_render.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/json.h"

static bool span_is(struct ll_span s, const char *want)
{
	return s.p && s.n == strlen(want) && !memcmp(s.p, want, s.n);
}

static int parse(struct ll_audit_rec *r, const char *s)
{
	return ll_audit_parse(r, s, strlen(s));
}

/* The decoded value of `key` (anywhere), into a static buffer; NULL if absent. */
static const char *val(const struct ll_audit_rec *r, const char *key, int *hex)
{
	static struct ll_buf b = LL_BUF_INIT;
	const struct ll_audit_field *f = ll_audit_find(r, key, -1);
	int rc;

	if (!f)
		return NULL;
	ll_buf_reset(&b);
	rc = ll_audit_field_value(&b, r, f);
	assert_true(rc >= 0);
	if (hex)
		*hex = rc;
	return b.ptr;
}

static void test_user_message(void **state)
{
	struct ll_audit_rec r;
	const struct ll_audit_field *f;
	int hex = -1;

	(void)state;
	ll_audit_rec_init(&r);
	assert_int_equal(parse(&r, "type=USER_LOGIN msg=audit(1700000000.123:456): pid=1234 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:sshd_t:s0-s0:c0.c1023 msg='op=login acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=? addr=10.1.2.3 terminal=ssh res=failed'"), 0);
	assert_null(r.node.p);
	assert_true(span_is(r.type, "USER_LOGIN"));
	assert_true(span_is(r.time, "1700000000.123:456"));
	assert_true(r.sec == 1700000000);
	assert_int_equal(r.msec, 123);
	assert_true(r.serial == 456);
	assert_int_equal(r.nf, 12);
	f = ll_audit_find(&r, "pid", LL_AUDIT_OUTER);
	assert_non_null(f);
	assert_true(span_is(f->val, "1234"));
	assert_string_equal(val(&r, "subj", NULL), "system_u:system_r:sshd_t:s0-s0:c0.c1023");
	f = ll_audit_find(&r, "acct", LL_AUDIT_NESTED);
	assert_non_null(f);
	assert_true(f->quoted);
	assert_null(ll_audit_find(&r, "acct", LL_AUDIT_OUTER));
	assert_string_equal(val(&r, "acct", &hex), "root");
	assert_int_equal(hex, 0);
	assert_string_equal(val(&r, "hostname", NULL), "?");
	assert_string_equal(val(&r, "addr", NULL), "10.1.2.3");
	/* an unquoted value ends at the closing ' */
	assert_string_equal(val(&r, "res", NULL), "failed");
	assert_int_equal(ll_audit_find(&r, "res", -1)->where, LL_AUDIT_NESTED);
	assert_null(ll_audit_find(&r, "msg", -1));
	ll_audit_rec_release(&r);
}

static void test_hex(void **state)
{
	struct ll_audit_rec r;
	int hex = -1;

	(void)state;
	ll_audit_rec_init(&r);
	/* acct=726F6F74 is "root"; unquoted hex in an encodable field */
	assert_int_equal(parse(&r, "type=USER_AUTH msg=audit(1.000:1): pid=1 msg='op=PAM:authentication acct=726F6F74 exe=2F7573722F7362696E2F7373686420 res=failed'"), 0);
	assert_string_equal(val(&r, "acct", &hex), "root");
	assert_int_equal(hex, 1);
	assert_string_equal(val(&r, "exe", NULL), "/usr/sbin/sshd ");
	/* proctitle: NULs between arguments become spaces, the trailing one goes */
	assert_int_equal(parse(&r, "type=PROCTITLE msg=audit(1.000:2): proctitle=7461720063007800"), 0);
	assert_string_equal(val(&r, "proctitle", &hex), "tar c x");
	assert_int_equal(hex, 1);
	/* a short proctitle the kernel quoted */
	assert_int_equal(parse(&r, "type=PROCTITLE msg=audit(1.000:3): proctitle=\"bash\""), 0);
	assert_string_equal(val(&r, "proctitle", &hex), "bash");
	assert_int_equal(hex, 0);
	/* EXECVE arguments, also split ones a1[0] a1[1]; SYSCALL a0 is not text */
	assert_int_equal(parse(&r, "type=EXECVE msg=audit(1.000:4): argc=3 a0=\"ls\" a1_len=6 a1[0]=2F7 a1[1]=37276 a2=2F20 a3=41"), 0);
	assert_true(ll_audit_field_is_hex(&r, ll_audit_find(&r, "a2", -1)));
	assert_string_equal(val(&r, "a2", NULL), "/ ");
	assert_string_equal(val(&r, "a3", NULL), "A");
	assert_false(ll_audit_field_is_hex(&r, ll_audit_find(&r, "a1[0]", -1))); /* odd length */
	assert_false(ll_audit_field_is_hex(&r, ll_audit_find(&r, "a1_len", -1)));
	assert_false(ll_audit_field_is_hex(&r, ll_audit_find(&r, "argc", -1)));
	assert_int_equal(parse(&r, "type=SYSCALL msg=audit(1.000:5): arch=c000003e syscall=59 a0=10 comm=\"tar\" key=72616E736F6D01657865 name=(null) cmd=abcd"), 0);
	assert_string_equal(val(&r, "a0", &hex), "10");
	assert_int_equal(hex, 0);
	assert_string_equal(val(&r, "syscall", NULL), "59");
	/* several keys: \x01 between them becomes ',' */
	assert_string_equal(val(&r, "key", &hex), "ransom,exe");
	assert_int_equal(hex, 1);
	assert_string_equal(val(&r, "name", &hex), "(null)");
	assert_int_equal(hex, 0);
	/* lower-case is not auditd's hex */
	assert_string_equal(val(&r, "cmd", &hex), "abcd");
	assert_int_equal(hex, 0);
	ll_audit_rec_release(&r);
}

static void test_quoting_and_words(void **state)
{
	struct ll_audit_rec r;
	const struct ll_audit_field *f;

	(void)state;
	ll_audit_rec_init(&r);
	/* shadow-utils: op=adding user (a word after an unquoted value joins it) */
	assert_int_equal(parse(&r, "type=ADD_USER msg=audit(1.000:6): pid=1 uid=0 msg='op=adding user acct=\"bad guy\" exe=\"/usr/sbin/useradd\" hostname=h addr=? terminal=pts/0 res=success'"), 0);
	assert_string_equal(val(&r, "op", NULL), "adding user");
	assert_string_equal(val(&r, "acct", NULL), "bad guy");
	assert_string_equal(val(&r, "res", NULL), "success");
	/* AVC: free text before the fields, a quoted value holding ' */
	assert_int_equal(parse(&r, "type=AVC msg=audit(1.000:7): avc:  denied  { read } for  pid=9 comm=\"it's\" tclass=file permissive=0"), 0);
	f = &r.f[0];
	assert_int_equal(f->key.n, 0);
	assert_true(span_is(f->val, "avc:  denied  { read } for"));
	assert_string_equal(val(&r, "comm", NULL), "it's");
	assert_string_equal(val(&r, "permissive", NULL), "0");
	/* an empty quoted value; spaces inside quotes */
	assert_int_equal(parse(&r, "type=CWD msg=audit(1.000:8):  cwd=\"/a b\" x=\"\""), 0);
	assert_string_equal(val(&r, "cwd", NULL), "/a b");
	assert_string_equal(val(&r, "x", NULL), "");
	/* no fields at all */
	assert_int_equal(parse(&r, "type=EOE msg=audit(1700000000.999:18446744073709551615): "), 0);
	assert_int_equal(r.nf, 0);
	assert_true(r.serial == UINT64_MAX);
	assert_int_equal(r.msec, 999);
	assert_int_equal(parse(&r, "type=EOE msg=audit(9223372034.999:1): "), 0);
	assert_true(r.sec == INT64_C(9223372034));
	/* 2262-04-11T23:47:16Z is storable: the parser keeps it (audit.c checks the milliseconds) */
	assert_int_equal(parse(&r, "type=EOE msg=audit(9223372036.000:1): "), 0);
	assert_true(r.sec == INT64_C(9223372036));
	/* past 2262 too: still an audit record; audit.c refuses its time, naming the line */
	assert_int_equal(parse(&r, "type=EOE msg=audit(999999999999.000:1): "), 0);
	assert_true(r.sec == INT64_C(999999999999));
	ll_audit_rec_release(&r);
}

static void test_node_and_enriched(void **state)
{
	struct ll_audit_rec r;
	const struct ll_audit_field *f;

	(void)state;
	ll_audit_rec_init(&r);
	assert_int_equal(parse(&r, "node=ehr-db01 type=SYSCALL msg=audit(1717236400.001:150): arch=c000003e syscall=263 success=yes auid=1001 uid=0 comm=\"rm\" key=\"delete\"\x1d" "ARCH=x86_64 SYSCALL=unlinkat AUID=\"radiology\" UID=\"root\""), 0);
	assert_true(span_is(r.node, "ehr-db01"));
	assert_true(span_is(r.type, "SYSCALL"));
	assert_string_equal(val(&r, "key", NULL), "delete");
	f = ll_audit_find(&r, "AUID", LL_AUDIT_ENRICHED);
	assert_non_null(f);
	assert_true(span_is(f->val, "radiology"));
	assert_null(ll_audit_find(&r, "AUID", LL_AUDIT_OUTER));
	f = ll_audit_find(&r, "SYSCALL", -1);
	assert_int_equal(f->where, LL_AUDIT_ENRICHED);
	assert_true(span_is(f->val, "unlinkat"));
	assert_int_equal(ll_audit_find(&r, "auid", -1)->where, LL_AUDIT_OUTER);
	/* a user message with an enriched part right after the closing ' */
	assert_int_equal(parse(&r, "type=USER_LOGIN msg=audit(1.001:9): pid=1 uid=0 auid=4294967295 msg='op=login acct=\"root\" res=failed'\x1dUID=\"root\" AUID=\"unset\""), 0);
	assert_string_equal(val(&r, "res", NULL), "failed");
	f = ll_audit_find(&r, "AUID", LL_AUDIT_ENRICHED);
	assert_non_null(f);
	assert_true(span_is(f->val, "unset"));
	/* enriched values are never hex-decoded */
	assert_int_equal(parse(&r, "type=SYSCALL msg=audit(1.000:10): x=1\x1d" "exe=4142"), 0);
	assert_string_equal(val(&r, "exe", NULL), "4142");
	ll_audit_rec_release(&r);
}

static void test_bad_lines(void **state)
{
	static const char *const bad[] = {
		"",
		"Jun  1 10:00:00 host sshd[1]: Failed password for root from 10.0.0.1 port 22 ssh2",
		"type=",
		"type=USER_LOGIN",
		"type=USER_LOGIN pid=1 uid=0",
		"type=USER_LOGIN msg=audit(): pid=1",
		"type=USER_LOGIN msg=audit(17172x6.0:9): pid=1",
		"type=USER_LOGIN msg=audit(1717236000.12:9): pid=1",
		"type=USER_LOGIN msg=audit(1000000000000.000:9): pid=1",
		"type=USER_LOGIN msg=audit(1717236000.1234:9): pid=1",
		"type=USER_LOGIN msg=audit(1717236000.123:): pid=1",
		"type=USER_LOGIN msg=audit(1717236000.123:9 pid=1",
		"type=USER_LOGIN msg=audit(1717236000.123:9)",
		"type=USER_LOGIN msg=audit(1717236000.123:18446744073709551616): x=1",
		"type=USER_LOGIN msg=audit(1717236000.123:123456789012345678901): x=1",
		"type=USER_LOGIN msg=audit(1717236000.123:9): pid=1 msg='op=login res=failed",
		"type=SYSCALL msg=audit(1717236500.000:160): arch=c000003e comm=\"shr",
		"type=AVC msg=audit(1.000:1): avc: \"denied",
		"node=x",
		"node=x msg=audit(1.000:1): a=1",
		"\x00\x01\xff garbage",
	};
	struct ll_audit_rec r;

	(void)state;
	ll_audit_rec_init(&r);
	for (size_t i = 0; i < LL_ARRAY_SIZE(bad); i++) {
		size_t n = i == LL_ARRAY_SIZE(bad) - 1 ? 13 : strlen(bad[i]);

		if (ll_audit_parse(&r, bad[i], n) != LL_ECORRUPT)
			fail_msg("accepted: %s", bad[i]);
		assert_non_null(r.why);
	}
	assert_int_equal(parse(&r, "type=X msg=audit(1.000:1): msg='a=1"), LL_ECORRUPT);
	assert_string_equal(r.why, "unbalanced quotes: msg=' is not closed");
	ll_audit_rec_release(&r);
}

/* Renders one line; returns the attrs as JSON (decref it). */
static json_t *render(struct ll_audit_render *o, struct ll_audit_rec *r, const char *line)
{
	json_t *j;

	assert_int_equal(parse(r, line), 0);
	assert_int_equal(ll_audit_render(o, r), 0);
	j = json_loads(o->attrs.ptr, 0, NULL);
	assert_non_null(j);
	return j;
}

static const char *js(json_t *j, const char *k)
{
	return json_string_value(json_object_get(j, k));
}

static void test_render(void **state)
{
	struct ll_audit_rec r;
	struct ll_audit_render o;
	json_t *j;

	(void)state;
	ll_audit_rec_init(&r);
	ll_audit_render_init(&o);
	j = render(&o, &r, "type=USER_LOGIN msg=audit(1700000000.123:456): pid=1234 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct=726F6F74 exe=\"/usr/sbin/sshd\" hostname=? addr=10.1.2.3 terminal=ssh res=failed'");
	assert_string_equal(o.msg.ptr, "USER_LOGIN failed: op=login acct=root exe=/usr/sbin/sshd addr=10.1.2.3 terminal=ssh");
	assert_string_equal(o.user.ptr, "root");
	assert_string_equal(js(j, "record_type"), "USER_LOGIN");
	assert_int_equal(json_integer_value(json_object_get(j, "serial")), 456);
	assert_string_equal(js(j, "acct"), "root");
	assert_string_equal(js(j, "acct_hex"), "726F6F74");
	assert_string_equal(js(j, "auth_outcome"), "failure");
	assert_string_equal(js(j, "client_ip"), "10.1.2.3");
	assert_string_equal(js(j, "hostname"), "?");
	json_decref(j);

	/* sudo: cmd decoded, the user from the enriched AUID */
	j = render(&o, &r, "type=USER_CMD msg=audit(1.500:120): pid=1400 uid=1001 auid=1001 ses=7 msg='cwd=\"/root\" cmd=7461722063 exe=\"/usr/bin/sudo\" terminal=pts/0 res=success'\x1dUID=\"alice\" AUID=\"alice\"");
	assert_string_equal(o.msg.ptr, "USER_CMD success: cmd=\"tar c\" cwd=/root exe=/usr/bin/sudo terminal=pts/0 auid=alice");
	assert_string_equal(o.user.ptr, "alice");
	assert_string_equal(js(j, "AUID"), "alice");
	assert_null(json_object_get(j, "client_ip"));
	json_decref(j);

	/* EXECVE: hex and split arguments make one command line */
	j = render(&o, &r, "type=EXECVE msg=audit(1.000:4): argc=3 a0=\"openssl\" a1_len=4 a1[0]=\"en\" a1[1]=\"c \" a2=2F612062");
	assert_string_equal(js(j, "command_line"), "openssl enc  /a b");
	assert_string_equal(o.msg.ptr, "EXECVE argc=3: openssl enc  /a b");
	assert_string_equal(js(j, "a2_hex"), "2F612062");
	assert_string_equal(o.user.ptr, "");
	json_decref(j);

	/* SYSCALL: the x86_64 number named; repeated keys kept apart; free text */
	j = render(&o, &r, "node=n1 type=SYSCALL msg=audit(1.000:5): arch=c000003e syscall=59 success=no exit=-13 auid=1001 uid=0 comm=\"sh\" stray words exe=\"/bin/sh\" key=(null) uid=5 uid=6");
	/* (a word after an unquoted value would join it: see op=adding user) */
	assert_string_equal(o.msg.ptr, "SYSCALL execve success=no exit=-13: exe=/bin/sh comm=sh auid=1001 uid=0");
	assert_string_equal(js(j, "node"), "n1");
	assert_string_equal(js(j, "uid"), "0");
	assert_string_equal(js(j, "uid_2"), "5");
	assert_string_equal(js(j, "uid_3"), "6");
	assert_string_equal(js(j, "key"), "(null)");
	assert_string_equal(js(j, "text"), "stray words");
	json_decref(j);

	/* kernel records: res=1 is success */
	j = render(&o, &r, "type=CONFIG_CHANGE msg=audit(1.000:6): auid=1001 ses=7 op=remove_rule key=\"exec\" list=4 res=1");
	assert_string_equal(o.msg.ptr, "CONFIG_CHANGE success: auid=1001 ses=7 op=remove_rule key=exec list=4");
	assert_string_equal(js(j, "auth_outcome"), "success");
	json_decref(j);

	/* invalid UTF-8 after hex decoding is repaired */
	j = render(&o, &r, "type=PROCTITLE msg=audit(1.000:7): proctitle=61FF00626300");
	assert_string_equal(o.msg.ptr, "PROCTITLE: a\xef\xbf\xbd bc");
	assert_string_equal(js(j, "proctitle"), "a\xef\xbf\xbd bc");
	json_decref(j);
	ll_audit_render_release(&o);
	ll_audit_rec_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_message),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_quoting_and_words),
		cmocka_unit_test(test_node_and_enriched),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_render),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
