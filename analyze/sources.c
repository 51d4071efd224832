/* SPDX-License-Identifier: Apache-2.0 */
/* The reader registry: add one line per reader. Order breaks probe ties. */
#include "core/compat.h"
#include "analyze/source.h"

#include "analyze/harm/harm_csv.h"
#include "analyze/readers/readers.h"
#include "analyze/registry/regf_reader.h"
#include "analyze/input.h"

#include <stdarg.h>
#include <stdio.h>

#include "analyze/tsk/tsk_source.h"
#include "analyze/prefetch/prefetch.h"
#include "analyze/usn/usn.h"
#include "analyze/readers/textlog.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/time.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/json.h"

const struct ll_source_kind *const ll_source_kinds[] = {
	&ll_source_harm_csv,
	&ll_source_fhir,
	&ll_source_tsk,
	&ll_source_evtx,
	&ll_source_evt,
	&ll_source_regf,
	&ll_source_prefetch,
	&ll_source_usnjrnl,
	&ll_source_journal,
	&ll_source_audit,
	&ll_source_utmp,
	&ll_source_syslog,
	&ll_source_weblog,
	&ll_source_history,
	&ll_source_dpkg,
	&ll_source_apt,
	&ll_source_csvmap,
	NULL, /* keeps the array non-empty; readers go above this line */
};

const size_t ll_source_kind_count = LL_ARRAY_SIZE(ll_source_kinds) - 1;

void ll_source_warn(struct ll_source_ctx *ctx, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* cap the stored list: a broken file must not flood the database */
	if (ctx->stats->warnings &&
	    json_array_size(ctx->stats->warnings) < 1000)
		json_array_append_new(ctx->stats->warnings,
				      ll_json_string_lossy(msg, strlen(msg)));
}

