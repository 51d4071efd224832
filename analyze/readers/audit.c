/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Linux audit log reader (auditd's audit.log, raw or enriched, local or
 * forwarded with node=): one event per record, so every event is one line
 * of the file; the records of one audit event share attrs.serial. Values
 * auditd hex-encodes are decoded (the hex is kept as <key>_hex); logins,
 * sudo, commands run (EXECVE, PROCTITLE, SYSCALL) and account changes get a
 * readable message.
 */
#include "core/compat.h"

#include <stdio.h>

#include "analyze/readers/audit_parse.h"
#include "analyze/readers/audit_render.h"
#include "analyze/input.h"
#include "analyze/source.h"
#include "analyze/readers/textlog.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/time.h"

static const char TIME_RULE[] =
	"auditd msg=audit(SECONDS.MILLISECONDS:SERIAL): seconds since the Unix epoch (UTC by definition), millisecond precision";

static bool starts_audit(const char *s, size_t l)
{
	return (l >= 5 && !memcmp(s, "type=", 5)) || (l >= 5 && !memcmp(s, "node=", 5));
}

static int probe_line(const char *s, size_t n, void *arg)
{
	return starts_audit(s, n) && ll_audit_parse(arg, s, n) == 0;
}

static int probe(const uint8_t *head, size_t len, uint64_t file_size)
{
	struct ll_audit_rec r;
	unsigned ok, tried;

	ll_audit_rec_init(&r);
	tried = ll_tl_probe_lines(head, len, file_size, 50, probe_line, &r, &ok);
	ll_audit_rec_release(&r);
	return ll_tl_probe_score(tried, ok);
}

struct rd {
	struct ll_source_ctx *ctx;
	struct ll_audit_rec rec;
	struct ll_audit_render out;
	struct ll_tl_row row; /* host, raw time, locator */
};

static int emit(struct rd *r, const struct ll_line *ln)
{
	struct ll_source_ctx *ctx = r->ctx;
	const struct ll_audit_rec *a = &r->rec;
	struct ll_event ev;
	int64_t ns;
	int rc;

	if ((rc = ll_audit_render(&r->out, a)) < 0)
		return rc;
	ll_buf_reset(&r->row.host);
	if (a->node.p && a->node.n && (rc = ll_tl_put_text(&r->row.host, a->node.p, a->node.n, false)) < 0)
		return rc;
	ll_buf_reset(&r->row.raw);
	if ((rc = ll_buf_put(&r->row.raw, a->time.p, a->time.n)) < 0)
		return rc;
	if ((rc = ll_time_ns_from_sec(&ns, a->sec, (int64_t)a->msec * 1000000, r->row.raw.ptr)) < 0)
		return ll_source_reject_time(ctx, ln->lineno, ln->offset, rc);
	if ((rc = ll_source_row_event(&ev, ctx, &r->row, ln->lineno, ln->offset)) < 0)
		return rc;
	/* the rendered record keeps its own message, attrs and user */
	ev.time_ns = ns;
	ev.time_rule = TIME_RULE;
	ev.source = "audit";
	ev.parser = "auditd";
	ev.user = r->out.user.len ? r->out.user.ptr : NULL;
	ev.message = r->out.msg.ptr;
	ev.attrs = r->out.attrs.ptr;
	/* the clock offset would move it outside the storable range: that line only */
	return ll_source_reject_time(ctx, ln->lineno, ln->offset, ll_event_add(ctx->w, &ev, NULL));
}

static void bad_line(struct rd *r, const struct ll_line *ln, const char *why)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "%s%s", why,
		 ln->no_newline ? " (last line, no newline: cut short?)" : "");
	ll_source_reject_line(r->ctx, ln->lineno, ln->offset, msg);
}

static int run(struct ll_source_ctx *ctx)
{
	struct rd r = { .ctx = ctx };
	struct ll_input *in = NULL;
	struct ll_line ln;
	int rc;

	ll_audit_rec_init(&r.rec);
	ll_tl_row_init(&r.row);
	ll_audit_render_init(&r.out);
	if ((rc = ll_input_open(&in, ctx->path)) < 0)
		goto out;
	while ((rc = ll_source_line(&ln, ctx, in)) > 0) {
		if (ll_audit_parse(&r.rec, ln.text, ln.len) < 0) {
			if (ll_error_code() == LL_ENOMEM) {
				rc = LL_ENOMEM;
				goto out;
			}
			bad_line(&r, &ln, r.rec.why ? r.rec.why : "not an audit record");
			continue;
		}
		if ((rc = emit(&r, &ln)) < 0)
			goto out;
		if (ln.no_newline)
			ll_source_warn_code(ctx, "source.no-final-newline",
					    json_pack("{s:s, s:I}", "file", ctx->rel_path,
					              "line", (json_int_t)ln.lineno),
					    "'%s' line %" PRIu64 ": last line has no newline (the file may be cut short); kept",
					    ctx->rel_path, ln.lineno);
	}
	/* a damaged gzip tail: keep what was read, say where it stopped */
	rc = ll_source_input_end(ctx, rc);
out:
	ll_input_close(in);
	ll_audit_rec_release(&r.rec);
	ll_tl_row_release(&r.row);
	ll_audit_render_release(&r.out);
	return rc < 0 ? rc : 0;
}

const struct ll_source_kind ll_source_audit = {
	.name = "audit",
	.probe = probe,
	.run = run,
	.worker = true,
};
