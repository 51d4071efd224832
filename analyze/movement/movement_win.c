/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Windows event-log records that name where an account came from: logons
 * (4624, 4625), explicit credentials (4648), RDP (4778/4779, 1149, 21/25),
 * share access (5140/5145), WMI (5858), and service and task installs
 * (7045, 4697, 4698, 4702), which name no source of their own and are tied
 * to their logon later (movement_link.c). Field names are the EventData /
 * UserData names the evtx reader keeps in attrs.
 */
#include "core/compat.h"
#include "analyze/movement/movement_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool has(const char *s, const char *part)
{
	return s && strstr(s, part);
}

/* "DOMAIN\user", or "user" when the domain is absent; truncation fails the name check. */
static const char *account(char *buf, size_t cap, const char *domain, const char *user)
{
	if (!user || !*user || !strcmp(user, "-"))
		return NULL;
	if (!domain || !*domain || !strcmp(domain, "-"))
		return user;
	if ((size_t)snprintf(buf, cap, "%s\\%s", domain, user) >= cap)
		return "\x01"; /* too long: refused as a bad name */
	return buf;
}

static const char *logon_type_name(int t)
{
	switch (t) {
	case 2: return "interactive";
	case 3: return "network";
	case 7: return "unlock";
	case 8: return "network cleartext";
	case 9: return "new credentials";
	case 10: return "remote interactive (RDP)";
	case 11: return "cached interactive";
	default: return "other";
	}
}

static int logon(struct mv_ctx *c, const struct ll_move_event *ev, const json_t *a, bool ok)
{
	const char *lt = mv_str(a, "LogonType");
	char acct[2 * MV_NAME_MAX + 2], what[96];
	struct mv_new n = { 0 };
	char *end;
	long t = lt ? strtol(lt, &end, 10) : -1;

	if (!lt || end == lt || *end || t < 0 || t > 99)
		t = -1;
	/* system, batch and service logons are the host's own work */
	if (t == 0 || t == 4 || t == 5)
		return mv_skip(c, "logon type of the host's own (system, batch, service)");
	snprintf(what, sizeof(what), "Windows %s %" PRId64 " (logon type %ld, %s)",
		 ok ? "logon" : "failed logon", ev->event_code, t, logon_type_name((int)t));
	n.kind = !ok ? "logon-failed" : t == 10 ? "logon-rdp" : (t == 3 || t == 8) ?
		"logon-network" : "logon-interactive";
	n.addr = mv_str(a, "IpAddress");
	n.name = mv_str(a, "WorkstationName");
	n.account = account(acct, sizeof(acct), mv_str(a, "TargetDomainName"),
			    mv_str(a, "TargetUserName"));
	n.logon_type = (int)t;
	n.success = ok;
	n.what = what;
	n.verb = ok ? "recorded a logon" : "recorded a failed logon";
	n.logon_id = mv_str(a, "TargetLogonId");
	n.sid = mv_str(a, "TargetUserSid");
	return mv_add(c, ev, &n, false);
}

/* 4648 is logged on the host the credentials were used from: the edge runs from it. */
static int explicit_creds(struct mv_ctx *c, const struct ll_move_event *ev, const json_t *a)
{
	char acct[2 * MV_NAME_MAX + 2], what[MV_NAME_MAX + 96];
	char src[MV_NAME_MAX + 1], target[MV_NAME_MAX + 1];
	const char *t = mv_str(a, "TargetServerName");
	struct mv_new n = { 0 };

	switch (mv_name_check(target, t)) {
	case MV_OK: break;
	case MV_BAD: return mv_refuse(c, "host name too long or with control characters");
	default: return mv_skip(c, "explicit credentials without a target server");
	}
	if (!strcmp(target, "localhost") || ll_movement_host_eq(target, ev->host))
		return mv_skip(c, "explicit credentials used for the host itself");
	switch (mv_name_check(src, ev->host)) {
	case MV_OK: break;
	case MV_BAD: return mv_refuse(c, "host name too long or with control characters");
	default: return mv_skip(c, "no destination host");
	}
	snprintf(what, sizeof(what), "Windows 4648 on %s (explicit credentials) names a logon", src);
	n.kind = "explicit-credentials";
	n.name = src;
	n.to_host = target;
	n.from_host = mv_resolve_name(c, src) ? mv_resolve_name(c, src) : src;
	n.account = account(acct, sizeof(acct), mv_str(a, "TargetDomainName"),
			    mv_str(a, "TargetUserName"));
	n.logon_type = -1;
	n.success = true;
	n.what = what;
	n.verb = "with those credentials";
	return mv_add(c, ev, &n, false);
}

static int session(struct mv_ctx *c, const struct ll_move_event *ev, const char *kind,
		   const char *addr, const char *name, const char *acct, bool ok,
		   const char *what, const char *verb)
{
	struct mv_new n = { 0 };

	n.kind = kind;
	n.addr = addr;
	n.name = name;
	n.account = acct;
	n.logon_type = -1;
	n.success = ok;
	n.what = what;
	n.verb = verb;
	return mv_add(c, ev, &n, false);
}

