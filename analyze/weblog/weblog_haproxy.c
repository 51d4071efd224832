/* SPDX-License-Identifier: Apache-2.0 */
/* HAProxy HTTP log lines (weblog_haproxy.h), field by field as its manual lists them. */
#include "core/compat.h"
#include "analyze/weblog/weblog_haproxy.h"

#include <limits.h>

#include "analyze/readers/textlog.h"
#include "core/error.h"
#include "core/time.h"

#define NOT ll_error_set(LL_ECORRUPT, "not a HAProxy HTTP log line")

/* memmem and memrchr are GNU extensions: these two are all this file needs */
static const char *find(const char *s, size_t len, const char *pat, size_t n)
{
	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(s + i, pat, n))
			return s + i;
	return NULL;
}

static const char *last(const char *s, char c, size_t len)
{
	while (len--)
		if (s[len] == c)
			return s + len;
	return NULL;
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The next space-separated token from *i; false at the end. */
static bool tok(struct ll_span *t, const char *s, size_t len, size_t *i)
{
	size_t a = *i, e = a;

	while (e < len && s[e] != ' ')
		e++;
	if (e == a)
		return false;
	*t = (struct ll_span){ s + a, e - a };
	*i = e < len ? e + 1 : e;
	return true;
}

/* "-1", digits, or "+digits" (HAProxy marks a value logged before the end with '+') */
static bool number(struct ll_span t)
{
	size_t i = t.n && (t.p[0] == '+' || t.p[0] == '-') ? 1 : 0;

	if (i == t.n)
		return false;
	for (; i < t.n; i++)
		if (!digit(t.p[i]))
			return false;
	return true;
}

/* n '/'-separated numbers */
static bool numbers(struct ll_span t, unsigned n)
{
	size_t a = 0;

	for (unsigned k = 0; k < n; k++) {
		size_t e = a;

		while (e < t.n && t.p[e] != '/')
			e++;
		if (!number((struct ll_span){ t.p + a, e - a }) || (k + 1 < n) != (e < t.n))
			return false;
		a = e + 1;
	}
	return true;
}

static void other(struct ll_wf_values *o, const char *name, struct ll_span v)
{
	if (o->nother < LL_WF_MAX_VALUES && v.n && !(v.n == 1 && v.p[0] == '-')) {
		o->other[o->nother] = v;
		o->other_name[o->nother++] = name;
	}
}

/* [06/Feb/2009:12:14:14.655] */
static int accept_date(struct ll_wf_values *o, struct ll_tl_zone *zone, struct ll_span t)
{
	int64_t d, y, h, mi, se, ms;
	unsigned mon;
	const char *p = t.p + 1;

	if (t.n != 26 || t.p[0] != '[' || t.p[25] != ']' || p[2] != '/' || p[6] != '/' ||
	    p[11] != ':' || p[14] != ':' || p[17] != ':' || p[20] != '.' ||
	    (d = ll_tl_digits(p, 2)) < 0 || !(mon = ll_tl_month(p + 3)) ||
	    (y = ll_tl_digits(p + 7, 4)) < 0 || (h = ll_tl_digits(p + 12, 2)) < 0 ||
	    (mi = ll_tl_digits(p + 15, 2)) < 0 || (se = ll_tl_digits(p + 18, 2)) < 0 ||
	    (ms = ll_tl_digits(p + 21, 3)) < 0 || !ll_tl_valid_date(y, mon, (unsigned)d) ||
	    h > 23 || mi > 59 || se > 60)
		return NOT;
	if (ll_tl_zone_to_ns(&o->ns, zone, y, mon, (unsigned)d, (unsigned)h, (unsigned)mi,
			     (unsigned)(se == 60 ? 59 : se), ms * 1000000) < 0) {
		o->time_range = ll_time_range_error();
		return LL_ECORRUPT;
	}
	return 0;
}

int ll_weblog_haproxy_parse(struct ll_wf_values *o, struct ll_tl_zone *zone, const char *s,
			    size_t len)
{
	struct ll_span client, date, fe, be, timers, status, bytes, ck1, ck2, term, conns, queues;
	const char *colon, *hp;
	size_t i = 0;
	int rc;

	memset(o, 0, sizeof(*o));
	o->reqtime_ns = -1;
	o->offset_min = INT_MIN;
	/* after a syslog header: from "haproxy[pid]: " on */
	if ((hp = find(s, len < 200 ? len : 200, "haproxy[", 8))) {
		const char *e = find(hp, len - (size_t)(hp - s), "]: ", 3);

		if (!e)
			return NOT;
		i = (size_t)(e - s) + 3;
	}
	if (!tok(&client, s, len, &i) || !tok(&date, s, len, &i) || !tok(&fe, s, len, &i) ||
	    !tok(&be, s, len, &i) || !tok(&timers, s, len, &i) || !tok(&status, s, len, &i) ||
	    !tok(&bytes, s, len, &i) || !tok(&ck1, s, len, &i) || !tok(&ck2, s, len, &i) ||
	    !tok(&term, s, len, &i) || !tok(&conns, s, len, &i) || !tok(&queues, s, len, &i))
		return NOT;
	if (!(colon = last(client.p, ':', client.n)) || !number((struct ll_span){
		colon + 1, client.n - (size_t)(colon - client.p) - 1 }) ||
	    !memchr(be.p, '/', be.n) || !numbers(timers, 5) || !number(status) || !number(bytes) ||
	    term.n != 4 || !numbers(conns, 5) || !numbers(queues, 2))
		return NOT;
	/* captured headers ({…}, up to two) and the quoted request */
	while (i < len && s[i] == '{') {
		const char *e = memchr(s + i, '}', len - i);

		if (!e)
			return NOT;
		other(o, o->nother && o->other_name[o->nother - 1][9] == 'r' &&
			      !strcmp(o->other_name[o->nother - 1], "captured_request_headers")
			      ? "captured_response_headers" : "captured_request_headers",
		      (struct ll_span){ s + i + 1, (size_t)(e - s) - i - 1 });
		i = (size_t)(e - s) + 1;
		if (i < len && s[i] == ' ')
			i++;
	}
	if (i >= len || s[i] != '"')
		return NOT;
	o->role[LL_WF_REQUEST] = (struct ll_span){ s + i + 1,
		len - i - 1 - (s[len - 1] == '"' && len - i >= 2 ? 1 : 0) };
	if ((rc = accept_date(o, zone, date)) < 0)
		return rc;
	o->time_raw = (struct ll_span){ date.p + 1, date.n - 2 };
	o->role[LL_WF_CLIENT] = (struct ll_span){ client.p, (size_t)(colon - client.p) };
	other(o, "client_port", (struct ll_span){ colon + 1, client.n - (size_t)(colon - client.p) - 1 });
	other(o, "frontend", fe);
	other(o, "backend_server", be);
	other(o, "timers", timers);
	other(o, "termination_state", term);
	other(o, "connections", conns);
	other(o, "queues", queues);
	other(o, "captured_request_cookie", ck1);
	other(o, "captured_response_cookie", ck2);
	if (!(status.n == 2 && status.p[0] == '-'))
		o->role[LL_WF_STATUS] = status;
	o->role[LL_WF_BYTES] = bytes.p[0] == '+' ? (struct ll_span){ bytes.p + 1, bytes.n - 1 } : bytes;
	{
		/* Ta, the total active time, is the last timer (ms; -1 when aborted) */
		const char *ta = last(timers.p, '/', timers.n) + 1;
		int64_t v = ll_tl_digits(ta, (size_t)(timers.p + timers.n - ta));

		if (v >= 0 && timers.p + timers.n - ta <= 12)
			o->reqtime_ns = v * 1000000;
	}
	return 0;
}
