/* SPDX-License-Identifier: Apache-2.0 */
/* Movement edges (analyze/movement/): source checks, resolution, installs tied to logons. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/movement/movement.h"
#include "analyze/movement/movement_int.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "core/store.h"
#include "tests/unit/unit_tmpdir.h"

static int setup(void **state)
{
	LL_UNUSED(state);
	ll_json_init();
	return unit_tmpdir_make("movement");
}

static int teardown(void **state)
{
	LL_UNUSED(state);
	return unit_tmpdir_remove();
}

static void addr_is(const char *in, enum mv_check want, const char *canon)
{
	char out[MV_ADDR_LEN];

	assert_int_equal(mv_addr_check(out, in), want);
	if (canon)
		assert_string_equal(out, canon);
}

static void test_addresses(void **state)
{
	char longer[200];

	LL_UNUSED(state);
	addr_is("10.0.2.17", MV_OK, "10.0.2.17");
	addr_is("203.0.113.45", MV_OK, "203.0.113.45");
	addr_is("::ffff:10.0.2.17", MV_OK, "10.0.2.17");     /* as Windows writes IPv4 */
	addr_is("2001:DB8:0:0::1", MV_OK, "2001:db8::1");
	addr_is("-", MV_ABSENT, NULL);
	addr_is("", MV_ABSENT, NULL);
	addr_is(NULL, MV_ABSENT, NULL);
	/* the host itself: not movement */
	addr_is("::1", MV_LOCAL, NULL);
	addr_is("127.0.0.1", MV_LOCAL, NULL);
	addr_is("127.8.9.10", MV_LOCAL, NULL);
	addr_is("0.0.0.0", MV_LOCAL, NULL);
	addr_is("::", MV_LOCAL, NULL);
	addr_is("169.254.3.4", MV_LOCAL, NULL);
	addr_is("fe80::80ac:4126:fa58:1b81%10", MV_LOCAL, NULL);
	addr_is("::ffff:127.0.0.1", MV_LOCAL, NULL);
	/* attacker-written text that is no address */
	addr_is("999.1.1.1", MV_BAD, NULL);
	addr_is("10.0.2.17 ", MV_BAD, NULL);
	addr_is("PC01", MV_BAD, NULL);
	addr_is("10.0.2.17\n", MV_BAD, NULL);
	memset(longer, '1', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	addr_is(longer, MV_BAD, NULL);
}

static void name_is(const char *in, enum mv_check want, const char *kept)
{
	char out[MV_NAME_MAX + 1];

	assert_int_equal(mv_name_check(out, in), want);
	if (kept)
		assert_string_equal(out, kept);
}

static void test_names(void **state)
{
	char big[MV_NAME_MAX + 2];

	LL_UNUSED(state);
	name_is("PC01", MV_OK, "PC01");
	name_is("\\\\PC01", MV_OK, "PC01");
	name_is("Jürgen", MV_OK, "Jürgen");
	name_is("-", MV_ABSENT, NULL);
	name_is(NULL, MV_ABSENT, NULL);
	name_is("PC\x01" "01", MV_BAD, NULL);
	name_is("PC01\n", MV_BAD, NULL);
	name_is("PC\xc2\x85" "01", MV_BAD, NULL);           /* C1 NEL */
	name_is("adm\xe2\x80\xae" "nimda", MV_BAD, NULL);  /* RIGHT-TO-LEFT OVERRIDE */
	name_is("a\xe2\x81\xa6" "b", MV_BAD, NULL);        /* LEFT-TO-RIGHT ISOLATE */
	name_is("\xff\xfe", MV_BAD, NULL);                 /* not UTF-8 */
	memset(big, 'A', MV_NAME_MAX);
	big[MV_NAME_MAX] = '\0';
	name_is(big, MV_OK, NULL);
	memset(big, 'A', MV_NAME_MAX + 1);
	big[MV_NAME_MAX + 1] = '\0';
	name_is(big, MV_BAD, NULL);
}

static void test_host_eq(void **state)
{
	LL_UNUSED(state);
	assert_true(ll_movement_host_eq("FS03", "fs03.offsec.lan"));
	assert_true(ll_movement_host_eq("pc01.example.corp", "PC01"));
	assert_false(ll_movement_host_eq("PC01", "PC010"));
	assert_false(ll_movement_host_eq("PC01", NULL));
	assert_false(ll_movement_host_eq("", ""));
}

#define SEC INT64_C(1000000000)

