/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The web access log reader: Apache/nginx common and combined (the zone is
 * on every line) and W3C extended logs (the column layout follows each
 * "#Fields:" directive, which may change mid-file): IIS writes UTC by
 * definition; the Windows Firewall (pfirewall.log) writes local time and
 * says so with "#Time Format: Local", which makes the zone --tz's, else the
 * host's own from an image of the same host (analyze/host_zone.h).
 * Besides: JSON access logs (weblog_json.c), HAProxy's HTTP log
 * (weblog_haproxy.c) and, with --log-format, the server's own format
 * (weblog_format.h), tried first on every line.
 */
#include "core/compat.h"

#include <stdio.h>
#include <strings.h>

#include "analyze/input.h"
#include "analyze/registry/regf_name.h"
#include "analyze/source.h"
#include "analyze/readers/textlog.h"
#include "analyze/weblog/weblog_format.h"
#include "analyze/weblog/weblog_haproxy.h"
#include "analyze/weblog/weblog_json.h"
#include "analyze/weblog/weblog_parse.h"
#include "analyze/weblog/weblog_values.h"
#include <limits.h>
#include "core/buf.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/time.h"

static bool is_w3c_head(const char *s, size_t len)
{
	return (len >= 10 && !memcmp(s, "#Software:", 10)) ||
	       (len >= 8 && !memcmp(s, "#Fields:", 8)) ||
	       (len >= 9 && !memcmp(s, "#Version:", 9));
}

struct probe_state {
	bool w3c;
	unsigned haproxy; /* lines that are HAProxy's */
};

static int probe_line(const char *s, size_t n, void *arg)
{
	struct probe_state *ps = arg;
	struct ll_weblog_line wl;
	struct ll_wf_values v;
	struct ll_tl_zone utc;

	if (is_w3c_head(s, n)) {
		ps->w3c = true;
		return -1;
	}
	/* a line whose time is out of range is still an access log line (rejected when read) */
	if (ll_weblog_parse_apache(&wl, s, n) == 0 || wl.time_range)
		return 1;
	ll_tl_zone_init(&utc, NULL);
	if (ll_weblog_haproxy_parse(&v, &utc, s, n) == 0 || v.time_range) {
		ps->haproxy++;
		return 1;
	}
	if (n && s[0] == '{') {
		struct ll_weblog_json j;
		int rc = ll_weblog_json_parse(&j, &utc, s, n);
		bool tr = j.v.time_range;

		ll_weblog_json_release(&j);
		return rc == 0 || tr;
	}
	return 0;
}

static int probe(const uint8_t *head, size_t len, uint64_t file_size)
{
	struct probe_state ps = { 0 };
	unsigned ok, tried = ll_tl_probe_lines(head, len, file_size, 50, probe_line, &ps, &ok);
	int score = ll_tl_probe_score(tried, ok);

	if (ps.w3c)
		return 90;
	/* HAProxy lines sent through syslog are syslog lines too: this reader knows them better */
	if (score && ps.haproxy * 2 >= tried)
		return 95;
	return score;
}

struct rd {
	struct ll_source_ctx *ctx;
	struct ll_tl_row row;
	struct ll_w3c_fields fields;
	bool have_fields;
	bool local_time; /* "#Time Format: Local" seen (until another says UTC) */
	bool firewall;   /* "#Software: Microsoft Windows Firewall" */
	bool warned_tz;  /* local times read without a zone to read them in: said once */
	struct ll_tl_zone zone;
	struct ll_regf_tz host_rule; /* the host's own zone, when handed over */
	char zone_words[LL_TL_ZONE_WORDS];
	char rule[LL_TL_ZONE_WORDS + 128];
	struct ll_wf_format *fmt; /* --log-format, compiled; NULL when none */
	bool warned_local;        /* zone-less times read without a zone: said once */
};

#define W3C_UTC_RULE "IIS W3C date and time fields (UTC by definition of the format)"

static void span_str(struct ll_tl_obj *o, const char *k, struct ll_span v)
{
	if (v.p)
		ll_tl_obj_str(o, k, v.p, v.n);
}

static int64_t span_int(struct ll_span v)
{
	return v.p && v.n && v.n <= 18 ? ll_tl_digits(v.p, v.n) : -1;
}

static int put(struct ll_buf *b, struct ll_span v)
{
	ll_buf_reset(b);
	return v.p ? ll_tl_put_text(b, v.p, v.n, false) : 0;
}

