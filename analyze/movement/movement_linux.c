/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Linux and web records that name where an account came from: sshd's
 * "Accepted|Failed METHOD for [invalid user ]USER from ADDR port N" (syslog
 * and the journal, read from the message itself so both give the same
 * edges), wtmp/btmp records with a remote host, audit USER_LOGIN/USER_AUTH
 * with addr, and web requests (the client address reached the server).
 */
#include "core/compat.h"
#include "analyze/movement/movement_int.h"

#include <stdio.h>
#include <string.h>

/* The next space-delimited word of `s` into `out` (cap bytes); false when it does not fit. */
static bool word(char *out, size_t cap, const char **s)
{
	size_t n = strcspn(*s, " ");

	if (n == 0 || n >= cap)
		return false;
	memcpy(out, *s, n);
	out[n] = '\0';
	*s += n;
	while (**s == ' ')
		(*s)++;
	return true;
}

static bool skip_lit(const char **s, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*s, lit, n))
		return false;
	*s += n;
	return true;
}

/* "sshd[123]: " or "sshd: " at the start of a syslog message; the journal's has none. */
static const char *sshd_text(const struct ll_move_event *ev, const json_t *a)
{
	const char *m = ev->message, *prog = mv_str(a, "program");

	if (!m)
		return NULL;
	if (prog && strcmp(prog, "sshd"))
		return NULL;
	if (!strncmp(m, "sshd[", 5) || !strncmp(m, "sshd:", 5)) {
		const char *c = strstr(m, ": ");

		return c ? c + 2 : NULL;
	}
	return prog ? m : NULL;
}

static int sshd(struct mv_ctx *c, const struct ll_move_event *ev, const json_t *a)
{
	const char *s = sshd_text(ev, a);
	char method[64], user[MV_NAME_MAX + 2], addr[64], what[96];
	const char *from = NULL;
	struct mv_new n = { 0 };
	bool ok;

	if (!s)
		return mv_skip(c, "not an sshd line");
	if (skip_lit(&s, "Accepted "))
		ok = true;
	else if (skip_lit(&s, "Failed "))
		ok = false;
	else
		return mv_skip(c, "not an sshd login line");
	/* "Failed none for …" and other methods are kept as written */
	if (!word(method, sizeof(method), &s) || !skip_lit(&s, "for "))
		return mv_skip(c, "sshd line not in the form 'METHOD for USER from ADDR'");
	skip_lit(&s, "invalid user ");
	/*
	 * The user is what the client sent, spaces included ("x from 10.1.1.1
	 * port 1"): sshd writes its own " from ADDR port N" after it, so the
	 * address is after the last " from ".
	 */
	for (const char *f = s; (f = strstr(f, " from ")); f++)
		from = f;
	if (!from || (size_t)(from - s) >= sizeof(user))
		return from ? mv_refuse(c, "account name too long or with control characters")
			    : mv_skip(c, "sshd line not in the form 'METHOD for USER from ADDR'");
	memcpy(user, s, (size_t)(from - s));
	user[from - s] = '\0';
	s = from + 6;
	if (!word(addr, sizeof(addr), &s))
		return mv_refuse(c, "source address not an IP address");
	snprintf(what, sizeof(what), "sshd");
	n.kind = ok ? "ssh-accepted" : "ssh-failed";
	n.addr = addr;
	n.account = user;
	n.logon_type = -1;
	n.success = ok;
	n.what = what;
	n.verb = ok ? (!strcmp(method, "password") ? "accepted a password" :
		       !strcmp(method, "publickey") ? "accepted a public key" : "accepted a login")
		    : (!strcmp(method, "password") ? "refused a password" :
		       !strcmp(method, "publickey") ? "refused a public key" : "refused a login");
	return mv_add(c, ev, &n, false);
}

static bool has_word(const char *path, const char *w)
{
	const char *base = path ? strrchr(path, '/') : NULL;

	base = base ? base + 1 : path;
	return base && strstr(base, w);
}

/* wtmp USER_PROCESS records and btmp records (failed logins) with a remote host. */
static int utmp(struct mv_ctx *c, const struct ll_move_event *ev, const json_t *a)
{
	const char *type = mv_str(a, "type");
	bool failed = has_word(ev->path, "btmp");
	struct mv_new n = { 0 };

	if (!type || (strcmp(type, "USER_PROCESS") && !(failed && !strcmp(type, "LOGIN_PROCESS"))))
		return mv_skip(c, "login record not a user login");
	n.kind = failed ? "login-failed" : "login-remote";
	n.addr = mv_str(a, "client_ip");
	n.name = mv_str(a, "client_host");
	n.account = mv_str(a, "user");
	n.logon_type = -1;
	n.success = !failed;
	n.what = failed ? "btmp" : "wtmp";
	n.verb = failed ? "recorded a failed login" : "recorded a login";
	/* wtmp's host field holds the address itself when no name was looked up */
	if (n.name && n.addr && !strcmp(n.name, n.addr))
		n.name = NULL;
	/* ":0", ":1.0": a local X display, not a remote host */
	if (n.name && n.name[0] == ':')
		n.name = NULL;
	return mv_add(c, ev, &n, false);
}

static int audit(struct mv_ctx *c, const struct ll_move_event *ev, const json_t *a)
{
	const char *type = mv_str(a, "record_type"), *out = mv_str(a, "auth_outcome");
	bool login = type && !strcmp(type, "USER_LOGIN"), ok = out && !strcmp(out, "success");
	struct mv_new n = { 0 };

	if (!type || (!login && strcmp(type, "USER_AUTH")))
		return mv_skip(c, "audit record not a login");
	n.kind = login ? (ok ? "audit-login" : "audit-login-failed")
		       : (ok ? "audit-auth" : "audit-auth-failed");
	n.addr = mv_str(a, "client_ip");
	n.name = mv_str(a, "hostname");
	if (n.name && n.addr && !strcmp(n.name, n.addr))
		n.name = NULL;
	n.account = ev->user;
	n.logon_type = -1;
	n.success = ok;
	n.what = login ? "audit USER_LOGIN" : "audit USER_AUTH";
	n.verb = ok ? "recorded a successful login" : "recorded a failed login";
	return mv_add(c, ev, &n, false);
}

static int web(struct mv_ctx *c, const struct ll_move_event *ev, const json_t *a)
{
	struct mv_new n = { 0 };

	n.kind = "web-request";
	n.addr = mv_str(a, "client_ip");
	n.account = mv_str(a, "user");
	n.logon_type = -1;
	n.success = true;
	n.what = "the web server log";
	n.verb = "recorded a request";
	return mv_add(c, ev, &n, false);
}

int mv_linux(struct mv_ctx *c, const struct ll_move_event *ev, const json_t *a)
{
	const char *src = ev->source;

	if (!strcmp(src, "syslog") || !strcmp(src, "journal"))
		return sshd(c, ev, a);
	if (!strcmp(src, "login"))
		return utmp(c, ev, a);
	if (!strcmp(src, "audit"))
		return audit(c, ev, a);
	if (!strcmp(src, "web"))
		return web(c, ev, a);
	return mv_skip(c, "source not movement");
}
