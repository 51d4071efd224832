/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The shell history reader: what an intruder typed, when the shell kept the
 * time (bash with HISTTIMEFORMAT, zsh with EXTENDED_HISTORY). One event per
 * command at the time the shell recorded for it (UTC seconds by
 * definition); commands without a time are counted in a warning, not
 * invented a time.
 */
#include "core/compat.h"

#include <stdio.h>

#include "analyze/readers/history_parse.h"
#include "analyze/input.h"
#include "analyze/source.h"
#include "analyze/readers/textlog.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/time.h"

#define PROBE_LINES 50

/* Counts bash and zsh time stamps (arg: unsigned[2]). */
static int probe_line(const char *s, size_t n, void *arg)
{
	unsigned *count = arg;
	int64_t sec, dur;
	size_t at;

	if (ll_hist_bash_stamp(&sec, s, n))
		count[0]++;
	else if (ll_hist_zsh_line(&sec, &dur, &at, s, n))
		count[1]++;
	return 0;
}

/*
 * Time stamps among the first lines: bash files alternate "#EPOCH" and
 * commands (so about half the lines are stamps), zsh files have one on
 * nearly every line. Anything else is not a history with times.
 */
static int probe(const uint8_t *head, size_t len, uint64_t file_size)
{
	unsigned count[2] = { 0, 0 }, ok;
	unsigned tried = ll_tl_probe_lines(head, len, file_size, PROBE_LINES, probe_line, count, &ok);
	unsigned bash = count[0], zsh = count[1];

	if (zsh && zsh * 2 >= tried && !bash)
		return 70;
	if (bash >= 2 && bash * 5 >= tried && !zsh)
		return 60;
	return 0;
}

struct rd {
	struct ll_source_ctx *ctx;
	struct ll_tl_row row;
};

static int emit(void *arg, const struct ll_hist_cmd *c)
{
	struct rd *r = arg;
	struct ll_event ev;
	struct ll_tl_obj o;
	int rc;

	int64_t ns;
	char what[80];

	/* 10 digits reach 2286: a stamp after 2262 is refused and counted, not dropped */
	if (ll_time_ns_from_sec(&ns, c->sec, 0, "") < 0) {
		snprintf(what, sizeof(what), "%.*s", (int)(c->stamp_len < 64 ? c->stamp_len : 64),
			 c->stamp);
		rc = ll_time_ns_from_sec(&ns, c->sec, 0, what);
		return ll_source_reject_time(r->ctx, c->lineno, c->offset, rc);
	}
	ll_buf_reset(&r->row.msg);
	ll_buf_reset(&r->row.raw);
	ll_buf_reset(&r->row.attrs);
	if ((rc = ll_tl_put_text(&r->row.msg, c->text, c->len, false)) < 0 ||
	    (rc = ll_tl_put_text(&r->row.raw, c->stamp, c->stamp_len, false)) < 0)
		return rc;
	ll_tl_obj_begin(&o, &r->row.attrs);
	ll_tl_obj_str(&o, "command", c->text, c->len);
	ll_tl_obj_int(&o, "lines", c->lines);
	if (c->duration >= 0)
		ll_tl_obj_int(&o, "duration_seconds", c->duration);
	if (c->cut)
		ll_tl_obj_bool(&o, "cut", true);
	if ((rc = ll_tl_obj_end(&o)) < 0)
		return rc;
	if ((rc = ll_source_row_event(&ev, r->ctx, &r->row, c->lineno, c->offset)) < 0)
		return rc;
	ev.time_ns = ns;
	ev.time_desc = "Written Time";
	ev.time_rule = c->kind == LL_HIST_BASH
			       ? "bash history '#EPOCH' line (HISTTIMEFORMAT): seconds since the epoch, UTC, "
				 "from the host's clock when the command was entered"
			       : "zsh extended history ': EPOCH:DURATION;' (EXTENDED_HISTORY): seconds since "
				 "the epoch, UTC, from the host's clock when the command was entered";
	ev.source = "shell";
	ev.parser = c->kind == LL_HIST_BASH ? "bash-history" : "zsh-history";
	/* the clock offset would move it outside the storable range: that line only */
	return ll_source_reject_time(r->ctx, c->lineno, c->offset, ll_event_add(r->ctx->w, &ev, NULL));
}

static int run(struct ll_source_ctx *ctx)
{
	struct rd r = { .ctx = ctx };
	struct ll_input *in = NULL;
	struct ll_hist h;
	struct ll_line ln;
	int rc;

	ll_tl_row_init(&r.row);
	ll_hist_init(&h, emit, &r);
	if ((rc = ll_input_open(&in, ctx->path)) < 0)
		goto out;
	while ((rc = ll_input_line(&ln, in)) > 0) {
		if (ln.truncated) {
			ll_source_reject_line(ctx, ln.lineno, ln.offset, "longer than 1 MiB; not read");
			continue;
		}
		if ((rc = ll_hist_feed(&h, ln.text, ln.len, ln.lineno, ln.offset)) < 0)
			goto out;
	}
	if ((rc = ll_source_input_end(ctx, rc)) < 0 || (rc = ll_hist_finish(&h)) < 0)
		goto out;
	if (h.untimed)
		ll_source_warn_code(ctx, "history.untimed",
				    json_pack("{s:s, s:I}", "file", ctx->rel_path,
				              "count", (json_int_t)h.untimed),
				    "'%s': %" PRIu64 " command line(s) before the first time stamp have no time "
				    "(written before HISTTIMEFORMAT/EXTENDED_HISTORY was set) and are not in the timeline",
				    ctx->rel_path, h.untimed);
	if (h.empty)
		ll_source_warn_code(ctx, "history.empty-stamps",
				    json_pack("{s:s, s:I}", "file", ctx->rel_path,
				              "count", (json_int_t)h.empty),
				    "'%s': %" PRIu64 " time stamp(s) with no command after them",
				    ctx->rel_path, h.empty);
out:
	ll_input_close(in);
	ll_hist_release(&h);
	ll_tl_row_release(&r.row);
	return rc < 0 ? rc : 0;
}

const struct ll_source_kind ll_source_history = {
	.name = "history",
	.probe = probe,
	.run = run,
	.worker = true,
};
