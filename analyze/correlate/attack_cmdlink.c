/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Commands that name the next host (docs/correlation.md, "The attack path"):
 * an event a finding on host A cites whose text names another known host B
 * as a whole word ("xfreerdp /v:FS03.offsec.lan", "deploy.py --target FS03")
 * is a command link A → B at the event's time, run by the event's account.
 * It is what A's own log says was launched; FS03 accepting it is not shown,
 * so the walk uses it at most as medium (attack_graph.c). An event that is
 * a movement edge (a logon record naming its source) is an edge, never a
 * command: its direction is the record's.
 */
#include "core/compat.h"
#include "analyze/correlate/attack_graph_int.h"

#include <ctype.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/event/event_cite.h"

/* Events read per finding: a command finding cites a few; an encryption burst thousands. */
#define MAX_EVENTS_READ 1000
/* The command quoted in a link's basis, at most. */
#define MAX_QUOTE 300

static bool word_char(int ch)
{
	return isalnum(ch) || ch == '-' || ch == '_';
}

/* Whether `text` names `host` (its first label, at least 3 characters) as a whole word. */
static bool names_host(const char *text, const char *host)
{
	size_t hl = strcspn(host, ".");

	if (hl < 3 || !text)
		return false;
	for (const char *p = text; *p; p++) {
		if (strncasecmp(p, host, hl) != 0)
			continue;
		if ((p == text || !word_char((unsigned char)p[-1])) && !word_char((unsigned char)p[hl]))
			return true;
	}
	return false;
}

/* A code point a reader cannot see: controls, C1, bidi, zero-width and other format characters. */
static bool invisible(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	       (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0x061c || cp == 0xfeff;
}

/* One UTF-8 character at p (n bytes left): its length, 0 when the bytes are not UTF-8. */
static size_t utf8_char(uint32_t *cp, const unsigned char *p, size_t n)
{
	size_t len = p[0] < 0x80 ? 1 : (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3 :
		     (p[0] & 0xf8) == 0xf0 ? 4 : 0;

	if (!len || len > n || (len == 2 && p[0] < 0xc2))
		return 0;
	*cp = len == 1 ? p[0] : p[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (p[i] & 0x3f);
	}
	return len;
}

/*
 * The command as a reader sees it: at most MAX_QUOTE bytes of it, whole
 * characters only, and what cannot be seen (an ESC, a bidi override, a byte
 * that is not UTF-8) written out as \u{202E} or \x{FF}; the event itself
 * keeps every byte.
 */
static char *quote_visible(const char *msg)
{
	const unsigned char *p = (const unsigned char *)msg;
	size_t n = strlen(msg), used = 0, cap = MAX_QUOTE * 2 + 16;
	char *out = ll_malloc(cap);

	if (!out)
		return NULL;
	while (n && used < MAX_QUOTE) {
		uint32_t cp;
		size_t len = utf8_char(&cp, p, n);

		if (!len)
			used += (size_t)snprintf(out + used, cap - used, "\\x{%02X}", p[0]), len = 1;
		else if (invisible(cp))
			used += (size_t)snprintf(out + used, cap - used, "\\u{%X}", (unsigned)cp);
		else {
			memcpy(out + used, p, len);
			used += len;
		}
		p += len;
		n -= len;
		if (used + 16 > cap)
			break;
	}
	out[used] = '\0';
	return out;
}

static int cmp_cmd(const void *a, const void *b)
{
	const struct ag_cmdlink *x = a, *y = b;

	if (x->t != y->t)
		return (x->t > y->t) - (x->t < y->t);
	return (x->event_id > y->event_id) - (x->event_id < y->event_id);
}

static int add_link(struct ll_attack_graph *g, const struct ll_finding_row *r,
		    const struct ll_event_cite *ev, const char *to)
{
	struct ag_cmdlink *nv = ll_reallocarray(g->cl, g->ncl + 1, sizeof(*nv)), *c;
	if (!nv)
		return ll_error_set(LL_ENOMEM, "out of memory");
	g->cl = nv;
	c = &nv[g->ncl];
	memset(c, 0, sizeof(*c));
	c->t = ev->time_ns;
	c->event_id = ev->id;
	c->finding_id = r->id;
	if (!(c->from = ll_strdup(r->host)) || !(c->to = ll_strdup(to)) ||
	    (ev->user && !(c->account = ll_strdup(ev->user))) ||
	    !(c->evidence_id = ll_strdup(ev->evidence_id)) || !(c->locator = ll_strdup(ev->locator)) ||
	    !(c->command = quote_visible(ev->message))) {
		ll_free(c->from);
		ll_free(c->to);
		ll_free(c->account);
		ll_free(c->evidence_id);
		ll_free(c->locator);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	g->ncl++;
	return 0;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int ll_ag_cmdlinks(struct ll_attack_graph *g, const char *const *known, size_t nknown)
{
	const char **uniq = ll_calloc(nknown + 1, sizeof(*uniq));
	int64_t *edge_events = ll_calloc(g->ml.n + 1, sizeof(*edge_events));
	size_t nu = 0;
	int rc = 0;

	if (!uniq || !edge_events) {
		ll_free(uniq);
		ll_free(edge_events);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	/* a logon record is an edge already (its direction is the record's): no command */
	for (size_t i = 0; i < g->ml.n; i++)
		edge_events[i] = g->ml.v[i].event_id;
	qsort(edge_events, g->ml.n, sizeof(*edge_events), cmp_i64);
	for (size_t i = 0; i < nknown; i++) {
		bool seen = false;

		for (size_t j = 0; j < nu && !seen; j++)
			seen = ll_movement_host_eq(uniq[j], known[i]);
		if (!seen && known[i] && *known[i])
			uniq[nu++] = known[i];
	}
	for (size_t i = 0; i < g->nf && rc == 0; i++) {
		const struct ll_finding_row *r = g->f[i].r;

		/* an impact finding's events are the impact, not the way there */
		if (!r->host || g->f[i].impact || (r->severity && !strcmp(r->severity, "informational")))
			continue;
		for (size_t e = 0; e < r->nevents && e < MAX_EVENTS_READ && rc == 0; e++) {
			struct ll_event_cite ev;

			if (bsearch(&r->events[e], edge_events, g->ml.n, sizeof(*edge_events), cmp_i64))
				continue;
			if ((rc = ll_event_cite_load(&ev, g->st, r->events[e])) < 0)
				break;
			for (size_t k = 0; k < nu && rc == 0; k++)
				if (!ll_movement_host_eq(uniq[k], r->host) && ev.message &&
				    names_host(ev.message, uniq[k]))
					rc = add_link(g, r, &ev, uniq[k]);
			ll_event_cite_release(&ev);
		}
	}
	ll_free(uniq);
	ll_free(edge_events);
	if (rc == 0 && g->ncl)
		qsort(g->cl, g->ncl, sizeof(*g->cl), cmp_cmd);
	return rc;
}
