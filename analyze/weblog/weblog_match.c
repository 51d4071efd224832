/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A compiled log format against one line. Literals must match exactly; a
 * time piece takes what its grammar reads; any other field ends where the
 * next literal occurs. A field's text may hold the next literal (a user
 * agent with spaces before " ", an X-Forwarded-For list before " - "), so
 * the match backtracks over the occurrences, within a budget of steps per
 * line so that a hostile line cannot make it slow.
 */
#include "core/compat.h"
#include "analyze/weblog/weblog_format.h"

#include <limits.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/time.h"

#define MAX_ITEMS 256
#define STEP_BUDGET 20000

int ll_wf_push(struct ll_wf_format *f, enum ll_wf_role role, const char *text, size_t len)
{
	struct ll_wf_item *it;
	void *p;

	if (f->n >= MAX_ITEMS)
		return ll_error_set(LL_EINVAL, "log format has more than %d parts", MAX_ITEMS);
	if (!(p = ll_reallocarray(f->items, f->n + 1, sizeof(*f->items))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	f->items = p;
	it = &f->items[f->n];
	memset(it, 0, sizeof(*it));
	if (!(it->text = ll_strndup(text, len)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	it->role = role;
	it->len = len;
	it->unit_ns = 1000000000;
	f->n++;
	if (role == LL_WF_TIME)
		f->has_time = true;
	return 0;
}

void ll_wf_free(struct ll_wf_format *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		ll_free(f->items[i].text);
		ll_free(f->items[i].pat);
	}
	ll_free(f->items);
	ll_free(f);
}

int ll_wf_compile(struct ll_wf_format **out, const char *spec)
{
	struct ll_wf_format *f = ll_calloc(1, sizeof(*f));
	const char *colon = strchr(spec, ':');
	int rc;

	if (!f)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if (colon && colon - spec == 5 && !memcmp(spec, "nginx", 5)) {
		memcpy(f->server, "nginx", 6);
		rc = ll_wf_compile_nginx(f, colon + 1);
	} else if (colon && colon - spec == 6 && !memcmp(spec, "apache", 6)) {
		memcpy(f->server, "apache", 7);
		rc = ll_wf_compile_apache(f, colon + 1);
	} else {
		rc = ll_error_set(LL_EINVAL, "a log format is 'nginx:<log_format>' or "
				  "'apache:<LogFormat>', not '%.40s'", spec);
	}
	if (rc == 0 && !f->has_time)
		rc = ll_error_set(LL_EINVAL, "the log format has no time ($time_local, "
				  "$time_iso8601, $msec, %%t or %%{…}t): its lines cannot be placed on a timeline");
	if (rc < 0) {
		ll_wf_free(f);
		return rc;
	}
	*out = f;
	return 0;
}

struct m {
	const struct ll_wf_format *f;
	const char *s;
	size_t len;
	size_t start[MAX_ITEMS], end[MAX_ITEMS];
	unsigned budget;
	size_t far_pos, far_item; /* where matching got furthest: the message */
	bool range;               /* an epoch time outside the storable range was met */
};

/* May the text s[a..b) be the value of item `it`? */
static bool fits(const struct ll_wf_item *it, const char *s, size_t a, size_t b)
{
	switch (it->role) {
	case LL_WF_CLIENT: case LL_WF_METHOD: case LL_WF_PROTOCOL: case LL_WF_IDENT:
		if (a == b)
			return false;
		for (size_t i = a; i < b; i++)
			if (s[i] == ' ' || s[i] == '"')
				return false;
		return true;
	default:
		break;
	}
	if (!it->number)
		return true;
	if (a == b)
		return false;
	for (size_t i = a; i < b; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '-'))
			return false;
	return true;
}

/* Cannot grow into a fitting value: a number field met a non-number byte. */
static bool hopeless(const struct ll_wf_item *it, const char *s, size_t a, size_t b)
{
	return b > a && !fits(it, s, a, b) &&
	       (it->number || it->role == LL_WF_CLIENT || it->role == LL_WF_METHOD ||
		it->role == LL_WF_PROTOCOL || it->role == LL_WF_IDENT);
}

static bool match(struct m *m, size_t i, size_t pos)
{
	const struct ll_wf_item *it;

	if (m->budget == 0)
		return false;
	m->budget--;
	if (pos > m->far_pos || (pos == m->far_pos && i > m->far_item)) {
		m->far_pos = pos;
		m->far_item = i;
	}
	if (i == m->f->n)
		return pos == m->len;
	it = &m->f->items[i];
	m->start[i] = pos;
	if (it->role == LL_WF_LITERAL) {
		if (m->len - pos < it->len || memcmp(m->s + pos, it->text, it->len))
			return false;
		m->end[i] = pos + it->len;
		return match(m, i + 1, pos + it->len);
	}
	if (it->role == LL_WF_TIME) {
		struct ll_wt t = { 0 };
		size_t k = ll_wt_read(&t, it->time, it->pat, m->s + pos, m->len - pos);

		if (!k) {
			m->range |= t.range;
			return false;
		}
		m->end[i] = pos + k;
		return match(m, i + 1, pos + k);
	}
	if (i + 1 == m->f->n) {
		m->end[i] = m->len;
		return fits(it, m->s, pos, m->len) && match(m, i + 1, m->len);
	}
	if (m->f->items[i + 1].role == LL_WF_LITERAL) {
		const struct ll_wf_item *lit = &m->f->items[i + 1];

		for (size_t e = pos; e + lit->len <= m->len && m->budget; e++) {
			if (hopeless(it, m->s, pos, e))
				return false;
			if (memcmp(m->s + e, lit->text, lit->len) || !fits(it, m->s, pos, e))
				continue;
			m->end[i] = e;
			if (match(m, i + 1, e))
				return true;
			m->start[i] = pos;
		}
		return false;
	}
	/* a path then its query (Apache "%U%q"): the path ends at '?' (or the end of the word) */
	if (it->role == LL_WF_PATH && m->f->items[i + 1].role == LL_WF_QUERY) {
		size_t e = pos;

		while (e < m->len && m->s[e] != '?' && m->s[e] != ' ')
			e++;
		m->end[i] = e;
		if (match(m, i + 1, e))
			return true;
		m->start[i] = pos;
	}
	/* two fields side by side: every split, shortest first */
	for (size_t e = pos + 1; e <= m->len && m->budget; e++) {
		if (hopeless(it, m->s, pos, e))
			return false;
		if (!fits(it, m->s, pos, e))
			continue;
		m->end[i] = e;
		if (match(m, i + 1, e))
			return true;
		m->start[i] = pos;
	}
	return false;
}

/* "1.234" in units of unit_ns → ns; -1 when not a number. */
static int64_t duration(struct ll_span v, int64_t unit_ns)
{
	int64_t whole = 0, frac = 0, div = 1;
	size_t i = 0;

	if (!v.n)
		return -1;
	for (; i < v.n && v.p[i] >= '0' && v.p[i] <= '9'; i++) {
		if (whole > INT64_MAX / 10 / 1000000000)
			return -1;
		whole = whole * 10 + (v.p[i] - '0');
	}
	if (i < v.n && v.p[i] == '.') {
		for (i++; i < v.n && v.p[i] >= '0' && v.p[i] <= '9' && div < 1000000000; i++) {
			frac = frac * 10 + (v.p[i] - '0');
			div *= 10;
		}
		while (i < v.n && v.p[i] >= '0' && v.p[i] <= '9')
			i++;
	}
	if (i != v.n || i == 0)
		return -1;
	return whole * unit_ns + frac * unit_ns / div;
}

int ll_wf_match(struct ll_wf_values *o, const struct ll_wf_format *f, struct ll_tl_zone *zone,
		const char *s, size_t len)
{
	struct m *m = ll_malloc(sizeof(*m));
	struct ll_wt t = { 0 };
	int rc = 0;

	if (!m)
		return ll_error_set(LL_ENOMEM, "out of memory");
	memset(o, 0, sizeof(*o));
	o->reqtime_ns = -1;
	o->offset_min = INT_MIN;
	m->f = f;
	m->s = s;
	m->len = len;
	m->budget = STEP_BUDGET;
	m->far_pos = m->far_item = 0;
	m->range = false;
	if (!match(m, 0, 0)) {
		if (m->range && ll_time_range_error()) {
			/* the time read as a time, but too far: that line alone, saying so */
			o->time_range = true;
			rc = LL_ECORRUPT;
			goto out;
		}
		const struct ll_wf_item *it = m->far_item < f->n ? &f->items[m->far_item] : NULL;

		if (m->budget == 0)
			rc = ll_error_set(LL_ECORRUPT, "too ambiguous for the log format (gave up)");
		else if (!it)
			rc = ll_error_set(LL_ECORRUPT, "text after the end of the log format at byte %zu",
					  m->far_pos);
		else if (it->role == LL_WF_LITERAL)
			rc = ll_error_set(LL_ECORRUPT, "does not match the log format at byte %zu "
					  "(expected '%.20s')", m->far_pos, it->text);
		else
			rc = ll_error_set(LL_ECORRUPT, "does not match the log format at byte %zu "
					  "(field %s)", m->far_pos, it->text);
		goto out;
	}
	for (size_t i = 0; i < f->n; i++) {
		const struct ll_wf_item *it = &f->items[i];
		struct ll_span v = { s + m->start[i], m->end[i] - m->start[i] };

		if (it->role == LL_WF_LITERAL)
			continue;
		if (it->role == LL_WF_TIME) {
			ll_wt_read(&t, it->time, it->pat, v.p, v.n);
			if (!o->time_raw.p)
				o->time_raw.p = v.p;
			o->time_raw.n = (size_t)(v.p + v.n - o->time_raw.p);
			continue;
		}
		if (v.n == 1 && v.p[0] == '-')
			v = (struct ll_span){ NULL, 0 }; /* the servers' "no value" */
		if (it->role == LL_WF_OTHER) {
			if (v.p && o->nother < LL_WF_MAX_VALUES) {
				o->other[o->nother] = v;
				o->other_name[o->nother++] = it->text;
			}
			continue;
		}
		if (!v.p || (o->role[it->role].p && o->prio[it->role] <= it->prio))
			continue;
		o->role[it->role] = v;
		o->prio[it->role] = it->prio;
		if (it->role == LL_WF_REQTIME)
			o->reqtime_ns = duration(v, it->unit_ns);
	}
	if ((rc = ll_wt_finish(&o->ns, &t, zone)) < 0) {
		o->time_range = t.range;
		if (!t.range)
			rc = ll_error_set(LL_ECORRUPT, "the log format's time fields give no date and time");
		goto out;
	}
	if (t.have_zone && !t.have_epoch)
		o->offset_min = (int)(t.offset_s / 60);
	else if (t.have_epoch && !t.have_date)
		o->offset_min = 0;
out:
	ll_free(m);
	return rc;
}
