/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Debian package log readers: dpkg.log (one event per line: what was
 * installed, upgraded, removed, and when) and apt's history.log (one event
 * per apt run: the command line, who asked for it, what it changed). An
 * intruder installing tools (nmap, socat) or removing auditd shows here.
 * Both logs are in the host's local time with no zone: the zone is --tz's,
 * else the host's own from an image of the same host (host_zone.h), and
 * every event's time_rule says which was used.
 */
#include "core/compat.h"

#include <stdio.h>

#include "analyze/input.h"
#include "analyze/registry/regf_name.h"
#include "analyze/readers/pkglog_parse.h"
#include "analyze/source.h"
#include "analyze/readers/textlog.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/time.h"

#define PROBE_LINES 50

struct rd {
	struct ll_source_ctx *ctx;
	struct ll_tl_row row;
	struct ll_tl_zone zone;
	struct ll_regf_tz host_rule; /* the host's own zone, when handed over */
	char zone_words[LL_TL_ZONE_WORDS];
	char rule[LL_TL_ZONE_WORDS + 64];
};

static void rd_init(struct rd *r, struct ll_source_ctx *ctx, const char *what)
{
	r->ctx = ctx;
	ll_tl_row_init(&r->row);
	/* --tz, else the host's own zone when an image of the same host gave it */
	ll_tl_zone_init_host(&r->zone, &r->host_rule, r->zone_words, sizeof(r->zone_words), ctx);
	snprintf(r->rule, sizeof(r->rule), "%s local time (no zone in the file) in %s", what,
		 r->zone_words);
}

static void bad(struct rd *r, const struct ll_line *ln, const char *why)
{
	ll_source_reject_line(r->ctx, ln->lineno, ln->offset, why);
}

/* Stores the row's message/attrs/raw time at local time `t`, located at `ln`. */
static int emit(struct rd *r, const struct ll_pkg_time *t, uint64_t lineno, uint64_t offset,
		const char *parser)
{
	struct ll_event ev;
	int64_t ns;
	int rc;

	if ((rc = ll_tl_zone_to_ns(&ns, &r->zone, t->y, t->mon, t->d, t->h, t->mi, t->s, 0)) < 0)
		return ll_source_reject_time(r->ctx, lineno, offset, rc);
	if ((rc = ll_source_row_event(&ev, r->ctx, &r->row, lineno, offset)) < 0)
		return rc;
	ev.time_ns = ns;
	ev.time_rule = r->rule;
	ev.source = "package";
	ev.parser = parser;
	/* the clock offset would move it outside the storable range: that line only */
	return ll_source_reject_time(r->ctx, lineno, offset, ll_event_add(r->ctx->w, &ev, NULL));
}

/* --- dpkg.log --- */

static int dpkg_probe_line(const char *s, size_t n, void *arg)
{
	struct ll_dpkg_line d;

	LL_UNUSED(arg);
	return ll_dpkg_parse(&d, s, n) == 0;
}

static int dpkg_probe(const uint8_t *head, size_t len, uint64_t file_size)
{
	unsigned ok, tried = ll_tl_probe_lines(head, len, file_size, PROBE_LINES, dpkg_probe_line,
					       NULL, &ok);

	return ll_tl_probe_score(tried, ok);
}

static void span_attr(struct ll_tl_obj *o, const char *k, const struct ll_dpkg_line *d, size_t i)
{
	if (i < d->nw)
		ll_tl_obj_str(o, k, d->w[i].p, d->w[i].n);
}

