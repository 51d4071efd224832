/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Linux logs for Sigma rules: a syslog or journal event's Sigma fields
 * (its message; for sshd and sudo lines the account, address, outcome and
 * command) and the logsources it belongs to (sshd, auth, syslog); an audit
 * EXECVE record as process_creation. docs/rules.md has the mapping.
 */
#include "core/compat.h"
#include "analyze/sigma/sigma_linux.h"

#include <string.h>

/* Programs whose lines go to auth.log (the auth and authpriv facilities). */
static const char *const auth_programs[] = {
	"sshd", "sudo", "su", "login", "passwd", "chpasswd", "chage", "useradd", "userdel",
	"usermod", "groupadd", "groupdel", "groupmod", "gpasswd", "newusers", "systemd-logind",
	"polkitd", "pkexec", "CRON", "cron", "unix_chkpwd", "sshd-session",
};

/* `len` bytes of `s` as a string field. */
static void put(json_t *o, const char *k, const char *s, size_t len)
{
	json_object_set_new(o, k, json_stringn(s, len));
}

static const char *find(const char *s, const char *end, const char *word)
{
	size_t wl = strlen(word);

	for (const char *p = s; p + wl <= end; p++)
		if (*p == *word && !memcmp(p, word, wl))
			return p;
	return NULL;
}

static const char *tok_end(const char *s, const char *end)
{
	while (s < end && *s != ' ')
		s++;
	return s;
}

/* "… from ADDR port PORT …": SourceIp, SourcePort. */
static void from_addr(json_t *o, const char *s, const char *end)
{
	const char *p = find(s, end, " from "), *e;

	if (!p)
		return;
	p += 6;
	e = tok_end(p, end);
	if (e > p)
		put(o, "SourceIp", p, (size_t)(e - p));
	if ((p = find(e, end, " port ")) && p == e) {
		p += 6;
		put(o, "SourcePort", p, (size_t)(tok_end(p, end) - p));
	}
}

static void sshd_fields(json_t *o, const char *s, const char *end)
{
	const char *p, *e;

	if ((size_t)(end - s) > 9 && (!memcmp(s, "Accepted ", 9) || !memcmp(s, "Failed ", 7))) {
		bool ok = s[0] == 'A';

		p = s + (ok ? 9 : 7);
		e = tok_end(p, end);
		put(o, "AuthMethod", p, (size_t)(e - p));
		json_object_set_new(o, "Outcome", json_string(ok ? "success" : "failure"));
		if (!(p = find(e, end, " for ")))
			return;
		p += 5;
		if ((size_t)(end - p) > 13 && !memcmp(p, "invalid user ", 13)) {
			p += 13;
			json_object_set_new(o, "InvalidUser", json_string("true"));
		}
		e = tok_end(p, end);
		put(o, "User", p, (size_t)(e - p));
		from_addr(o, e, end);
	} else if ((size_t)(end - s) > 13 && !memcmp(s, "Invalid user ", 13)) {
		/* before any password: not an authentication result, no Outcome */
		p = s + 13;
		e = tok_end(p, end);
		put(o, "User", p, (size_t)(e - p));
		json_object_set_new(o, "InvalidUser", json_string("true"));
		from_addr(o, e, end);
	}
}

/* PAM "session opened for user NAME(uid=N) by …" and sudo "NAME : … ; USER=T ; COMMAND=C". */
static void auth_fields(json_t *o, const char *s, const char *end)
{
	const char *p, *e;

	if ((p = find(s, end, "session opened for user ")) ||
	    (p = find(s, end, "session closed for user "))) {
		json_object_set_new(o, "Session", json_string(p[8] == 'o' ? "opened" : "closed"));
		p += 24;
		for (e = p; e < end && *e != ' ' && *e != '('; e++)
			;
		put(o, "User", p, (size_t)(e - p));
	} else if ((p = find(s, end, " ; COMMAND="))) {
		const char *u = s;

		while (u < end && *u == ' ')
			u++;
		put(o, "User", u, (size_t)(tok_end(u, end) - u));
		put(o, "CommandLine", p + 11, (size_t)(end - p - 11));
		if ((e = find(s, p, " USER=")))
			put(o, "TargetUser", e + 6, (size_t)(tok_end(e + 6, p) - e - 6));
		if ((e = find(s, p, "PWD=")))
			put(o, "CurrentDirectory", e + 4, (size_t)(tok_end(e + 4, p) - e - 4));
	}
}

size_t ll_sigma_linux_prepare(json_t *attrs, const char *message, const char **channels,
			      size_t max)
{
	json_t *pj = json_object_get(attrs, "program"), *fac = json_object_get(attrs, "facility");
	const char *prog = json_string_value(pj);
	const char *s = message ? message : "", *end;
	size_t n = 0, pl = prog ? strlen(prog) : 0;
	bool auth = false;

	/* a syslog event's message is "program[pid]: text": the text is what Sigma calls the message */
	if (pl && !strncmp(s, prog, pl)) {
		const char *p = s + pl;

		if (*p == '[')
			p = strchr(p, ']') ? strchr(p, ']') + 1 : p;
		if (p[0] == ':' && p[1] == ' ')
			s = p + 2;
	}
	end = s + strlen(s);
	json_object_set_new(attrs, "message", json_string(s));
	for (size_t i = 0; prog && i < LL_ARRAY_SIZE(auth_programs); i++)
		auth = auth || !strcmp(prog, auth_programs[i]);
	/* auth (4) and authpriv (10) facilities */
	auth = auth || (json_is_integer(fac) &&
			(json_integer_value(fac) == 4 || json_integer_value(fac) == 10));
	if (prog && (!strcmp(prog, "sshd") || !strcmp(prog, "sshd-session"))) {
		sshd_fields(attrs, s, end);
		if (n < max)
			channels[n++] = LL_SIGMA_LINUX_SSHD;
	}
	if (auth) {
		if (!json_object_get(attrs, "User"))
			auth_fields(attrs, s, end);
		if (n < max)
			channels[n++] = LL_SIGMA_LINUX_AUTH;
	}
	if (n < max)
		channels[n++] = LL_SIGMA_LINUX_SYSLOG;
	return n;
}

bool ll_sigma_linux_execve(json_t *attrs)
{
	json_t *t = json_object_get(attrs, "record_type");
	json_t *cl = json_object_get(attrs, "command_line");
	json_t *img = json_object_get(attrs, "exe");

	if (!json_is_string(t) || strcmp(json_string_value(t), "EXECVE") || !json_is_string(cl))
		return false;
	json_object_set(attrs, "CommandLine", cl);
	if (!img)
		img = json_object_get(attrs, "a0");
	if (json_is_string(img))
		json_object_set(attrs, "Image", img);
	return true;
}