/* Like put, with W3C's "-" (no value) stored as nothing. */
static int put_w3c(struct ll_buf *b, struct ll_span v)
{
	if (v.n == 1 && v.p[0] == '-')
		v = (struct ll_span){ 0 };
	return put(b, v);
}

static int emit(struct rd *r, const struct ll_line *ln, int64_t ns, const char *parser,
		const char *rule)
{
	struct ll_event ev;
	int rc;

	if ((rc = ll_source_row_event(&ev, r->ctx, &r->row, ln->lineno, ln->offset)) < 0)
		return rc;
	ev.time_ns = ns;
	ev.time_rule = rule;
	ev.source = "web";
	ev.parser = parser;
	/* the clock offset would move it outside the storable range: that line only */
	return ll_source_reject_time(r->ctx, ln->lineno, ln->offset, ll_event_add(r->ctx->w, &ev, NULL));
}

static int apache(struct rd *r, const struct ll_line *ln, const struct ll_weblog_line *w)
{
	struct ll_tl_obj o;
	char rule[96];
	int64_t v;
	int rc;

	ll_buf_reset(&r->row.attrs);
	ll_tl_obj_begin(&o, &r->row.attrs);
	span_str(&o, "vhost", w->vhost);
	span_str(&o, "client_ip", w->client);
	span_str(&o, "x_forwarded_for", w->xff);
	span_str(&o, "ident", w->ident);
	span_str(&o, "user", w->user);
	span_str(&o, "method", w->method);
	span_str(&o, "path", w->path);
	span_str(&o, "protocol", w->protocol);
	if ((v = span_int(w->status)) >= 0)
		ll_tl_obj_int(&o, "status", v);
	if ((v = span_int(w->bytes)) >= 0)
		ll_tl_obj_int(&o, "bytes", v);
	span_str(&o, "referer", w->referer);
	span_str(&o, "user_agent", w->agent);
	span_str(&o, "extra", w->extra);
	span_str(&o, "request_time", w->reqtime);
	ll_tl_obj_int(&o, "utc_offset_minutes", w->offset_min);
	if ((rc = ll_tl_obj_end(&o)) < 0)
		return rc;
	ll_buf_reset(&r->row.msg);
	if ((rc = ll_tl_put_text(&r->row.msg, w->client.p, w->client.n, false)) < 0 ||
	    (rc = ll_buf_putc(&r->row.msg, ' ')) < 0 ||
	    (rc = ll_tl_put_text(&r->row.msg, w->request.p, w->request.n, false)) < 0 ||
	    (rc = ll_buf_printf(&r->row.msg, " -> %.3s", w->status.p)) < 0)
		return rc;
	if (w->bytes.p && (rc = ll_buf_printf(&r->row.msg, " (%.*s bytes)", (int)w->bytes.n,
					      w->bytes.p)) < 0)
		return rc;
	if ((rc = put(&r->row.raw, w->time)) < 0 || (rc = put(&r->row.host, w->vhost)) < 0 ||
	    (rc = put(&r->row.user, w->user)) < 0)
		return rc;
	snprintf(rule, sizeof(rule), "access log time with its UTC offset (%.5s), 1 s granularity",
		 w->time.p + 21);
	return emit(r, ln, w->ns, w->format, rule);
}

/* The value of column `name` on this line, "-" (W3C's no value) when the layout has none. */
static struct ll_span fval(const struct ll_w3c_fields *f, const struct ll_span *vals,
			   const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->names[i], name))
			return vals[i];
	return (struct ll_span){ "-", 1 };
}

/* "ALLOW TCP 10.0.0.5:50000 -> 10.0.0.9:445 (SEND)" */
static int firewall_message(struct ll_buf *b, struct ll_span action, struct ll_span proto,
			    struct ll_span src, struct ll_span sport, struct ll_span dst,
			    struct ll_span dport, struct ll_span path)
{
	const struct ll_span parts[] = { action, proto, src, sport, dst, dport, path };
	static const char *const sep[] = { "", " ", " ", ":", " -> ", ":", " (" };
	int rc;

	for (size_t i = 0; i < LL_ARRAY_SIZE(parts); i++) {
		/* a port or path of "-" (ICMP, no direction) is left out */
		if ((i == 3 || i == 5 || i == 6) && parts[i].n == 1 && parts[i].p[0] == '-')
			continue;
		if ((rc = ll_buf_puts(b, sep[i])) < 0 ||
		    (rc = ll_tl_put_text(b, parts[i].p, parts[i].n, false)) < 0)
			return rc;
		if (i == 6 && (rc = ll_buf_putc(b, ')')) < 0)
			return rc;
	}
	return 0;
}