static int dpkg_line(struct rd *r, const struct ll_line *ln, const struct ll_dpkg_line *d)
{
	struct ll_tl_obj o;
	const char *a = d->action.p;
	size_t an = d->action.n;
	int rc;

	ll_buf_reset(&r->row.msg);
	ll_buf_reset(&r->row.raw);
	ll_buf_reset(&r->row.attrs);
	ll_buf_reset(&r->row.user);
	if ((rc = ll_tl_put_text(&r->row.msg, d->rest.p, d->rest.n, false)) < 0 ||
	    (rc = ll_tl_put_text(&r->row.raw, d->time.p, d->time.n, false)) < 0)
		return rc;
	ll_tl_obj_begin(&o, &r->row.attrs);
	ll_tl_obj_str(&o, "action", a, an);
	if (an == 7 && !memcmp(a, "startup", 7)) {
		span_attr(&o, "startup_type", d, 0);
		span_attr(&o, "command", d, 1);
	} else if (an == 6 && !memcmp(a, "status", 6)) {
		span_attr(&o, "state", d, 0);
		span_attr(&o, "package", d, 1);
		span_attr(&o, "version", d, 2);
	} else if (an == 8 && !memcmp(a, "conffile", 8)) {
		span_attr(&o, "conffile", d, 0);
		span_attr(&o, "decision", d, 1);
	} else {
		span_attr(&o, "package", d, 0);
		span_attr(&o, "version_old", d, 1);
		span_attr(&o, "version_new", d, 2);
	}
	if ((rc = ll_tl_obj_end(&o)) < 0)
		return rc;
	return emit(r, &d->t, ln->lineno, ln->offset, "dpkg");
}

static int dpkg_run(struct ll_source_ctx *ctx)
{
	struct rd r;
	struct ll_input *in = NULL;
	struct ll_line ln;
	int rc;

	rd_init(&r, ctx, "dpkg.log");
	if ((rc = ll_input_open(&in, ctx->path)) < 0)
		goto out;
	while ((rc = ll_source_line(&ln, ctx, in)) > 0) {
		struct ll_dpkg_line d;

		if (ll_dpkg_parse(&d, ln.text, ln.len) < 0) {
			bad(&r, &ln, ln.no_newline ? "not a dpkg.log line (last line, no newline: cut short?)"
						   : "not a dpkg.log line");
			continue;
		}
		if ((rc = dpkg_line(&r, &ln, &d)) < 0)
			goto out;
	}
out:
	rc = ll_source_input_end(ctx, rc);
	ll_input_close(in);
	ll_tl_row_release(&r.row);
	return rc < 0 ? rc : 0;
}

const struct ll_source_kind ll_source_dpkg = {
	.name = "dpkg",
	.probe = dpkg_probe,
	.run = dpkg_run,
	.worker = true,
	.host_local_time = true, /* dpkg.log: the host's wall clock, no zone */
};

/* --- apt history.log --- */

static bool starts(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n >= l && !memcmp(s, lit, l);
}

static int apt_probe(const uint8_t *head, size_t len, uint64_t file_size)
{
	const char *s = (const char *)head, *end = s + len;

	LL_UNUSED(file_size);
	while (s < end && (*s == '\n' || *s == '\r'))
		s++;
	return starts(s, (size_t)(end - s), "Start-Date: ") ? 90 : 0;
}

/* One apt run: the fields of a record, from Start-Date to End-Date. */
struct apt_rec {
	bool open;
	struct ll_pkg_time t;
	uint64_t lineno, offset;
	struct ll_tl_obj o;
	struct ll_buf cmd, changes;
};

static int apt_close(struct rd *r, struct apt_rec *a)
{
	int rc;

	if (!a->open)
		return 0;
	a->open = false;
	if ((rc = ll_tl_obj_end(&a->o)) < 0)
		return rc;
	ll_buf_reset(&r->row.msg);
	if ((rc = ll_buf_puts(&r->row.msg, a->cmd.len ? a->cmd.ptr : "apt run")) < 0)
		return rc;
	if (r->row.user.len && (rc = ll_buf_printf(&r->row.msg, " (requested by %s)", r->row.user.ptr)) < 0)
		return rc;
	if (a->changes.len && (rc = ll_buf_printf(&r->row.msg, ": %s", a->changes.ptr)) < 0)
		return rc;
	return emit(r, &a->t, a->lineno, a->offset, "apt-history");
}

/* "Requested-By: nurse1 (1000)" → user "nurse1" */
static int apt_user(struct ll_buf *u, struct ll_span v)
{
	size_t i = 0;

	while (i < v.n && v.p[i] != ' ')
		i++;
	ll_buf_reset(u);
	return ll_tl_put_text(u, v.p, i, false);
}

