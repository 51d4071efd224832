/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Source addresses and names as the evidence wrote them — attacker-written
 * (a 4624's IpAddress and WorkstationName come from the client) — checked
 * before they become an edge, and resolved to an inventory host.
 */
#include "core/compat.h"
#include "analyze/movement/movement_int.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

#include "analyze/harm/harm.h"
#include "core/name.h"

bool ll_movement_host_eq(const char *a, const char *b)
{
	if (!a || !b || !*a || !*b)
		return false;
	for (; *a && *a != '.' && *b && *b != '.'; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return (!*a || *a == '.') && (!*b || *b == '.');
}

/* "-" (Windows), "?" (auditd's unset hostname and addr) */
static bool absent(const char *s)
{
	return !s || !*s || !strcmp(s, "-") || !strcmp(s, "?");
}

/* Loopback, link-local, unspecified: the host talking to itself, not movement. */
static bool local4(const uint8_t a[4])
{
	return a[0] == 127 || a[0] == 0 || (a[0] == 169 && a[1] == 254);
}

static bool local6(const uint8_t a[16])
{
	static const uint8_t zero[15];

	if (!memcmp(a, zero, 15) && (a[15] == 0 || a[15] == 1))
		return true;                    /* :: and ::1 */
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80; /* fe80::/10 */
}

bool ll_movement_addr_private(const char *addr)
{
	uint8_t a[16];

	if (!addr)
		return false;
	if (inet_pton(AF_INET, addr, a) == 1)
		return a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) ||
		       (a[0] == 192 && a[1] == 168) || (a[0] == 100 && (a[1] & 0xc0) == 64);
	return inet_pton(AF_INET6, addr, a) == 1 && (a[0] & 0xfe) == 0xfc; /* fc00::/7 */
}

enum mv_check mv_addr_check(char out[MV_ADDR_LEN], const char *in)
{
	char buf[MV_ADDR_LEN];
	uint8_t a[16];
	size_t n;

	out[0] = '\0';
	if (absent(in))
		return MV_ABSENT;
	n = strcspn(in, "%");           /* fe80::1%10: the zone names an interface of the host */
	if (n >= sizeof(buf))
		return MV_BAD;
	memcpy(buf, in, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, a) == 1) {
		if (local4(a))
			return MV_LOCAL;
		return inet_ntop(AF_INET, a, out, MV_ADDR_LEN) ? MV_OK : MV_BAD;
	}
	if (inet_pton(AF_INET6, buf, a) != 1)
		return MV_BAD;
	/* ::ffff:10.0.2.17 is the IPv4 address (Windows writes both forms) */
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	if (!memcmp(a, mapped, 12)) {
		if (local4(a + 12))
			return MV_LOCAL;
		return inet_ntop(AF_INET, a + 12, out, MV_ADDR_LEN) ? MV_OK : MV_BAD;
	}
	if (local6(a))
		return MV_LOCAL;
	return inet_ntop(AF_INET6, a, out, MV_ADDR_LEN) ? MV_OK : MV_BAD;
}

/* A code point a name must not hold: controls, C1, bidi and other format characters. */
static bool bad_code_point(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	       (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0x061c || cp == 0xfeff;
}

enum mv_check mv_name_check(char out[MV_NAME_MAX + 1], const char *in)
{
	const unsigned char *p;
	size_t n;

	out[0] = '\0';
	while (in && *in == '\\')       /* \\PC01 as 4778 and 4648 may write it */
		in++;
	if (absent(in))
		return MV_ABSENT;
	n = strlen(in);
	if (n > MV_NAME_MAX || !ll_name_is_utf8(in))
		return MV_BAD;
	for (p = (const unsigned char *)in; *p;) {
		uint32_t cp;
		int len;

		if (*p < 0x80)
			cp = *p, len = 1;
		else if (*p < 0xe0)
			cp = *p & 0x1f, len = 2;
		else if (*p < 0xf0)
			cp = *p & 0x0f, len = 3;
		else
			cp = *p & 0x07, len = 4;
		for (int i = 1; i < len; i++)
			cp = (cp << 6) | (p[i] & 0x3f);
		if (bad_code_point(cp))
			return MV_BAD;
		p += len;
	}
	memcpy(out, in, n + 1);
	return MV_OK;
}

const char *mv_resolve_addr(const struct mv_ctx *c, const char *addr)
{
	char canon[MV_ADDR_LEN];

	if (!addr)
		return NULL;
	for (size_t i = 0; i < c->naddrs; i++)
		/* the inventory's text may be written otherwise (case, zeros): compare canonical */
		if (mv_addr_check(canon, c->addrs[i].addr) == MV_OK && !strcmp(canon, addr))
			return c->addrs[i].hostname;
	return NULL;
}

const char *mv_resolve_name(const struct mv_ctx *c, const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < c->nhosts; i++)
		if (ll_movement_host_eq(c->hosts[i], name))
			return c->hosts[i];
	return NULL;
}