/* The W3C date and time were read as UTC; they are local time in r->zone. */
static int local_to_utc(struct rd *r, int64_t *ns)
{
	int64_t sec = *ns / LL_NS_PER_SEC, frac = *ns % LL_NS_PER_SEC, days, rem, y;
	unsigned mon, d;

	if (frac < 0) {
		frac += LL_NS_PER_SEC;
		sec--;
	}
	days = sec / 86400;
	rem = sec % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	ll_civil_from_days(days, &y, &mon, &d);
	return ll_tl_zone_to_ns(ns, &r->zone, y, mon, d, (unsigned)(rem / 3600),
				(unsigned)(rem / 60 % 60), (unsigned)(rem % 60), frac);
}

/* Applies a "#Software:" or "#Time Format:" directive (W3C, Windows Firewall). */
static void directive(struct rd *r, const struct ll_line *ln)
{
	const char *v;
	size_t n;

	if (ln->len >= 10 && !memcmp(ln->text, "#Software:", 10)) {
		v = ln->text + 10;
		n = ln->len - 10;
		while (n && *v == ' ')
			v++, n--;
		r->firewall = n >= 26 && !memcmp(v, "Microsoft Windows Firewall", 26);
	} else if (ln->len >= 13 && !strncasecmp(ln->text, "#Time Format:", 13)) {
		v = ln->text + 13;
		n = ln->len - 13;
		while (n && *v == ' ')
			v++, n--;
		r->local_time = n >= 5 && !strncasecmp(v, "local", 5);
		if (r->local_time && ll_tl_zone_defaulted(&r->zone) && !r->warned_tz) {
			r->warned_tz = true;
			ll_source_warn_code(r->ctx, "weblog.local-no-tz",
					    json_pack("{s:s, s:I}", "file", r->ctx->rel_path,
					              "line", (json_int_t)ln->lineno),
					    "'%s' line %" PRIu64 ": times are local (#Time Format: Local) "
					    "and no --tz was given: read as UTC; give the writer's zone with --tz",
					    r->ctx->rel_path, ln->lineno);
		}
	} else {
		return;
	}
	if (r->local_time)
		snprintf(r->rule, sizeof(r->rule),
			 "W3C date and time fields, local time (#Time Format: Local) in %s",
			 r->zone_words);
	else
		snprintf(r->rule, sizeof(r->rule), "%s", W3C_UTC_RULE);
}