/* `s` as a JSON string of at most LL_WARN_PARAM_MAX bytes, cut at a character boundary */
static json_t *cut_param(const char *s)
{
	size_t n = strlen(s);

	if (n > LL_WARN_PARAM_MAX) {
		n = LL_WARN_PARAM_MAX;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return ll_json_string_lossy(s, n);
}

int ll_source_keep_code(void *codes, const char *text, const char *code, json_t *params)
{
	json_t *p = json_object(), *v, *e;
	const char *k;

	if (!codes) {
		json_decref(params);
		json_decref(p);
		return 0;
	}
	if (!p)
		goto oom;
	json_object_foreach(params, k, v) {
		json_t *c = json_is_string(v) ? cut_param(json_string_value(v)) : json_incref(v);

		if (!c || json_object_set_new(p, k, c) < 0)
			goto oom;
	}
	json_decref(params);
	e = json_pack("{s:s, s:s, s:o}", "text", text, "code", code, "params", p);
	if (!e || json_array_append_new(codes, e) < 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
oom:
	json_decref(params);
	json_decref(p);
	return ll_error_set(LL_ENOMEM, "out of memory");
}

void ll_source_warn_code(struct ll_source_ctx *ctx, const char *code, json_t *params,
			 const char *fmt, ...)
{
	json_t *w = ctx->stats->warnings;
	size_t before = w ? json_array_size(w) : 0;
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ll_source_warn(ctx, "%s", msg);
	/* kept beside the English only when the English itself was kept (the cap) */
	if (w && json_array_size(w) > before)
		(void)ll_source_keep_code(ctx->stats->warning_codes,
					  json_string_value(json_array_get(w, before)), code, params);
	else
		json_decref(params);
}

void ll_source_partial(struct ll_source_ctx *ctx, const char *reason,
		       const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ll_source_warn(ctx, "%s", msg);
	if (ctx->stats->partial)
		json_array_append_new(ctx->stats->partial,
				      json_pack("{s:s, s:o}", "reason", reason, "message",
						ll_json_string_lossy(msg, strlen(msg))));
}

int ll_source_volume_fields(struct ll_buf *b, const struct ll_source_volume *v, const char *sep)
{
	int rc;

	if ((rc = ll_buf_printf(b, "part_offset=%" PRIu64, v->part_offset)) < 0 ||
	    (v->pool_block && (rc = ll_buf_printf(b, "%spool_block=%" PRIu64, sep, v->pool_block)) < 0) ||
	    (v->vss_store && (rc = ll_buf_printf(b, "%svss_store=%" PRIu32, sep, v->vss_store)) < 0) ||
	    (v->bde && (rc = ll_buf_printf(b, "%sbde=1", sep)) < 0))
		return rc;
	return 0;
}

int ll_source_artefact_names(struct ll_buf *label, struct ll_buf *prefix, const struct ll_source_ctx *ctx,
			     const struct ll_source_volume *vol, const char *inode,
			     const char *path)
{
	int rc;

	if ((rc = ll_buf_printf(label, "%s: %s (", ctx->rel_path, path)) < 0 ||
	    (rc = ll_source_volume_fields(label, vol, ", ")) < 0 ||
	    (rc = ll_buf_printf(label, ", inode %s)", inode)) < 0 ||
	    (rc = ll_source_volume_fields(prefix, vol, ";")) < 0 ||
	    (rc = ll_buf_printf(prefix, ";inode=%s;", inode)) < 0)
		return rc;
	return 0;
}

int ll_source_reject_artefact(struct ll_source_ctx *ctx, const char *kind, const char *label,
			      const char *why)
{
	ctx->stats->rejected++;
	if (!ctx->stats->first_rejected[0])
		snprintf(ctx->stats->first_rejected, sizeof(ctx->stats->first_rejected),
			 "%s %.200s: %.280s", kind, label, why);
	ll_source_warn(ctx, "'%s': %s", label, why);
	return 0;
}

void ll_source_reject_line(struct ll_source_ctx *ctx, uint64_t lineno, uint64_t offset,
			   const char *why)
{
	ctx->stats->rejected++;
	if (!ctx->stats->first_rejected[0])
		snprintf(ctx->stats->first_rejected, sizeof(ctx->stats->first_rejected),
			 "line %" PRIu64 " (offset %" PRIu64 "): %s", lineno, offset, why);
	ll_source_warn(ctx, "'%s' line %" PRIu64 " (offset %" PRIu64 "): %s", ctx->rel_path,
		       lineno, offset, why);
}

int ll_source_reject_time(struct ll_source_ctx *ctx, uint64_t lineno, uint64_t offset,
			  int rc)
{
	char why[512];

	if (rc >= 0 || !ll_time_range_error())
		return rc;
	snprintf(why, sizeof(why), "%s", ll_error_message());
	ll_source_reject_line(ctx, lineno, offset, why);
	return 0;
}

int ll_source_row_event(struct ll_event *ev, const struct ll_source_ctx *ctx,
			struct ll_tl_row *row, uint64_t lineno, uint64_t offset)
{
	int rc;

	ll_buf_reset(&row->loc);
	if ((rc = ll_buf_put(&row->loc, "line=", 5)) < 0 ||
	    (rc = ll_buf_put_u64(&row->loc, lineno)) < 0 ||
	    (rc = ll_buf_put(&row->loc, ";offset=", 8)) < 0 ||
	    (rc = ll_buf_put_u64(&row->loc, offset)) < 0)
		return rc;
	*ev = (struct ll_event){ 0 };
	ev->evidence_id = ctx->ev->id;
	ev->time_desc = "Event Logged";
	ev->time_raw = row->raw.ptr;
	ev->host = row->host.len ? row->host.ptr : NULL;
	ev->user = row->user.len ? row->user.ptr : NULL;
	ev->path = ctx->rel_path;
	ev->event_code = -1;
	ev->locator = row->loc.ptr;
	ev->message = row->msg.ptr;
	ev->attrs = row->attrs.ptr;
	return 0;
}

int ll_source_line(struct ll_line *ln, struct ll_source_ctx *ctx, struct ll_input *in)
{
	int rc;

	while ((rc = ll_input_line(ln, in)) > 0) {
		if (ln->truncated)
			ll_source_reject_line(ctx, ln->lineno, ln->offset, "longer than 1 MiB; not read");
		else if (ln->len)
			return 1;
	}
	return rc;
}

void ll_source_recovered(struct ll_source_ctx *ctx, uint64_t found, uint64_t copies,
			 uint64_t unreadable)
{
	if (found)
		ll_source_warn_code(ctx, "source.recovered",
				    json_pack("{s:s, s:I, s:I, s:I, s:I}", "file", ctx->rel_path,
					      "found", (json_int_t)found, "stored",
					      (json_int_t)ctx->stats->recovered, "copies", (json_int_t)copies,
					      "unreadable", (json_int_t)unreadable),
				    "'%s': %" PRIu64 " recovered record(s) found: %" PRIu64
				    " stored (marked recovered), %" PRIu64 " copies of live records skipped, %"
				    PRIu64 " unreadable",
				    ctx->rel_path, found, ctx->stats->recovered, copies, unreadable);
}

int ll_source_input_end(struct ll_source_ctx *ctx, int rc)
{
	if (rc < 0 && ll_error_code() == LL_ECORRUPT) {
		ll_source_warn(ctx, "%s", ll_error_message());
		if (!ctx->stats->first_rejected[0])
			snprintf(ctx->stats->first_rejected, sizeof(ctx->stats->first_rejected),
				 "%s", ll_error_message());
		ctx->stats->rejected++;
		return 0;
	}
	return rc;
}
