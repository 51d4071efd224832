/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Linux login records reader (/var/log/wtmp, /var/log/btmp,
 * /var/run/utmp): one event per record with a time, in file order. Empty
 * (all-zero) records are skipped and counted, since zeroed records in wtmp
 * can be what a log cleaner leaves; records that cannot be login records are
 * rejected by number and offset; a cut last record is reported.
 */
#include "core/compat.h"

#include "analyze/input.h"
#include "analyze/source.h"
#include "analyze/readers/textlog.h"
#include "analyze/readers/utmp_parse.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/time.h"

#define TIME_RULE "utmp ut_tv (UTC seconds and microseconds since the epoch, the writer's clock)"

/* Records skipped for one reason: how many, and the first one. */
struct skipped {
	uint64_t n, first_no, first_off;
};

static void skip(struct skipped *s, uint64_t no, uint64_t off)
{
	if (!s->n++) {
		s->first_no = no;
		s->first_off = off;
	}
}

/* Fills `rec` with up to LL_UTMP_RECORD bytes; returns the count or < 0. */
static int64_t read_record(struct ll_input *in, uint8_t *rec)
{
	size_t got = 0;

	while (got < LL_UTMP_RECORD) {
		int64_t n = ll_input_read(in, rec + got, LL_UTMP_RECORD - got);

		if (n < 0)
			return n;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (int64_t)got;
}

static int emit(struct ll_source_ctx *ctx, struct ll_tl_row *row,
		const struct ll_utmp_rec *r, uint64_t no, uint64_t off)
{
	struct ll_event ev = { 0 };
	int rc;

	if ((rc = ll_utmp_format(row, r)) < 0)
		return rc;
	ll_buf_reset(&row->loc);
	if ((rc = ll_buf_printf(&row->loc, "record=%" PRIu64 ";offset=%" PRIu64, no, off)) < 0)
		return rc;
	ev.evidence_id = ctx->ev->id;
	/* sec < 2^31 and usec < 10^6: always in range, but the one conversion all the same */
	if ((rc = ll_time_ns_from_sec(&ev.time_ns, r->sec, (int64_t)r->usec * 1000, NULL)) < 0)
		return rc;
	/* plaso's utmp parser calls it so */
	ev.time_desc = "Start Time";
	ev.time_raw = row->raw.ptr;
	ev.time_rule = TIME_RULE;
	ev.source = "login";
	ev.parser = "utmp";
	ev.user = row->user.len ? row->user.ptr : NULL;
	ev.path = ctx->rel_path;
	ev.event_code = -1;
	ev.locator = row->loc.ptr;
	ev.message = row->msg.ptr;
	ev.attrs = row->attrs.ptr;
	return ll_event_add(ctx->w, &ev, NULL);
}

static int run(struct ll_source_ctx *ctx)
{
	const char *name = ctx->rel_path;
	struct ll_input *in = NULL;
	struct ll_tl_row row;
	struct skipped empty = { 0 }, untimed = { 0 };
	uint8_t rec[LL_UTMP_RECORD];
	uint64_t no = 0, off = 0;
	int rc;

	if ((rc = ll_input_open(&in, ctx->path)) < 0)
		return rc;
	ll_tl_row_init(&row);
	for (;; off += LL_UTMP_RECORD) {
		struct ll_utmp_rec r;
		char why[160];
		int64_t got = read_record(in, rec);

		if (got < 0) {
			rc = (int)got;
			if (!no)
				goto out_rc;
			/* a damaged gzip tail: what was read stays */
			ll_source_warn(ctx, "'%s': cannot read past offset %" PRIu64 " (%s); the %" PRIu64 " records before are kept",
				       name, off, ll_error_message(), no);
			break;
		}
		if (got == 0)
			break;
		no++;
		if (got < LL_UTMP_RECORD) {
			ctx->stats->rejected++;
			ll_source_warn_code(ctx, "utmp.record-cut",
					    json_pack("{s:s, s:I, s:I, s:I, s:I}", "file", name,
					              "record", (json_int_t)no,
					              "offset", (json_int_t)off,
					              "got", (json_int_t)got,
					              "size", (json_int_t)LL_UTMP_RECORD),
					    "'%s' record %" PRIu64 " at offset %" PRIu64 ": cut short (%" PRId64 " of %d bytes); not read",
					    name, no, off, got, LL_UTMP_RECORD);
			break;
		}
		if (ll_utmp_decode(&r, rec, why, sizeof(why)) < 0) {
			ctx->stats->rejected++;
			ll_source_warn(ctx, "'%s' record %" PRIu64 " at offset %" PRIu64 ": %s; not read",
				       name, no, off, why);
			continue;
		}
		if (r.type == LL_UTMP_EMPTY && r.all_zero) {
			skip(&empty, no, off);
			continue;
		}
		if (r.sec == 0 && r.usec == 0) {
			skip(&untimed, no, off);
			continue;
		}
		if ((rc = emit(ctx, &row, &r, no, off)) < 0)
			goto out_rc;
	}
	if (empty.n)
		ll_source_warn_code(ctx, "utmp.empty-records",
				    json_pack("{s:s, s:I, s:I, s:I}", "file", name,
				              "count", (json_int_t)empty.n,
				              "record", (json_int_t)empty.first_no,
				              "offset", (json_int_t)empty.first_off),
				    "'%s': %" PRIu64 " empty (all-zero) records skipped, the first is record %" PRIu64 " at offset %" PRIu64
				    " (zeroed records in wtmp or btmp can be left by a log cleaner)",
				    name, empty.n, empty.first_no, empty.first_off);
	if (untimed.n)
		ll_source_warn_code(ctx, "utmp.untimed-records",
				    json_pack("{s:s, s:I, s:I, s:I}", "file", name,
				              "count", (json_int_t)untimed.n,
				              "record", (json_int_t)untimed.first_no,
				              "offset", (json_int_t)untimed.first_off),
				    "'%s': %" PRIu64 " records without a time (ut_tv zero) skipped, the first is record %" PRIu64 " at offset %" PRIu64,
				    name, untimed.n, untimed.first_no, untimed.first_off);
	rc = 0;
out_rc:
	ll_tl_row_release(&row);
	ll_input_close(in);
	return rc;
}

const struct ll_source_kind ll_source_utmp = {
	.name = "utmp",
	.probe = ll_utmp_probe,
	.run = run,
	.worker = true,
};