static int iis(struct rd *r, const struct ll_line *ln)
{
	struct ll_span vals[LL_W3C_MAX_FIELDS];
	const struct ll_w3c_fields *f = &r->fields;
	struct ll_tl_obj o;
	size_t n;
	int64_t ns, v;
	int rc;

	if (ll_w3c_parse(vals, &n, &ns, f, ln->text, ln->len) < 0)
		return LL_ECORRUPT;
	if (r->local_time && (rc = local_to_utc(r, &ns)) < 0)
		return rc;
	ll_buf_reset(&r->row.attrs);
	ll_tl_obj_begin(&o, &r->row.attrs);
	for (size_t i = 0; i < n; i++) {
		struct ll_span s = vals[i];

		if (s.n == 1 && s.p[0] == '-')
			continue;
		if (!strcmp(f->names[i], "sc-status") && (v = span_int(s)) >= 0)
			ll_tl_obj_int(&o, f->names[i], v);
		else
			ll_tl_obj_str(&o, f->names[i], s.p, s.n);
	}
	if ((rc = ll_tl_obj_end(&o)) < 0)
		return rc;
	ll_buf_reset(&r->row.msg);
#define V(name) fval(f, vals, name)
	if (r->firewall) {
		if ((rc = firewall_message(&r->row.msg, V("action"), V("protocol"), V("src-ip"),
					   V("src-port"), V("dst-ip"), V("dst-port"),
					   V("path"))) < 0)
			return rc;
	} else {
		struct ll_span ip = V("c-ip"), m = V("cs-method"), p = V("cs-uri-stem"),
			       q = V("cs-uri-query"), st = V("sc-status");

		if ((rc = ll_tl_put_text(&r->row.msg, ip.p, ip.n, false)) < 0 ||
		    (rc = ll_buf_putc(&r->row.msg, ' ')) < 0 ||
		    (rc = ll_tl_put_text(&r->row.msg, m.p, m.n, false)) < 0 ||
		    (rc = ll_buf_putc(&r->row.msg, ' ')) < 0 ||
		    (rc = ll_tl_put_text(&r->row.msg, p.p, p.n, false)) < 0)
			return rc;
		if (!(q.n == 1 && q.p[0] == '-') &&
		    ((rc = ll_buf_putc(&r->row.msg, '?')) < 0 ||
		     (rc = ll_tl_put_text(&r->row.msg, q.p, q.n, false)) < 0))
			return rc;
		if ((rc = ll_buf_puts(&r->row.msg, " -> ")) < 0 ||
		    (rc = ll_tl_put_text(&r->row.msg, st.p, st.n, false)) < 0)
			return rc;
	}
	ll_buf_reset(&r->row.raw);
	if (f->date >= 0 &&
	    ((rc = ll_tl_put_text(&r->row.raw, vals[f->date].p, vals[f->date].n, false)) < 0 ||
	     (rc = ll_buf_putc(&r->row.raw, ' ')) < 0))
		return rc;
	if ((rc = ll_tl_put_text(&r->row.raw, vals[f->time].p, vals[f->time].n, false)) < 0)
		return rc;
	{
		struct ll_span h = V("s-computername"), u = V("cs-username");

		if (h.n == 1 && h.p[0] == '-')
			h = V("s-ip");
		if ((rc = put_w3c(&r->row.host, h)) < 0 || (rc = put_w3c(&r->row.user, u)) < 0)
			return rc;
	}
#undef V
	if (r->firewall)
		return emit(r, ln, ns, "windows-firewall", r->rule);
	return emit(r, ln, ns, "iis-w3c", r->rule);
}

/*
 * Zone-less times (HAProxy, a strftime %{…}t without %z) are --tz's, else
 * the host's own: said once when neither was there.
 */
static void zone_rule(struct rd *r, const struct ll_line *ln, char *rule, size_t size,
		      const char *what, int offset_min)
{
	if (offset_min != INT_MIN) {
		snprintf(rule, size, "%s with its UTC offset (%+03d:%02d)", what, offset_min / 60,
			 abs(offset_min) % 60);
		return;
	}
	snprintf(rule, size, "%s without a zone: local time in %s", what, r->zone_words);
	if (ll_tl_zone_defaulted(&r->zone) && !r->warned_local) {
		r->warned_local = true;
		ll_source_warn_code(r->ctx, "weblog.no-zone-no-tz",
				    json_pack("{s:s, s:I}", "file", r->ctx->rel_path,
				              "line", (json_int_t)ln->lineno),
				    "'%s' line %" PRIu64 ": times carry no zone and no --tz was "
				    "given: read as UTC; give the server's zone with --tz",
				    r->ctx->rel_path, ln->lineno);
	}
}

/* An event from fields by role: --log-format, JSON and HAProxy lines. */
static int values(struct rd *r, const struct ll_line *ln, struct ll_wf_values *v,
		  const char *parser, const char *what)
{
	char rule[LL_TL_ZONE_WORDS + 128];
	int rc;

	ll_weblog_values_split_request(v);
	if ((rc = ll_weblog_values_render(&r->row.attrs, &r->row.msg, v)) < 0)
		return rc;
	if ((rc = put(&r->row.raw, v->time_raw)) < 0 ||
	    (rc = put(&r->row.host, v->role[LL_WF_VHOST])) < 0 ||
	    (rc = put(&r->row.user, v->role[LL_WF_USER])) < 0)
		return rc;
	zone_rule(r, ln, rule, sizeof(rule), what, v->offset_min);
	return emit(r, ln, v->ns, parser, rule);
}

/*
 * The line through the built-in grammars other than the combined one: JSON,
 * HAProxy. 1 when it was one of them (an event or a rejected time), 0 if not.
 */