static int apt_field(struct rd *r, struct apt_rec *a, struct ll_span k, struct ll_span v)
{
	static const char *const changes[] = { "Install", "Upgrade", "Remove", "Purge",
					       "Reinstall", "Downgrade" };
	char key[40];
	int rc;

	/* attrs keys: lower case, '-' → '_' ("Requested-By" → "requested_by") */
	if (k.n >= sizeof(key))
		k.n = sizeof(key) - 1;
	for (size_t i = 0; i < k.n; i++) {
		char c = k.p[i];

		key[i] = c == '-' ? '_' : (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	key[k.n] = '\0';
	ll_tl_obj_str(&a->o, key, v.p, v.n);
	if (starts(k.p, k.n, "Commandline") && k.n == 11) {
		ll_buf_reset(&a->cmd);
		return ll_tl_put_text(&a->cmd, v.p, v.n, false);
	}
	if (starts(k.p, k.n, "Requested-By") && k.n == 12)
		return apt_user(&r->row.user, v);
	for (size_t i = 0; i < LL_ARRAY_SIZE(changes); i++) {
		if (strlen(changes[i]) != k.n || memcmp(changes[i], k.p, k.n))
			continue;
		if ((a->changes.len && (rc = ll_buf_puts(&a->changes, "; ")) < 0) ||
		    (rc = ll_tl_put_text(&a->changes, k.p, k.n, false)) < 0 ||
		    (rc = ll_buf_puts(&a->changes, ": ")) < 0 ||
		    (rc = ll_tl_put_text(&a->changes, v.p, v.n, false)) < 0)
			return rc;
	}
	return 0;
}

static int apt_run(struct ll_source_ctx *ctx)
{
	struct rd r;
	struct apt_rec a = { .open = false };
	struct ll_input *in = NULL;
	struct ll_line ln;
	int rc;

	rd_init(&r, ctx, "apt history.log");
	ll_buf_init(&a.cmd);
	ll_buf_init(&a.changes);
	if ((rc = ll_input_open(&in, ctx->path)) < 0)
		goto out;
	/* records are separated by blank lines, which ll_source_line skips */
	while ((rc = ll_source_line(&ln, ctx, in)) > 0) {
		struct ll_span k, v;

		if (!ll_apt_field(&k, &v, ln.text, ln.len)) {
			bad(&r, &ln, "not an apt history line (Key: value)");
			continue;
		}
		if (k.n == 10 && !memcmp(k.p, "Start-Date", 10)) {
			struct ll_pkg_time t;

			if ((rc = apt_close(&r, &a)) < 0)
				goto out;
			if (ll_apt_time(&t, v.p, v.n) < 0) {
				bad(&r, &ln, "Start-Date is not YYYY-MM-DD  HH:MM:SS");
				continue;
			}
			a.open = true;
			a.t = t;
			a.lineno = ln.lineno;
			a.offset = ln.offset;
			ll_buf_reset(&a.cmd);
			ll_buf_reset(&a.changes);
			ll_buf_reset(&r.row.user);
			ll_buf_reset(&r.row.raw);
			ll_buf_reset(&r.row.attrs);
			if ((rc = ll_tl_put_text(&r.row.raw, v.p, v.n, false)) < 0)
				goto out;
			ll_tl_obj_begin(&a.o, &r.row.attrs);
			continue;
		}
		if (!a.open) {
			bad(&r, &ln, "outside a record (no Start-Date before it)");
			continue;
		}
		if ((rc = apt_field(&r, &a, k, v)) < 0)
			goto out;
		if (k.n == 8 && !memcmp(k.p, "End-Date", 8) && (rc = apt_close(&r, &a)) < 0)
			goto out;
	}
	if (rc == 0 && a.open) {
		ll_source_warn_code(ctx, "apt.no-end-date",
				    json_pack("{s:s, s:I}", "file", ctx->rel_path,
				              "line", (json_int_t)a.lineno),
				    "'%s' line %" PRIu64 ": the last record has no End-Date (apt still running, or the file cut short); stored as far as it goes",
				    ctx->rel_path, a.lineno);
		rc = apt_close(&r, &a);
	}
out:
	rc = ll_source_input_end(ctx, rc);
	ll_input_close(in);
	ll_buf_release(&a.cmd);
	ll_buf_release(&a.changes);
	ll_tl_row_release(&r.row);
	return rc < 0 ? rc : 0;
}

const struct ll_source_kind ll_source_apt = {
	.name = "apt-history",
	.probe = apt_probe,
	.run = apt_run,
	.worker = true,
	.host_local_time = true, /* history.log: the host's wall clock, no zone */
};