static void logon(struct ll_store *st, int64_t id, int64_t t, const char *host,
		  const char *type, const char *ip, const char *ws, const char *sid,
		  const char *logon_id)
{
	char a[1024], sql[2048];

	snprintf(a, sizeof(a),
		 "{\"Channel\":\"Security\",\"EventID\":4624,\"LogonType\":\"%s\","
		 "\"IpAddress\":\"%s\",\"WorkstationName\":\"%s\",\"TargetUserName\":\"admmig\","
		 "\"TargetDomainName\":\"OFFSEC\",\"TargetUserSid\":\"%s\",\"TargetLogonId\":\"%s\"}",
		 type, ip, ws, sid, logon_id);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host,"
		 " event_code, path, locator, message, attrs) VALUES (%" PRId64 ", 'E1', %" PRId64
		 ", 'Event Logged', 'evtx', 'evtx', '%s', 4624, 'Security.evtx', 'record=%" PRId64
		 "', 'logon', '%s')", id, t, host, id, a);
	assert_int_equal(ll_store_exec(st, sql), 0);
}

static struct ll_store *case_store(const char *name)
{
	struct ll_store *st = NULL;
	char p[300];

	snprintf(p, sizeof(p), "%s/%s.db", unit_dir, name);
	assert_int_equal(ll_store_create(&st, p), 0);
	assert_int_equal(ll_store_exec(st, "PRAGMA foreign_keys = OFF"), 0);
	assert_int_equal(ll_store_exec(st,
		"INSERT INTO systems(evidence_id, locator, hostname, system, life_critical, row)"
		" VALUES ('E2', 's.csv:2', 'pc01.example.corp', 'EHR', 0,"
		"  '{\"ip_addresses\":[\"10.0.2.17\",\"2001:db8::17\"]}'),"
		" ('E2', 's.csv:3', 'FS03.offsec.lan', 'EHR', 1, '{}'),"
		" ('E2', 's.csv:4', 'jump01', 'ADM', 0, '{}')"), 0);
	return st;
}

static const struct ll_movement_edge *edge_of(const struct ll_movement_list *l, int64_t ev)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].event_id == ev)
			return &l->v[i];
	return NULL;
}