static int other_formats(struct rd *r, const struct ll_line *ln, int *rc)
{
	struct ll_wf_values v;

	if (ln->text[0] == '{') {
		struct ll_weblog_json j;
		int prc = ll_weblog_json_parse(&j, &r->zone, ln->text, ln->len);

		if (prc == 0) {
			char what[64];

			snprintf(what, sizeof(what), "JSON access log time (\"%s\")", j.time_key);
			*rc = values(r, ln, &j.v, "json-access-log", what);
		} else if (j.v.time_range) {
			*rc = ll_source_reject_time(r->ctx, ln->lineno, ln->offset, LL_ECORRUPT);
		}
		ll_weblog_json_release(&j);
		return prc == 0 || j.v.time_range;
	}
	if (ll_weblog_haproxy_parse(&v, &r->zone, ln->text, ln->len) == 0) {
		*rc = values(r, ln, &v, "haproxy-http", "HAProxy accept date, 1 ms granularity");
		return 1;
	}
	if (v.time_range) {
		*rc = ll_source_reject_time(r->ctx, ln->lineno, ln->offset, LL_ECORRUPT);
		return 1;
	}
	return 0;
}

static void bad(struct rd *r, const struct ll_line *ln, const char *why)
{
	ll_source_reject_line(r->ctx, ln->lineno, ln->offset, why);
}

static int run(struct ll_source_ctx *ctx)
{
	struct rd r = { .ctx = ctx };
	struct ll_input *in = NULL;
	struct ll_line ln;
	int rc;

	ll_tl_row_init(&r.row);
	/* --tz, else the host's own zone when an image of the same host gave it */
	ll_tl_zone_init_host(&r.zone, &r.host_rule, r.zone_words, sizeof(r.zone_words), ctx);
	snprintf(r.rule, sizeof(r.rule), "%s", W3C_UTC_RULE);
	if (ctx->opts->log_format && (rc = ll_wf_compile(&r.fmt, ctx->opts->log_format)) < 0)
		goto out;
	if ((rc = ll_input_open(&in, ctx->path)) < 0)
		goto out;
	while ((rc = ll_source_line(&ln, ctx, in)) > 0) {
		struct ll_weblog_line w;
		char why[256] = "";

		if (r.fmt) {
			struct ll_wf_values v;

			if ((rc = ll_wf_match(&v, r.fmt, &r.zone, ln.text, ln.len)) == 0) {
				char parser[24];

				snprintf(parser, sizeof(parser), "%s-log-format", r.fmt->server);
				if ((rc = values(&r, &ln, &v, parser, "--log-format time")) < 0)
					goto out;
				continue;
			}
			if (rc == LL_ENOMEM)
				goto out;
			if (v.time_range) {
				ll_source_reject_time(ctx, ln.lineno, ln.offset, LL_ECORRUPT);
				continue;
			}
			/* the built-in formats may still know it; if not, this is why */
			snprintf(why, sizeof(why), "--log-format: %s", ll_error_message());
			rc = 0;
		}

		if (ln.text[0] == '#') {
			if (ln.len >= 8 && !memcmp(ln.text, "#Fields:", 8)) {
				if (ll_w3c_fields_parse(&r.fields, ln.text + 8, ln.len - 8) < 0) {
					r.have_fields = false;
					bad(&r, &ln, ll_error_message());
				} else {
					r.have_fields = true;
				}
			}
			directive(&r, &ln);
			continue; /* other W3C directives: #Version, #Date */
		}
		if (r.have_fields) {
			rc = iis(&r, &ln);
			if (rc == LL_ECORRUPT) {
				if ((rc = ll_source_reject_time(ctx, ln.lineno, ln.offset, rc)) == 0)
					continue;
				bad(&r, &ln, "does not match the #Fields layout");
				continue;
			}
		} else if (ll_weblog_parse_apache(&w, ln.text, ln.len) == 0) {
			rc = apache(&r, &ln, &w);
		} else if (w.time_range) {
			ll_source_reject_time(ctx, ln.lineno, ln.offset, LL_ECORRUPT);
			continue;
		} else if (other_formats(&r, &ln, &rc)) {
			/* rc: the event's */
		} else {
			bad(&r, &ln, why[0] ? why : ln.no_newline ? "not an access log line (last line, no newline: cut short?)"
						   : "not an access log line");
			continue;
		}
		if (rc < 0)
			goto out;
	}
	rc = ll_source_input_end(ctx, rc);
out:
	ll_wf_free(r.fmt);
	ll_input_close(in);
	ll_tl_row_release(&r.row);
	return rc < 0 ? rc : 0;
}

const struct ll_source_kind ll_source_weblog = {
	.name = "weblog",
	.probe = probe,
	.run = run,
	.worker = true,
	/* the Windows Firewall log and the zone-less formats: the host's wall clock */
	.host_local_time = true,
};