static int install(struct mv_ctx *c, const struct ll_move_event *ev, const json_t *a,
		   const char *kind, const char *label, const char *verb, const char *object,
		   const char *acct, const char *logon_id, const char *sid)
{
	char name[MV_NAME_MAX + 1], what[MV_NAME_MAX + 96];
	struct mv_new n = { 0 };

	(void)a;
	/* the object's name is attacker-chosen: shown only when it passes as a name */
	if (mv_name_check(name, object) == MV_OK)
		snprintf(what, sizeof(what), "%s '%s'", label, name);
	else
		snprintf(what, sizeof(what), "%s (its name left out: not a plain name)", label);
	n.kind = kind;
	n.account = acct;
	n.logon_type = -1;
	n.success = true;
	n.what = what;
	n.verb = verb;
	n.logon_id = logon_id;
	n.sid = sid;
	return mv_add(c, ev, &n, true);
}

int mv_windows(struct mv_ctx *c, const struct ll_move_event *ev, const json_t *a)
{
	const char *ch = mv_str(a, "Channel");
	char acct[2 * MV_NAME_MAX + 2];

	switch (ev->event_code) {
	case 4624: return logon(c, ev, a, true);
	case 4625: return logon(c, ev, a, false);
	case 4648: return explicit_creds(c, ev, a);
	case 4778:
	case 4779:
		return session(c, ev, "rdp-session", mv_str(a, "ClientAddress"),
			       mv_str(a, "ClientName"),
			       account(acct, sizeof(acct), mv_str(a, "AccountDomain"),
				       mv_str(a, "AccountName")), true,
			       ev->event_code == 4778 ? "Windows 4778 (RDP session reconnected)"
						      : "Windows 4779 (RDP session disconnected)",
			       "recorded a remote session");
	case 1149:
		if (!has(ch, "RemoteConnectionManager"))
			return mv_skip(c, "event id of another channel");
		return session(c, ev, "rdp-auth", mv_str(a, "Param3"), NULL,
			       account(acct, sizeof(acct), mv_str(a, "Param2"), mv_str(a, "Param1")),
			       true, "TerminalServices 1149 (RDP user authentication succeeded)",
			       "recorded a remote desktop authentication");
	case 21:
	case 25:
		if (!has(ch, "LocalSessionManager"))
			return mv_skip(c, "event id of another channel");
		return session(c, ev, "rdp-session", mv_str(a, "Address"), NULL, mv_str(a, "User"),
			       true, ev->event_code == 21 ? "TerminalServices 21 (session logon)"
							  : "TerminalServices 25 (session reconnection)",
			       "recorded a remote desktop session");
	case 5140:
	case 5145:
		return session(c, ev, "share", mv_str(a, "IpAddress"), NULL,
			       account(acct, sizeof(acct), mv_str(a, "SubjectDomainName"),
				       mv_str(a, "SubjectUserName")), true,
			       ev->event_code == 5140 ? "Windows 5140 (network share accessed)"
						      : "Windows 5145 (network share object checked)",
			       "recorded share access");
	case 5858:
		if (!has(ch, "WMI-Activity"))
			return mv_skip(c, "event id of another channel");
		return session(c, ev, "wmi", NULL, mv_str(a, "ClientMachine"), mv_str(a, "User"),
			       false, "WMI-Activity 5858 (a remote WMI operation)",
			       "recorded a WMI call");
	case 6:
		if (!has(ch, "WinRM"))
			return mv_skip(c, "event id of another channel");
		return mv_winrm(c, ev, a);
	case 7045:
		if (!has(mv_str(a, "Provider_Name"), "Service Control Manager"))
			return mv_skip(c, "event id of another channel");
		return install(c, ev, a, "service-install", "Windows 7045: service",
			       "was installed",
			       mv_str(a, "ServiceName"), ev->user, NULL, mv_str(a, "UserID"));
	case 4697:
		return install(c, ev, a, "service-install", "Windows 4697: service",
			       "was installed",
			       mv_str(a, "ServiceName"),
			       account(acct, sizeof(acct), mv_str(a, "SubjectDomainName"),
				       mv_str(a, "SubjectUserName")),
			       mv_str(a, "SubjectLogonId"), mv_str(a, "SubjectUserSid"));
	case 4698:
	case 4702:
		return install(c, ev, a, "task",
			       ev->event_code == 4698 ? "Windows 4698: scheduled task"
						      : "Windows 4702: scheduled task",
			       ev->event_code == 4698 ? "was created" : "was updated",
			       mv_str(a, "TaskName"),
			       account(acct, sizeof(acct), mv_str(a, "SubjectDomainName"),
				       mv_str(a, "SubjectUserName")),
			       mv_str(a, "SubjectLogonId"), mv_str(a, "SubjectUserSid"));
	default:
		return mv_skip(c, "event id not movement");
	}
}
