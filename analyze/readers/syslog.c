/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The syslog reader: RFC 3164 (year inferred, zone from --tz, both recorded
 * in every event's time_rule), RFC 5424 and rsyslog's RFC 3339 lines; Linux
 * auth logs get their user, address and outcome as fields. Continuation
 * lines (leading whitespace) join the line before; bad lines are counted and
 * reported with their line number and offset.
 */
#include "core/compat.h"

#include "analyze/registry/regf_name.h"
#include "analyze/input.h"
#include "analyze/source.h"
#include "analyze/readers/readers.h"
#include "analyze/readers/syslog_parse.h"
#include "analyze/readers/textlog.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/case.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/store.h"
#include "core/time.h"

#define PASS1_GIVE_UP 1000  /* parsed lines without RFC 3164 before pass 1 stops */
#define BACKWARD_NS (INT64_C(3600) * LL_NS_PER_SEC)
#define MAX_CONT 64         /* continuation lines joined to one event */

static int probe_line(const char *s, size_t n, void *arg)
{
	struct ll_syslog_line sl;

	LL_UNUSED(arg);
	if (s[0] == ' ' || s[0] == '\t')
		return -1; /* a continuation line says nothing */
	/* a line whose time is out of range is still a syslog line (rejected when read) */
	return ll_syslog_parse(&sl, s, n) == 0 || sl.time_range;
}

static int probe(const uint8_t *head, size_t len, uint64_t file_size)
{
	unsigned ok, tried = ll_tl_probe_lines(head, len, file_size, 50, probe_line, NULL, &ok);

	return ll_tl_probe_score(tried, ok);
}

static int64_t meta_mtime(const char *meta)
{
	json_t *j = meta ? json_loads(meta, 0, NULL) : NULL, *v;
	int64_t ns = 0;

	if (!j)
		return 0;
	v = json_object_get(j, "mtime");
	if (!v)
		v = json_object_get(j, "mtime_ns");
	if (json_is_string(v))
		ll_time_parse_rfc3339(&ns, NULL, json_string_value(v), true);
	else if (json_is_integer(v))
		ns = json_integer_value(v);
	json_decref(j);
	return ns;
}

int ll_syslog_anchor(struct ll_source_anchor *a, const struct ll_source_ctx *ctx)
{
	const int64_t y1980 = INT64_C(315532800) * LL_NS_PER_SEC;
	struct ll_store *st = ctx->cs->store;
	char *meta = NULL;
	int64_t mtime;
	char t[40];
	int rc;

	a->ns = 0;
	if ((rc = ll_evidence_file_meta(&meta, st, ctx->ev->id, ctx->rel_path)) < 0)
		return rc;
	a->ns = meta_mtime(meta);
	ll_free(meta);
	if (a->ns > y1980) {
		ll_time_format(t, sizeof(t), a->ns, 0);
		snprintf(a->what, sizeof(a->what), "the file's recorded modification time %s", t);
		return 0;
	}
	if ((rc = ll_evidence_acquired_ns(&a->ns, st, ctx->ev->id)) < 0)
		return rc;
	if (a->ns > y1980) {
		ll_time_format(t, sizeof(t), a->ns, 0);
		snprintf(a->what, sizeof(a->what), "the evidence acquisition time %s", t);
		return 0;
	}
	a->ns = ll_input_mtime(&mtime, ctx->path) == 0 ? mtime * LL_NS_PER_SEC : ll_time_now_ns();
	ll_time_format(t, sizeof(t), a->ns, 0);
	snprintf(a->what, sizeof(a->what), "the case copy's modification time %s (no acquisition time recorded)", t);
	return 0;
}

struct rd {
	struct ll_source_ctx *ctx;
	struct ll_tl_zone zone;
	struct ll_regf_tz host_rule; /* the host's own zone (opts->host_zone), when used */
	char zone_words[LL_TL_ZONE_WORDS]; /* the zone in the time rule's words */
	int64_t start_year;       /* year of the first RFC 3164 line */
	char year_how[256];
	unsigned last_mon;        /* pass 2 rollover state */
	int64_t rollovers;
	int64_t rule_year;        /* the year rule_buf was built for */
	struct ll_buf rule, pend, cont, scratch;
	struct ll_tl_row row;
	struct ll_syslog_line pl; /* parse of `pend` */
	struct ll_line pline;     /* line number/offset of `pend` */
	bool have_pend;
	unsigned ncont;
	int64_t last_ns;
	uint64_t backward;
};

/* Finds `word` in the span; returns the index after it or SIZE_MAX. */
static size_t after(const char *s, size_t n, const char *word)
{
	size_t wl = strlen(word);

	for (size_t i = 0; i + wl <= n; i++)
		if (s[i] == word[0] && !memcmp(s + i, word, wl))
			return i + wl;
	return SIZE_MAX;
}

static size_t tok_end(const char *s, size_t i, size_t n)
{
	while (i < n && s[i] != ' ')
		i++;
	return i;
}

/* Linux auth (sshd, sudo, PAM) lines: who, from where, and the outcome. */
static void auth_fields(struct rd *r, struct ll_tl_obj *o, const struct ll_span *m)
{
	const char *s = m->p;
	size_t n = m->n, i, e;
	const char *outcome = NULL;

	if (n >= 9 && (!memcmp(s, "Accepted ", 9) || !memcmp(s, "Failed ", 7))) {
		outcome = s[0] == 'A' ? "success" : "failure";
		i = s[0] == 'A' ? 9 : 7;
		e = tok_end(s, i, n);
		ll_tl_obj_str(o, "auth_method", s + i, e - i);
		if ((i = after(s, n, " for ")) != SIZE_MAX) {
			if (n - i > 13 && !memcmp(s + i, "invalid user ", 13))
				i += 13;
			e = tok_end(s, i, n);
			ll_tl_obj_str(o, "auth_user", s + i, e - i);
			ll_buf_reset(&r->row.user);
			ll_buf_put(&r->row.user, s + i, e - i);
		}
	} else if (n > 13 && !memcmp(s, "Invalid user ", 13)) {
		outcome = "failure";
		e = tok_end(s, 13, n);
		ll_tl_obj_str(o, "auth_user", s + 13, e - 13);
		ll_buf_reset(&r->row.user);
		ll_buf_put(&r->row.user, s + 13, e - 13);
	} else if ((i = after(s, n, "session opened for user ")) != SIZE_MAX) {
		outcome = "session-opened";
		e = tok_end(s, i, n);
		ll_tl_obj_str(o, "auth_user", s + i, e - i);
		ll_buf_reset(&r->row.user);
		ll_buf_put(&r->row.user, s + i, e - i);
	} else if ((i = after(s, n, " ; COMMAND=")) != SIZE_MAX) {
		/* sudo: "alice : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/sh" */
		size_t u = 0;

		while (u < n && s[u] == ' ')
			u++;
		e = tok_end(s, u, n);
		ll_tl_obj_str(o, "sudo_user", s + u, e - u);
		ll_tl_obj_str(o, "sudo_command", s + i, n - i);
		ll_buf_reset(&r->row.user);
		ll_buf_put(&r->row.user, s + u, e - u);
		if ((i = after(s, n, " USER=")) != SIZE_MAX)
			ll_tl_obj_str(o, "sudo_target", s + i, tok_end(s, i, n) - i);
	}
	if (outcome)
		ll_tl_obj_cstr(o, "auth_outcome", outcome);
	if ((i = after(s, n, " from ")) != SIZE_MAX && outcome) {
		e = tok_end(s, i, n);
		ll_tl_obj_str(o, "client_ip", s + i, e - i);
		if ((i = after(s + e, n - e, " port ")) != SIZE_MAX) {
			i += e;
			ll_tl_obj_str(o, "client_port", s + i, tok_end(s, i, n) - i);
		}
	}
}

static void rule_3164(struct rd *r, int64_t year)
{
	if (r->rule.len && year == r->rule_year)
		return;
	ll_buf_reset(&r->rule);
	ll_buf_printf(&r->rule, "RFC 3164 (no year, no zone): year %" PRId64 " %s", year,
		      r->year_how);
	if (r->rollovers)
		ll_buf_printf(&r->rule, ", %" PRId64 " new year(s) counted from the file's month order before this line",
			      r->rollovers);
	ll_buf_printf(&r->rule, "; %s", r->zone_words);
	r->rule_year = year;
}

/* Writes the pending line (with its continuation lines) as one event. */
static int flush(struct rd *r)
{
	struct ll_source_ctx *ctx = r->ctx;
	struct ll_syslog_line *l = &r->pl;
	struct ll_event ev = { 0 };
	struct ll_tl_obj o;
	const char *rule;
	int64_t ns;
	int rc;

	if (!r->have_pend)
		return 0;
	r->have_pend = false;
	if (l->kind == LL_SYSLOG_3164) {
		int64_t year;

		if (r->last_mon && r->last_mon > l->mon + 1)
			r->rollovers++;
		r->last_mon = l->mon;
		year = r->start_year + r->rollovers;
		if (!ll_tl_valid_date(year, l->mon, l->day)) {
			ctx->stats->rejected++;
			ll_source_warn(ctx, "'%s' line %" PRIu64 " (offset %" PRIu64 "): %.*s is not a date in %" PRId64 " (year inference: %s)",
				       ctx->rel_path, r->pline.lineno, r->pline.offset,
				       (int)l->time.n, l->time.p, year, r->year_how);
			return 0;
		}
		if ((rc = ll_tl_zone_to_ns(&ns, &r->zone, year, l->mon, l->day, l->hour,
					   l->min, l->sec, l->frac_ns)) < 0)
			return ll_source_reject_time(ctx, r->pline.lineno, r->pline.offset, rc);
		rule_3164(r, year);
		rule = r->rule.ptr;
	} else {
		ns = l->ns;
		rule = l->kind == LL_SYSLOG_5424
			       ? "RFC 5424 timestamp (RFC 3339 with its UTC offset)"
			       : "RFC 3339 timestamp with its UTC offset (rsyslog high-precision format)";
	}
	if (r->last_ns && ns < r->last_ns && !ll_time_within(ns, r->last_ns, BACKWARD_NS))
		r->backward++;
	r->last_ns = ns;
	ll_buf_reset(&r->row.user);
	ll_buf_reset(&r->row.attrs);
	ll_tl_obj_begin(&o, &r->row.attrs);
	if (l->app.p)
		ll_tl_obj_str(&o, "program", l->app.p, l->app.n);
	if (l->pid.p)
		ll_tl_obj_str(&o, "pid", l->pid.p, l->pid.n);
	if (l->pri >= 0) {
		ll_tl_obj_int(&o, "facility", l->pri / 8);
		ll_tl_obj_int(&o, "severity", l->pri % 8);
	}
	if (l->msgid.p)
		ll_tl_obj_str(&o, "msgid", l->msgid.p, l->msgid.n);
	if (l->sd.p)
		ll_tl_obj_str(&o, "structured_data", l->sd.p, l->sd.n);
	auth_fields(r, &o, &l->msg);
	if (r->ncont)
		ll_tl_obj_int(&o, "lines", r->ncont + 1);
	if ((rc = ll_tl_obj_end(&o)) < 0)
		return rc;
	ll_buf_reset(&r->row.msg);
	if ((rc = ll_tl_put_text(&r->row.msg, l->body.p, l->body.n, false)) < 0 ||
	    (r->cont.len && (rc = ll_tl_put_text(&r->row.msg, r->cont.ptr, r->cont.len, false)) < 0))
		return rc;
	ll_buf_reset(&r->row.loc);
	if ((rc = ll_buf_put(&r->row.loc, "line=", 5)) < 0 ||
	    (rc = ll_buf_put_u64(&r->row.loc, r->pline.lineno)) < 0 ||
	    (rc = ll_buf_put(&r->row.loc, ";offset=", 8)) < 0 ||
	    (rc = ll_buf_put_u64(&r->row.loc, r->pline.offset)) < 0)
		return rc;
	if (r->ncont && ((rc = ll_buf_put(&r->row.loc, ";lines=", 7)) < 0 ||
			 (rc = ll_buf_put_u64(&r->row.loc, r->ncont + 1)) < 0))
		return rc;
	ll_buf_reset(&r->scratch);
	if ((rc = ll_tl_put_text(&r->scratch, l->time.p, l->time.n, false)) < 0)
		return rc;
	{
		/* host: repaired text, kept after scratch */
		size_t hoff = r->scratch.len + 1;

		if ((rc = ll_buf_putc(&r->scratch, '\0')) < 0 ||
		    (l->host.p && (rc = ll_tl_put_text(&r->scratch, l->host.p, l->host.n, false)) < 0))
			return rc;
		ev.host = l->host.p ? r->scratch.ptr + hoff : NULL;
	}
	{
		size_t ulen = r->row.user.len;

		if (ulen) {
			/* repair the user name in place */
			struct ll_buf u = LL_BUF_INIT;

			if ((rc = ll_tl_put_text(&u, r->row.user.ptr, ulen, false)) < 0)
				return rc;
			ll_buf_reset(&r->row.user);
			rc = ll_buf_put(&r->row.user, u.ptr, u.len);
			ll_buf_release(&u);
			if (rc < 0)
				return rc;
		}
	}
	ev.evidence_id = ctx->ev->id;
	ev.time_ns = ns;
	ev.time_desc = "Event Logged";
	ev.time_raw = r->scratch.ptr;
	ev.time_rule = rule;
	ev.source = "syslog";
	ev.parser = ll_syslog_kind_name(l->kind);
	ev.user = r->row.user.len ? r->row.user.ptr : NULL;
	ev.path = ctx->rel_path;
	ev.event_code = -1;
	ev.locator = r->row.loc.ptr;
	ev.message = r->row.msg.ptr;
	ev.attrs = r->row.attrs.ptr;
	/* the clock offset would move it outside the storable range: that line only */
	return ll_source_reject_time(ctx, r->pline.lineno, r->pline.offset,
				     ll_event_add(ctx->w, &ev, NULL));
}

static void bad_line(struct rd *r, const struct ll_line *ln, const char *why)
{
	ll_source_reject_line(r->ctx, ln->lineno, ln->offset, why);
}

/* Pass 1: how many new years the RFC 3164 lines cross, and the last line's date. */
static int count_years(int64_t *rollovers, unsigned *last_mon, unsigned *last_day,
		       bool *any, const char *path)
{
	struct ll_input *in = NULL;
	struct ll_line ln;
	struct ll_syslog_line sl;
	unsigned prev = 0;
	uint64_t parsed = 0;
	int rc;

	*rollovers = 0;
	*any = false;
	if ((rc = ll_input_open(&in, path)) < 0)
		return rc;
	while ((rc = ll_input_line(&ln, in)) > 0) {
		if (ln.truncated || !ln.len || ll_syslog_parse(&sl, ln.text, ln.len) < 0)
			continue;
		parsed++;
		if (sl.kind != LL_SYSLOG_3164) {
			if (!*any && parsed >= PASS1_GIVE_UP)
				break;
			continue;
		}
		*any = true;
		if (prev && prev > sl.mon + 1)
			(*rollovers)++;
		prev = sl.mon;
		*last_mon = sl.mon;
		*last_day = sl.day;
	}
	/* a damaged gzip tail or the inflation budget: pass 2 reports it */
	if (rc < 0 && (ll_error_code() == LL_ECORRUPT || ll_input_budget_stopped(in)))
		rc = 0;
	ll_input_close(in);
	return rc < 0 ? rc : 0;
}

static int plan_years(struct rd *r)
{
	struct ll_source_ctx *ctx = r->ctx;
	unsigned lm = 0, ld = 0;
	int64_t roll, last_year;
	bool any;
	int rc;

	if ((rc = count_years(&roll, &lm, &ld, &any, ctx->path)) < 0)
		return rc;
	if (!any)
		return 0;
	if (ctx->opts->year) {
		last_year = ctx->opts->year;
		snprintf(r->year_how, sizeof(r->year_how),
			 "from --year %d given for the file's last line", ctx->opts->year);
	} else {
		struct ll_source_anchor a;
		int64_t y;
		unsigned m, d;

		/* a worker has no store: its parent looked the anchor up */
		if (ctx->anchor)
			a = *ctx->anchor;
		else if ((rc = ll_syslog_anchor(&a, ctx)) < 0)
			return rc;
		ll_civil_from_days(a.ns / LL_NS_PER_SEC / 86400, &y, &m, &d);
		/* the last line cannot be later than the anchor */
		last_year = (lm > m || (lm == m && ld > d)) ? y - 1 : y;
		snprintf(r->year_how, sizeof(r->year_how),
			 "inferred: the last line placed in the latest year not after %s", a.what);
		ll_source_warn(ctx, "'%s': RFC 3164 has no year; last line dated %" PRId64 " from %s (use --year to override)",
			       ctx->rel_path, last_year, a.what);
	}
	r->start_year = last_year - roll;
	return 0;
}

static int run(struct ll_source_ctx *ctx)
{
	struct rd r = { .ctx = ctx };
	struct ll_input *in = NULL;
	struct ll_line ln;
	int rc;

	/* --tz, else the host's own zone when an image of the same host gave it */
	ll_tl_zone_init_host(&r.zone, &r.host_rule, r.zone_words, sizeof(r.zone_words), ctx);
	ll_buf_init(&r.rule);
	ll_buf_init(&r.pend);
	ll_buf_init(&r.cont);
	ll_tl_row_init(&r.row);
	ll_buf_init(&r.scratch);
	if ((rc = plan_years(&r)) < 0 || (rc = ll_input_open(&in, ctx->path)) < 0)
		goto out;
	while ((rc = ll_source_line(&ln, ctx, in)) > 0) {
		struct ll_syslog_line sl;

		if (ll_syslog_parse(&sl, ln.text, ln.len) == 0) {
			if ((rc = flush(&r)) < 0)
				goto out;
			ll_buf_reset(&r.pend);
			ll_buf_reset(&r.cont);
			r.ncont = 0;
			if ((rc = ll_buf_put(&r.pend, ln.text, ln.len)) < 0)
				goto out;
			ll_syslog_parse(&r.pl, r.pend.ptr, r.pend.len);
			r.pline = ln;
			r.pline.text = NULL;
			r.have_pend = true;
			if (ln.no_newline)
				ll_source_warn_code(ctx, "source.no-final-newline",
						    json_pack("{s:s, s:I}", "file", ctx->rel_path,
						              "line", (json_int_t)ln.lineno),
						    "'%s' line %" PRIu64 ": last line has no newline (the file may be cut short); kept",
						    ctx->rel_path, ln.lineno);
			continue;
		}
		if (r.have_pend && (ln.text[0] == ' ' || ln.text[0] == '\t') &&
		    r.ncont < MAX_CONT && !memchr(ln.text, '\0', ln.len)) {
			if ((rc = ll_buf_putc(&r.cont, '\n')) < 0 ||
			    (rc = ll_buf_put(&r.cont, ln.text, ln.len)) < 0)
				goto out;
			r.ncont++;
			continue;
		}
		if (sl.time_range) {
			char why[512];

			snprintf(why, sizeof(why), "%s", ll_error_message());
			bad_line(&r, &ln, why);
			continue;
		}
		bad_line(&r, &ln, ln.no_newline ? "not a syslog line (last line, no newline: cut short?)"
						: "not a syslog line");
	}
	if (rc < 0 && ll_input_budget_stopped(in)) {
		/* the inflation budget: store the line held back, then say so */
		char why[512];

		snprintf(why, sizeof(why), "%s", ll_error_message());
		if ((rc = flush(&r)) >= 0)
			rc = ll_error_set(LL_EUNSUPPORTED, "%s", why);
		goto out;
	}
	if (rc < 0) {
		/* a damaged gzip tail: keep what was read, say where it stopped */
		if (ll_error_code() != LL_ECORRUPT)
			goto out;
		rc = ll_source_input_end(ctx, rc);
	}
	rc = flush(&r);
	if (rc >= 0 && r.backward)
		ll_source_warn_code(ctx, "syslog.backward",
				    json_pack("{s:s, s:I}", "file", ctx->rel_path,
				              "count", (json_int_t)r.backward),
				    "'%s': %" PRIu64 " line(s) go back in time by more than an hour (clock change, relayed lines, or a wrong year inference)",
				    ctx->rel_path, r.backward);
out:
	ll_input_close(in);
	ll_buf_release(&r.rule);
	ll_buf_release(&r.pend);
	ll_buf_release(&r.cont);
	ll_tl_row_release(&r.row);
	ll_buf_release(&r.scratch);
	return rc < 0 ? rc : 0;
}

const struct ll_source_kind ll_source_syslog = {
	.name = "syslog",
	.probe = probe,
	.run = run,
	.worker = true,
	.host_local_time = true, /* RFC 3164: the host's wall clock, no zone */
};
