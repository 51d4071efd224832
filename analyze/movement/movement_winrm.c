/* SPDX-License-Identifier: Apache-2.0 */
/*
 * WinRM (PowerShell remoting, winrs, Invoke-Command): the client's
 * Microsoft-Windows-WinRM/Operational event 6, "Creating WSMan Session. The
 * connection string is: HOST/wsman?PSVersion=…", names the host it opened a
 * session to. Logged on the source, like 4648, so the edge runs from the
 * event's host to the one named. The server's own WinRM events (91, 169)
 * name no source and give no edge; its 4624 type 3 logon does.
 */
#include "core/compat.h"

#include <string.h>
#include <strings.h>

#include "analyze/movement/movement_int.h"

/* The host part of a WSMan connection string: scheme, port, path and query dropped. */
static enum mv_check target_of(char out[MV_NAME_MAX + 1], const char *conn)
{
	const char *p = conn;
	size_t n;

	if (!p || !*p)
		return MV_ABSENT;
	if (!strncasecmp(p, "http://", 7))
		p += 7;
	else if (!strncasecmp(p, "https://", 8))
		p += 8;
	if (*p == '[') { /* an IPv6 address in brackets */
		const char *e = strchr(p, ']');

		if (!e)
			return MV_BAD;
		p++;
		n = (size_t)(e - p);
	} else {
		n = strcspn(p, ":/?");
	}
	if (n == 0)
		return MV_ABSENT;
	if (n > MV_NAME_MAX)
		return MV_BAD;
	{
		char host[MV_NAME_MAX + 1];

		memcpy(host, p, n);
		host[n] = '\0';
		return mv_name_check(out, host);
	}
}

int mv_winrm(struct mv_ctx *c, const struct ll_move_event *ev, const json_t *a)
{
	char src[MV_NAME_MAX + 1], target[MV_NAME_MAX + 1], what[MV_NAME_MAX + 96];
	char addr[MV_ADDR_LEN];
	const char *to;
	struct mv_new n = { 0 };

	switch (target_of(target, mv_str(a, "connection"))) {
	case MV_OK: break;
	case MV_BAD: return mv_refuse(c, "WinRM connection string with a bad host name");
	default: return mv_skip(c, "WinRM session without a target");
	}
	if (!strcasecmp(target, "localhost") || ll_movement_host_eq(target, ev->host))
		return mv_skip(c, "WinRM session to the host itself");
	switch (mv_name_check(src, ev->host)) {
	case MV_OK: break;
	case MV_BAD: return mv_refuse(c, "host name too long or with control characters");
	default: return mv_skip(c, "no source host");
	}
	/* a target given by address is named by the inventory when it can be */
	to = target;
	if (mv_addr_check(addr, target) == MV_OK) {
		if (!strcmp(addr, "127.0.0.1") || !strcmp(addr, "::1"))
			return mv_skip(c, "WinRM session to the host itself");
		if (mv_resolve_addr(c, addr))
			to = mv_resolve_addr(c, addr);
	}
	snprintf(what, sizeof(what), "WinRM 6 on %s (a remote PowerShell/WSMan session opened) names a session", src);
	n.kind = "winrm";
	n.name = src;
	n.to_host = to;
	n.from_host = mv_resolve_name(c, src) ? mv_resolve_name(c, src) : src;
	n.account = ev->user;
	n.logon_type = -1;
	n.success = true;
	n.what = what;
	n.verb = "opened from it";
	return mv_add(c, ev, &n, false);
}