static void test_build(void **state)
{
	struct ll_store *st = case_store("build");
	struct ll_movement_report rep;
	struct ll_movement_list l = { NULL, 0 };
	const struct ll_movement_edge *e;
	char sql[2048];
	int64_t t0 = INT64_C(1636800000) * SEC;

	LL_UNUSED(state);
	/* resolved by its address (the inventory's ip_addresses) */
	logon(st, 1, t0, "FS03.offsec.lan", "3", "10.0.2.17", "PC01", "S-1-5-21-1", "0x10");
	/* an address nothing resolves: an external actor */
	logon(st, 2, t0 + 1, "FS03.offsec.lan", "10", "203.0.113.45", "KALI", "S-1-5-21-2", "0x20");
	/* no address, a name the inventory has (NTLM over a tunnel) */
	logon(st, 3, t0 + 2, "FS03.offsec.lan", "3", "-", "JUMP01", "S-1-5-21-3", "0x30");
	/* the host itself: loopback, or its own name without an address */
	logon(st, 4, t0 + 3, "FS03.offsec.lan", "2", "::1", "FS03", "S-1-5-21-1", "0x40");
	logon(st, 5, t0 + 4, "FS03.offsec.lan", "2", "-", "FS03", "S-1-5-21-1", "0x50");
	logon(st, 17, t0 + 4, "srv9.example.org", "2", "-", "SRV9", "S-1-5-21-1", "0x51");
	/* a service logon is the host's own work */
	logon(st, 6, t0 + 5, "FS03.offsec.lan", "5", "10.0.2.17", "PC01", "S-1-5-18", "0x60");
	/* hostile: an address inet_pton refuses; a name with a bidi override */
	logon(st, 7, t0 + 6, "FS03.offsec.lan", "3", "999.1.1.1", "PC01", "S-1-5-21-9", "0x70");
	logon(st, 15, t0 + 7, "FS03.offsec.lan", "3", "-", "PC\xe2\x80\xae" "01", "S-1-5-21-9", "0x71");
	/* the SID of install 9, but logged on after it: never what an install came through */
	logon(st, 16, t0 + 400 * SEC, "FS03.offsec.lan", "3", "10.0.2.99", "PC09", "S-1-5-21-77",
	      "0x77");
	/* a service installed 5 minutes later by the account of logon 1 (7045: SID only) */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host, user,"
		 " event_code, path, locator, message, attrs) VALUES (8, 'E1', %" PRId64 ","
		 " 'Event Logged', 'evtx', 'evtx', 'FS03.offsec.lan', 'S-1-5-21-1', 7045,"
		 " 'System.evtx', 'record=8', 'svc', '{\"Provider_Name\":\"Service Control Manager\","
		 "\"UserID\":\"S-1-5-21-1\",\"ServiceName\":\"evil\"}'),"
		 " (9, 'E1', %" PRId64 ", 'Event Logged', 'evtx', 'evtx', 'FS03.offsec.lan',"
		 " 'S-1-5-21-77', 7045, 'System.evtx', 'record=9', 'svc',"
		 " '{\"Provider_Name\":\"Service Control Manager\",\"UserID\":\"S-1-5-21-77\","
		 "\"ServiceName\":\"lonely\"}'),"
		 " (10, 'E1', %" PRId64 ", 'Event Logged', 'evtx', 'evtx', 'FS03.offsec.lan', NULL,"
		 " 4697, 'Security.evtx', 'record=10', 'svc', '{\"SubjectUserName\":\"admmig\","
		 "\"SubjectLogonId\":\"0x20\",\"ServiceName\":\"tunnel\"}')",
		 t0 + 300 * SEC, t0 + 301 * SEC, t0 + 302 * SEC);
	assert_int_equal(ll_store_exec(st, sql), 0);
	/* sshd through syslog and the journal */
	assert_int_equal(ll_store_exec(st,
		"INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host, path,"
		" locator, message, attrs) VALUES"
		" (11, 'E1', 5, 'Event Logged', 'syslog', 'rfc3164', 'labsrv01', 'auth.log', 'line=1',"
		"  'sshd[1]: Failed password for invalid user admin from 203.0.113.45 port 4 ssh2',"
		"  '{\"program\":\"sshd\"}'),"
		" (12, 'E1', 6, 'Event Logged', 'journal', 'journal', 'labsrv01', 'j', 'seqnum=1',"
		"  'Accepted password for labadmin from 203.0.113.45 port 5 ssh2',"
		"  '{\"program\":\"sshd\"}'),"
		" (13, 'E1', 7, 'Event Logged', 'syslog', 'rfc3164', 'labsrv01', 'auth.log', 'line=2',"
		"  'sshd[2]: Accepted publickey for bob from 127.0.0.1 port 5 ssh2',"
		"  '{\"program\":\"sshd\"}'),"
		" (14, 'E1', 8, 'Event Logged', 'syslog', 'rfc3164', 'labsrv01', 'auth.log', 'line=3',"
		"  'cron[3]: Accepted nothing', '{\"program\":\"cron\"}'),"
		/* a user name that writes its own " from ": the address is sshd's, the last */
		" (18, 'E1', 9, 'Event Logged', 'syslog', 'rfc3164', 'labsrv01', 'auth.log', 'line=4',"
		"  'sshd[4]: Failed password for invalid user x from 10.1.1.1 port 1 from 203.0.113.45 port 9 ssh2',"
		"  '{\"program\":\"sshd\"}'),"
		/* auditd's unset hostname is "?"; wtmp's ":0" is the local display; btmp; web */
		" (19, 'E1', 10, 'Event Logged', 'audit', 'audit', 'labsrv01', 'audit.log', 'line=1',"
		"  'login', '{\"record_type\":\"USER_LOGIN\",\"auth_outcome\":\"success\","
		"\"client_ip\":\"198.51.100.7\",\"hostname\":\"?\"}'),"
		" (20, 'E1', 11, 'Start Time', 'login', 'utmp', 'labsrv01', 'var/log/wtmp', 'record=1',"
		"  'login', '{\"type\":\"USER_PROCESS\",\"user\":\"alice\",\"client_host\":\":0\"}'),"
		" (21, 'E1', 12, 'Start Time', 'login', 'utmp', 'labsrv01', 'var/log/btmp', 'record=1',"
		"  'login', '{\"type\":\"LOGIN_PROCESS\",\"user\":\"root\","
		"\"client_host\":\"198.51.100.8\",\"client_ip\":\"198.51.100.8\"}'),"
		" (22, 'E1', 13, 'Event Logged', 'web', 'apache-combined', 'labsrv01', 'access.log',"
		"  'line=1', 'GET /', '{\"client_ip\":\"198.51.100.9\",\"user\":\"-\"}')"), 0);

	/* WinRM/Operational 6 on the client names the server: by name, by an address the
	 * inventory resolves, the host itself, and the same id in another channel */
	assert_int_equal(ll_store_exec(st,
		"INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host, user,"
		" event_code, path, locator, message, attrs) VALUES"
		" (23, 'E1', 14, 'Event Logged', 'evtx', 'evtx', 'pc01.example.corp', 'OFFSEC\\admmig', 6,"
		"  'WinRM.evtx', 'record=1', 'wsman', '{\"Channel\":\"Microsoft-Windows-WinRM/Operational\","
		"\"connection\":\"FS03.offsec.lan/wsman?PSVersion=5.1.17763.1\"}'),"
		" (24, 'E1', 15, 'Event Logged', 'evtx', 'evtx', 'jump01', NULL, 6,"
		"  'WinRM.evtx', 'record=2', 'wsman', '{\"Channel\":\"Microsoft-Windows-WinRM/Operational\","
		"\"connection\":\"http://10.0.2.17:5985/wsman\"}'),"
		" (25, 'E1', 16, 'Event Logged', 'evtx', 'evtx', 'jump01', NULL, 6,"
		"  'WinRM.evtx', 'record=3', 'wsman', '{\"Channel\":\"Microsoft-Windows-WinRM/Operational\","
		"\"connection\":\"localhost/wsman\"}'),"
		" (26, 'E1', 17, 'Event Logged', 'evtx', 'evtx', 'jump01', NULL, 6,"
		"  'System.evtx', 'record=4', 'other', '{\"Channel\":\"System\","
		"\"connection\":\"FS03.offsec.lan\"}')"), 0);
	assert_int_equal(ll_movement_build(&rep, st), 0);
	assert_int_equal(ll_movement_load(&l, st, NULL, NULL), 0);

	assert_non_null(e = edge_of(&l, 1));
	{
		const struct ll_movement_edge *w;

		assert_non_null(w = edge_of(&l, 23));
		assert_string_equal(w->kind, "winrm");
		assert_string_equal(w->from_host, "pc01.example.corp");
		assert_string_equal(w->to_host, "FS03.offsec.lan");
		assert_non_null(strstr(w->basis, "WinRM 6 on pc01.example.corp"));
		assert_non_null(w = edge_of(&l, 24));
		assert_string_equal(w->from_host, "jump01");
		assert_string_equal(w->to_host, "pc01.example.corp");
		assert_null(edge_of(&l, 25));
		assert_null(edge_of(&l, 26));
	}
	assert_string_equal(e->kind, "logon-network");
	assert_string_equal(e->from_addr, "10.0.2.17");
	assert_string_equal(e->from_name, "PC01");
	assert_string_equal(e->from_host, "pc01.example.corp");
	assert_string_equal(e->to_host, "FS03.offsec.lan");
	assert_string_equal(e->account, "OFFSEC\\admmig");
	assert_int_equal(e->logon_type, 3);
	assert_non_null(strstr(e->basis, "inventory host pc01.example.corp by its address"));
	assert_non_null(strstr(e->basis, "event 1 (E1 record=1)"));

	assert_non_null(e = edge_of(&l, 2));
	assert_string_equal(e->kind, "logon-rdp");
	assert_string_equal(e->from_addr, "203.0.113.45");
	assert_null(e->from_host);
	assert_non_null(strstr(e->basis, "(external)"));

	assert_non_null(e = edge_of(&l, 3));
	assert_null(e->from_addr);
	assert_string_equal(e->from_host, "jump01");
	assert_non_null(strstr(e->basis, "by its name"));

	assert_null(edge_of(&l, 4));
	assert_null(edge_of(&l, 5));
	assert_null(edge_of(&l, 17)); /* its own name, a host the inventory lacks */
	assert_null(edge_of(&l, 6));
	assert_null(edge_of(&l, 7));
	assert_null(edge_of(&l, 15));
	assert_int_equal(json_integer_value(json_object_get(rep.refused,
				"source address not an IP address")), 1);
	assert_int_equal(json_integer_value(json_object_get(rep.refused,
				"source name too long or with control characters")), 1);

	/* 7045 tied to logon 1 by its SID; 4697 to logon 2 by its logon id */
	assert_non_null(e = edge_of(&l, 8));
	assert_string_equal(e->kind, "service-install");
	assert_int_equal(e->logon_event_id, 1);
	assert_string_equal(e->from_host, "pc01.example.corp");
	assert_non_null(strstr(e->basis, "same account (SID S-1-5-21-1)"));
	assert_non_null(strstr(e->basis, "300 s earlier"));
	assert_null(edge_of(&l, 9));
	assert_non_null(e = edge_of(&l, 10));
	assert_int_equal(e->logon_event_id, 2);
	assert_null(e->from_host);
	assert_non_null(strstr(e->basis, "(logon id 0x20)"));

	assert_non_null(e = edge_of(&l, 11));
	assert_string_equal(e->kind, "ssh-failed");
	assert_false(e->success);
	assert_string_equal(e->account, "admin");
	assert_non_null(e = edge_of(&l, 12));
	assert_string_equal(e->kind, "ssh-accepted");
	assert_non_null(strstr(e->basis, "sshd on labsrv01 accepted a password for labadmin"
				   " from 203.0.113.45"));
	assert_null(edge_of(&l, 13));
	assert_null(edge_of(&l, 14));
	assert_non_null(e = edge_of(&l, 18));
	assert_string_equal(e->from_addr, "203.0.113.45");
	assert_string_equal(e->account, "x from 10.1.1.1 port 1");
	assert_non_null(e = edge_of(&l, 19));
	assert_string_equal(e->kind, "audit-login");
	assert_string_equal(e->from_addr, "198.51.100.7");
	assert_null(e->from_name);
	assert_null(edge_of(&l, 20));
	assert_non_null(e = edge_of(&l, 21));
	assert_string_equal(e->kind, "login-failed");
	assert_false(e->success);
	assert_null(e->from_name);
	assert_non_null(e = edge_of(&l, 22));
	assert_string_equal(e->kind, "web-request");
	assert_null(e->account);
	assert_non_null(edge_of(&l, 16));
	assert_int_equal(l.n, 14);
	assert_int_equal(rep.edges, 14);
	ll_movement_list_release(&l);

	/* the filters */
	assert_int_equal(ll_movement_load(&l, st, "labsrv01", NULL), 0);
	assert_int_equal(l.n, 6);
	ll_movement_list_release(&l);
	assert_int_equal(ll_movement_load(&l, st, NULL, "203.0.113.45"), 0);
	assert_int_equal(l.n, 5); /* logon 2, its 4697, sshd 11, 12 and 18 */
	ll_movement_list_release(&l);
	assert_int_equal(ll_movement_load(&l, st, "pc01", NULL), 0);
	assert_int_equal(l.n, 4); /* logon 1, its 7045; WinRM 23 from it, 24 to it */
	ll_movement_list_release(&l);

	/* a re-run replaces the edges */
	ll_movement_report_release(&rep);
	assert_int_equal(ll_movement_build(&rep, st), 0);
	assert_int_equal(ll_movement_load(&l, st, NULL, NULL), 0);
	assert_int_equal(l.n, 14);
	ll_movement_list_release(&l);
	ll_movement_report_release(&rep);
	ll_store_free(st);
}

/* A private-range source nothing resolves is "unresolved", not an external actor. */
static void test_private_ranges(void **state)
{
	static const char *const priv[] = { "10.0.2.17", "172.16.0.1", "172.31.255.254",
					    "192.168.1.1", "100.64.0.1", "100.127.255.255",
					    "fd00::1", "fc00::5" };
	static const char *const pub[] = { "172.32.0.1", "172.15.255.255", "192.169.0.1",
					   "100.128.0.1", "203.0.113.45", "8.8.8.8",
					   "2001:db8::1", "fe00::1" };
	struct ll_movement_edge e = { 0 };

	LL_UNUSED(state);
	for (size_t i = 0; i < LL_ARRAY_SIZE(priv); i++)
		assert_true(ll_movement_addr_private(priv[i]));
	for (size_t i = 0; i < LL_ARRAY_SIZE(pub); i++)
		assert_false(ll_movement_addr_private(pub[i]));
	assert_false(ll_movement_addr_private(NULL));
	e.from_addr = (char *)"10.20.4.21";
	assert_false(ll_movement_external(&e));
	e.from_addr = (char *)"203.0.113.45";
	assert_true(ll_movement_external(&e));
	e.from_host = (char *)"labsrv01";
	assert_false(ll_movement_external(&e));
	e.from_host = NULL;
	e.from_addr = NULL;
	e.from_name = (char *)"KALI";
	assert_false(ll_movement_external(&e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_private_ranges),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_host_eq),
		cmocka_unit_test(test_build),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
