/* SPDX-License-Identifier: Apache-2.0 */
/* The timeline driver: picks a reader per file by content and stores events per item. */
#include "core/compat.h"
#include "analyze/timeline.h"

#include "analyze/host_zone.h"
#include "analyze/hosts.h"
#include "analyze/input.h"
#include "analyze/readers/readers.h"
#include "analyze/segments.h"
#include "analyze/usn/mft_source.h"
#include "analyze/usn/usn.h"
#include "analyze/vdisk_sets.h"
#include "analyze/worker/landlock.h"
#include "analyze/worker/pool.h"
#include "analyze/worker/probe.h"
#include "core/alloc.h"
#include "core/analysis.h"
#include "core/case.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/fsutil.h"
#include "core/json.h"
#include "core/store.h"
#include "core/time.h"

#define PROBE_BYTES 65536

const struct ll_source_kind *ll_timeline_pick_reader(const char *path,
						     bool whole_item_only)
{
	const struct ll_source_kind *best = NULL;
	uint64_t size = 0;
	uint8_t *head = NULL;
	size_t len = 0;
	int best_score = 0;

	if (ll_input_head(&head, &len, &size, path, PROBE_BYTES) < 0)
		return NULL;
	for (size_t i = 0; i < ll_source_kind_count; i++) {
		const struct ll_source_kind *k = ll_source_kinds[i];
		int score;

		if (whole_item_only && !k->whole_item)
			continue;
		score = k->probe(head, len, size);
		if (score > best_score) {
			best_score = score;
			best = k;
		}
	}
	ll_free(head);
	return best;
}

int64_t ll_timeline_clock_offset(const struct ll_timeline_run_opts *o, const char *id)
{
	for (size_t i = 0; i < o->noffsets; i++)
		if (strcmp(o->offsets[i].evidence_id, id) == 0)
			return o->offsets[i].seconds;
	return 0;
}

static int clear_item(struct ll_store *st, const char *id)
{
	int rc;

	for (size_t i = 0; i < ll_source_kind_count; i++)
		if (ll_source_kinds[i]->clear &&
		    (rc = ll_source_kinds[i]->clear(st, id)) < 0)
			return rc;
	return ll_event_delete_evidence(st, id, NULL);
}

static json_t *options_json(const struct ll_timeline_run_opts *o, int64_t off)
{
	json_t *j = json_object();

	json_object_set_new(j, "tz", json_string(o->reader.tz ? o->reader.tz : "UTC"));
	json_object_set_new(j, "year", o->reader.year ? json_integer(o->reader.year) : json_null());
	if (o->reader.usn_journal)
		json_object_set_new(j, "usn_journal", json_true());
	if (o->reader.log_format)
		json_object_set_new(j, "log_format", ll_json_string_lossy(o->reader.log_format, strlen(o->reader.log_format)));
	json_object_set_new(j, "mapping", o->reader.mapping ? ll_json_string_lossy(o->reader.mapping, strlen(o->reader.mapping)) : json_null());
	json_object_set_new(j, "clock_offset_seconds", json_integer(off));
	/* a BitLocker key: only that one was given and its kind, never the secret */
	if (o->reader.bde_recovery_key || o->reader.bde_password_file)
		json_object_set_new(j, "bde_key", json_string(o->reader.bde_recovery_key
								   ? "recovery key" : "password file"));
	/* whether the item was checked against its registration before reading */
	json_object_set_new(j, "checked", json_boolean(o->check_item != NULL));
	json_object_set_new(j, "max_inflated", json_integer((json_int_t)o->max_inflated));
	json_object_set_new(j, "max_events", json_integer((json_int_t)o->max_events));
	return j;
}

/* The limit a reader's failure came from, or NULL when it was the file's own fault. */
static const char *limit_hit(const struct ll_event_writer *w,
			     const struct ll_input_budget *bud)
{
	if (w->stopped == LL_EVENT_STOP_SPACE)
		return "disk-space";
	if (w->stopped == LL_EVENT_STOP_BUDGET)
		return "event-budget";
	if (bud->hit)
		return "inflate-budget";
	return NULL;
}

/*
 * Runs one file through its reader inside a savepoint; failures become
 * warnings. A reader stopped by a limit (events, inflated bytes, free
 * space) keeps what it stored before the limit; any other failure rolls
 * the file back. Either way the file goes on the item's partial list.
 */
/* True when the check before reading found `rel` unreadable (an E01 libewf cannot open). */
static bool unreadable(const json_t *checks, const char *rel)
{
	size_t i;
	json_t *c;

	json_array_foreach(checks, i, c)
		if (json_is_true(json_object_get(c, "unreadable")) &&
		    json_is_string(json_object_get(c, "path")) &&
		    !strcmp(json_string_value(json_object_get(c, "path")), rel))
			return true;
	return false;
}

/*
 * *out: the first change journal of the item (recognised by content, as
 * its reader's probe does, never by name) that is paired with the loose
 * $MFT `index` (ll_mft_source_pair: in the $MFT's folder or below it, and
 * no nearer $MFT), else NULL. A file merely named $MFT beside other files
 * is no journal's record source. < 0 only for memory.
 */
static int journal_of(const char **out, struct ll_case *cs, const struct ll_evidence *ev,
		      size_t index, struct ll_worker_pool *pool)
{
	const char *mft = ev->files[index].path, *slash = strrchr(mft, '/');
	size_t dir = slash ? (size_t)(slash - mft) + 1 : 0;

	*out = NULL;
	for (size_t j = 0; j < ev->nfiles && !*out; j++) {
		size_t idx[LL_MFT_SOURCE_CANDIDATES], n;
		const struct ll_source_kind *k = NULL;
		char *abs;
		int rc;

		if (j == index || strncmp(ev->files[j].path, mft, dir))
			continue;
		if (!(abs = ll_case_path(cs, ev->files[j].path)))
			return ll_error_set(LL_ENOMEM, "out of memory");
		/* a probe worker's failure on it is that file's to report (run_file) */
		rc = ll_worker_probe_pick(&k, ll_worker_pool_probe(pool), ev, j, abs, false);
		ll_free(abs);
		if (rc < 0)
			return rc;
		if (rc > 0 || k != &ll_source_usnjrnl)
			continue;
		n = ll_mft_source_pair(idx, ev, ev->files[j].path);
		for (size_t i = 0; i < n; i++)
			if (idx[i] == index)
				*out = ev->files[j].path;
	}
	return 0;
}

static int run_file(json_t *files, struct ll_case *cs, const struct ll_evidence *ev,
		    size_t index, struct ll_event_writer *w,
		    struct ll_input_budget *bud, const json_t *checks,
		    const struct ll_timeline_run_opts *opts, bool whole_item,
		    struct ll_worker_pool *pool, uint64_t *events, uint64_t *rejected)
{
	struct ll_source_stats stats = { 0 };
	struct ll_source_ctx ctx = { 0 };
	struct ll_timeline_opts ropts = opts->reader; /* this file's: its host's zone */
	char host_zone[LL_HOST_ZONE_MAX];
	const struct ll_source_kind *k;
	const char *rel = ev->files[index].path, *journal = NULL;
	char *abs = ll_case_path(cs, rel);
	bool worker_failed = false;
	json_t *f = json_object();
	uint64_t before = w->count;
	const char *limit;
	int rc = 0;

	if (!abs || !f) {
		ll_free(abs);
		json_decref(f);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	stats.warnings = json_array();
	stats.partial = json_array();
	stats.warning_codes = json_array();
	ctx.stats = &stats;
	ctx.rel_path = rel;
	ll_input_budget_next_file(bud);
	if (w->stopped == LL_EVENT_STOP_BUDGET)
		w->stopped = LL_EVENT_RUNNING; /* re-checked against the count */
	json_object_set_new(f, "path", ll_json_name(rel, ll_evidence_names_escaped(ev)));
	if (unreadable(checks, json_string_value(json_object_get(f, "path")))) {
		/* listed by the check already; libtsk would only fail (and leak) on it */
		json_object_set_new(f, "reader", json_null());
		ll_source_warn_code(&ctx, "timeline.container-unopened", json_pack("{s:s}", "file", rel),
				    "'%s': the container cannot be opened (see the check before reading); not read",
				    rel);
		goto done;
	}
	/* with workers, the content is sniffed in a probe worker too (analyze/worker/probe.h) */
	if ((rc = ll_worker_probe_pick(&k, ll_worker_pool_probe(pool), ev, index, abs,
				       whole_item)) != 0) {
		json_object_set_new(f, "reader", json_null());
		if (rc < 0)
			goto done;
		ll_source_partial(&ctx, "worker-failed",
				  "'%s': the probe's worker was stopped: %s; nothing of this file was stored",
				  rel, ll_error_message());
		json_object_set_new(f, "error", json_string(ll_error_name(LL_ECORRUPT)));
		rc = 0;
		goto done;
	}
	/* --log-format: a file in the server's own format may look like nothing known */
	if (opts->reader.log_format && !opts->reader.mapping && (!k || k == &ll_source_csvmap))
		k = &ll_source_weblog;
	/* --usn-journal: a $J whose first record lies past the probe's head (its sparse start) */
	if (opts->reader.usn_journal && !k)
		k = &ll_source_usnjrnl;
	/* a loose $MFT paired with a journal of the item: its record source, not a lost file */
	if (!k && ll_mft_source_named(rel) && (rc = journal_of(&journal, cs, ev, index, pool)) < 0)
		goto done;
	if (!k && journal) {
		json_object_set_new(f, "reader", json_null());
		ll_source_warn(&ctx, "'%s': a loose $MFT, no events of its own; a change journal "
			       "of its volume ('%s') has its records' parents resolved through it "
			       "when their contents agree", rel, journal);
		goto done;
	}
	if (!k) {
		json_object_set_new(f, "reader", json_null());
		ll_source_partial(&ctx, "unrecognised",
				  "'%s': no reader recognises this content; not analysed", rel);
		goto done;
	}
	json_object_set_new(f, "reader", json_string(k->name));
	ctx.cs = cs;
	ctx.ev = ev;
	ctx.path = abs;
	ctx.w = w;
	ctx.opts = &ropts;
	if ((rc = ll_host_zone_apply(&ctx, k, &ropts, host_zone)) < 0)
		goto done;
	if ((rc = ll_store_begin(cs->store)) < 0)
		goto done;
	rc = 1;
	if (opts->workers && k->worker)
		rc = ll_worker_pool_run(pool, &ctx, k, (uint32_t)index, bud, &worker_failed);
	if (rc == 1)
		rc = k->run(&ctx);
	limit = limit_hit(w, bud);
	if (worker_failed) {
		/* nothing a stopped worker sent is kept */
		ll_event_discard(w);
		ll_store_rollback(cs->store);
		w->count = before;
		stats.events = 0;
		stats.rejected = 0;
		ll_source_partial(&ctx, "worker-failed",
				  "'%s': the reader's worker was stopped: %s; nothing of this file was stored",
				  rel, ll_error_message());
		json_object_set_new(f, "error", json_string(ll_error_name(rc)));
		rc = 0;
		goto done;
	} else if (rc < 0 && limit) {
		/* stopped by a limit: what came before it is sound, keep it */
		char msg[1024];

		snprintf(msg, sizeof(msg), "%s", ll_error_message());
		rc = ll_event_flush(w);
		if (rc < 0) {
			ll_event_discard(w);
			ll_store_rollback(cs->store);
			goto done;
		}
		if ((rc = ll_store_commit(cs->store)) < 0) {
			ll_store_rollback(cs->store);
			goto done;
		}
		ll_source_partial(&ctx, limit, "'%s': %s; %" PRIu64 " events of it were stored", rel,
				  msg, w->count - before);
		json_object_set_new(f, "error", json_string(ll_error_name(LL_EUNSUPPORTED)));
	} else if (rc >= 0 && (rc = ll_event_flush(w)) >= 0) {
		if ((rc = ll_store_commit(cs->store)) < 0) {
			ll_store_rollback(cs->store);
			goto done;
		}
		if (limit)
			ll_source_partial(&ctx, limit, "'%s': a limit was reached while reading it (%s)",
					  rel, ll_error_message());
	} else if (ll_store_aborted(cs->store)) {
		/* disk full or I/O error: SQLite rolled everything back; not a file's warning */
		ll_event_discard(w);
		ll_store_rollback(cs->store);
		w->count = before;
		goto done;
	} else {
		int code = rc;

		ll_event_discard(w);
		ll_store_rollback(cs->store);
		w->count = before;
		stats.events = 0;
		ll_source_partial(&ctx, "refused", "'%s': %s; nothing of this file was stored", rel,
				  ll_error_message());
		json_object_set_new(f, "error", json_string(ll_error_name(code)));
		rc = 0;
	}
	stats.events = w->count - before;
	if (stats.rejected)
		ll_source_partial(&ctx, "rejected-records",
				  "'%s': %" PRIu64 " record(s) or line(s) could not be read; the rest was stored (first: %s)",
				  rel, stats.rejected,
				  stats.first_rejected[0] ? stats.first_rejected : "see the warnings");
done:
	json_object_set_new(f, "events", json_integer((json_int_t)stats.events));
	json_object_set_new(f, "rejected", json_integer((json_int_t)stats.rejected));
	json_object_set_new(f, "recovered", json_integer((json_int_t)stats.recovered));
	json_object_set_new(f, "warnings", stats.warnings);
	json_object_set_new(f, "partial", stats.partial);
	/* for the analysis record only (record_analysis takes it out of the file's entry) */
	json_object_set_new(f, "warning_codes", stats.warning_codes);
	json_array_append_new(files, f);
	*events += stats.events;
	*rejected += stats.rejected;
	if (opts->progress)
		opts->progress(ev->id, rel, w->count, opts->payload);
	ll_free(abs);
	return rc;
}

/* *out: the reader of `rel` (by content) when it reads whole images, else NULL. */
static int image_reader(const struct ll_source_kind **out, struct ll_case *cs,
			const struct ll_evidence *ev, size_t index, struct ll_worker_pool *pool)
{
	char *abs = ll_case_path(cs, ev->files[index].path);
	const struct ll_source_kind *k;
	int rc;

	if (!abs)
		return ll_error_set(LL_ENOMEM, "out of memory");
	/* a probe worker's failure on it is the first file's to report (run_file) */
	rc = ll_worker_probe_pick(&k, ll_worker_pool_probe(pool), ev, index, abs, false);
	ll_free(abs);
	*out = rc == 0 && k && k->whole_item ? k : NULL;
	return rc < 0 ? rc : 0;
}

/* The record of a segment read with its set's first file (no events of its own). */
static int record_segment(json_t *files, const struct ll_source_kind *k,
			  const struct ll_evidence *ev, size_t i, size_t first)
{
	const char *rel = ev->files[i].path, *fr = ev->files[first].path;
	bool esc = ll_evidence_names_escaped(ev);
	json_t *f = json_pack("{s:o, s:s, s:o, s:i, s:i, s:i, s:[], s:[]}",
			      "path", ll_json_name(rel, esc),
			      "reader", k->name,
			      "segment_of", ll_json_name(fr, esc),
			      "events", 0, "rejected", 0, "recovered", 0, "warnings",
			      "partial");

	if (!f || json_array_append_new(files, f) < 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

static int record_analysis(struct ll_store *st, const char *id, json_t *options,
			   json_t *item)
{
	char *o = ll_json_dump(options), *counts = NULL;
	json_t *c = json_pack("{s:O, s:O, s:I}", "events", json_object_get(item, "events"),
			      "rejected", json_object_get(item, "rejected"), "partial",
			      (json_int_t)json_array_size(json_object_get(item, "partial")));
	json_t *warn = json_array(), *codes = json_array();
	char *w = NULL, *wc = NULL;
	size_t i;
	json_t *f;
	int rc, oom = 0;

	json_array_foreach(json_object_get(item, "checks"), i, f)
		json_array_append(warn, json_object_get(f, "message"));
	json_array_foreach(json_object_get(item, "files"), i, f) {
		const json_t *fc = json_object_get(f, "warning_codes");

		oom |= ll_landlock_warn_extend(warn, json_object_get(f, "warnings")) < 0;
		if (fc)
			oom |= json_array_extend(codes, (json_t *)fc) < 0;
		json_object_del(f, "warning_codes");
	}
	counts = ll_json_dump(c);
	w = ll_json_dump(warn);
	wc = ll_json_dump(codes);
	json_decref(c);
	json_decref(warn);
	json_decref(codes);
	if (oom || !o || !counts || !w || !wc) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = ll_analysis_record(st, id, "timeline", o, counts, w)) == 0)
		rc = ll_analysis_set_warning_codes(st, id, "timeline", wc);
out:
	ll_free(o);
	ll_free(counts);
	ll_free(w);
	ll_free(wc);
	return rc;
}


/*
 * What the signed custody entry says of the partial inputs: path and reason
 * only. The messages quote evidence (a refused hospital file's values are
 * patient data) and the ledger is sealed in clear into every case file, so
 * they stay in the case's analyses table, which the case file can withhold.
 */
static json_t *ledger_partial(const json_t *partial)
{
	json_t *list = json_array(), *p;
	size_t i;

	if (!list)
		return NULL;
	json_array_foreach(partial, i, p) {
		json_t *e = json_object();

		if (!e || json_array_append_new(list, e) < 0) {
			json_decref(list);
			return NULL;
		}
		if (json_object_get(p, "path"))
			json_object_set(e, "path", json_object_get(p, "path"));
		json_object_set(e, "reason", json_object_get(p, "reason"));
	}
	return list;
}

/* The item's "partial" list: its checks' problems, then each file's, with the path. */
static int collect_partial(json_t *item)
{
	json_t *list = json_array(), *f, *p;
	size_t i, j;

	if (!list || json_object_set_new(item, "partial", list) < 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	json_array_foreach(json_object_get(item, "checks"), i, p)
		if (json_array_append(list, p) < 0)
			return ll_error_set(LL_ENOMEM, "out of memory");
	json_array_foreach(json_object_get(item, "files"), i, f) {
		json_array_foreach(json_object_get(f, "partial"), j, p) {
			json_t *e = json_pack("{s:O, s:O, s:O}", "path", json_object_get(f, "path"),
					      "reason", json_object_get(p, "reason"), "message",
					      json_object_get(p, "message"));

			if (!e || json_array_append_new(list, e) < 0)
				return ll_error_set(LL_ENOMEM, "out of memory");
		}
	}
	return 0;
}

/* given: the rows of each item read given its host, by id (ll_hosts_apply's count) */
static int analyze_item(json_t *items, json_t *given, struct ll_case *cs,
			const struct ll_signer *signer, const struct ll_evidence *ev,
			const struct ll_timeline_run_opts *opts, struct ll_worker_pool *pool)
{
	struct ll_event_writer w = { 0 };
	struct ll_input_budget bud = { .max = opts->max_inflated };
	struct ll_custody_request req = { 0 };
	int64_t off = ll_timeline_clock_offset(opts, ev->id);
	json_t *item = json_object(), *files = json_array(), *options, *checks;
	struct ll_timeline_run_opts item_opts;
	bool media_verified = false;
	uint64_t events = 0, rejected = 0;
	int64_t host_rows = 0;
	char *details = NULL;
	int rc;

	json_object_set_new(item, "id", json_string(ev->id));
	json_object_set_new(item, "files", files);
	/* paths recorded exactly: escaped when one is not UTF-8 (docs/formats/custody.md) */
	if (ll_evidence_names_escaped(ev))
		json_object_set_new(item, "name_encoding", json_string("percent"));
	json_array_append_new(items, item);
	if (strcmp(ev->state, "registered") != 0) {
		json_object_set_new(item, "skipped",
				    json_string("not registered (acquisition incomplete)"));
		return 0;
	}
	options = options_json(opts, off);
	json_object_set_new(item, "options", options);
	if (opts->min_free) {
		uint64_t avail;

		if ((rc = ll_fs_free_bytes(&avail, cs->dir)) < 0)
			return rc;
		if (avail < opts->min_free)
			return ll_error_set(LL_EIO,
					    "only %" PRIu64 " bytes free in '%s', less than the --min-free %" PRIu64 "; nothing of %s was read",
					    avail, cs->dir, opts->min_free, ev->id);
	}
	/* before reading: has the item changed since registration, is its container sound? */
	checks = json_array();
	json_object_set_new(item, "checks", checks);
	if (opts->check_item &&
	    (rc = opts->check_item(checks, &media_verified, cs, ev, opts->payload)) < 0)
		return rc;
	if (media_verified) {
		/* this item's readers are told (the options recorded stay the run's) */
		json_object_set_new(item, "media_verified", json_true());
		item_opts = *opts;
		item_opts.reader.media_verified = true;
		opts = &item_opts;
	}
	if ((rc = ll_store_bulk(cs->store, true)) < 0)
		return rc;
	if ((rc = ll_store_begin(cs->store)) < 0) {
		ll_store_bulk(cs->store, false);
		return rc;
	}
	if ((rc = clear_item(cs->store, ev->id)) < 0 ||
	    (rc = ll_event_writer_init(&w, cs->store, off)) < 0)
		goto fail;
	ll_event_writer_batch(&w);
	w.max_events = opts->max_events;
	w.min_free = opts->min_free;
	w.space_dir = cs->dir;
	ll_input_budget_set(&bud);
	if (!strcmp(ev->kind, "image")) {
		/* a disk image is one medium, whatever its number of segments */
		if (ev->nfiles &&
		    (rc = run_file(files, cs, ev, 0, &w, &bud, checks, opts, true, pool,
				   &events, &rejected)) < 0)
			goto fail;
	} else {
		const struct ll_source_kind *k = NULL;
		size_t *first = NULL, probed = SIZE_MAX;

		if ((rc = ll_segments_map(&first, ev)) < 0)
			goto fail;
		ll_vdisk_sets_map(first, cs, ev); /* a VMDK's extents, read with its descriptor */
		for (size_t i = 0; i < ev->nfiles && rc == 0; i++) {
			/* a later segment of a disk image collected as files: read with its set */
			if (first[i] != i && probed != first[i]) {
				probed = first[i];
				rc = image_reader(&k, cs, ev, probed, pool);
			}
			if (first[i] != i && rc == 0 && k) {
				rc = record_segment(files, k, ev, i, first[i]);
				continue;
			}
			if (rc == 0)
				rc = run_file(files, cs, ev, i, &w, &bud, checks, opts, false,
					      pool, &events, &rejected);
		}
		ll_free(first);
		if (rc < 0)
			goto fail;
	}
	ll_input_budget_set(NULL);
	ll_event_writer_release(&w);
	if ((rc = collect_partial(item)) < 0)
		goto fail;
	/*
	 * The item's host given to its events now, in its own transaction:
	 * the rows grow and their pages split while they are fresh pages of
	 * the bulk load, written once at the commit. Given after it (by
	 * ll_hosts_apply), every page of the item went again through the WAL
	 * and its checkpoint (bench/README.md: 8-12 % of the run on
	 * bench/artefacts.sh's image); ll_hosts_apply now finds them done.
	 */
	if ((rc = ll_hosts_give_item(&host_rows, cs->store, ev)) < 0)
		goto fail;
	if (json_object_set_new(given, ev->id, json_integer((json_int_t)host_rows)) < 0) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto fail;
	}
	json_object_set_new(item, "events", json_integer((json_int_t)events));
	json_object_set_new(item, "rejected", json_integer((json_int_t)rejected));
	if ((rc = record_analysis(cs->store, ev->id, options, item)) < 0)
		goto fail;
	{
		json_t *d = json_pack("{s:s, s:O, s:O, s:O, s:o?}", "analysis", "timeline",
				      "options", options, "events",
				      json_object_get(item, "events"), "rejected",
				      json_object_get(item, "rejected"), "partial",
				      ledger_partial(json_object_get(item, "partial")));
		json_t *readers = json_object();
		size_t i;
		json_t *f;

		json_array_foreach(files, i, f) {
			json_t *r = json_object_get(f, "reader");

			if (json_is_string(r))
				json_object_set_new(readers, json_string_value(json_object_get(f, "path")),
						    json_copy(r));
		}
		json_object_set_new(d, "readers", readers);
		if (json_object_get(item, "name_encoding"))
			json_object_set(d, "name_encoding", json_object_get(item, "name_encoding"));
		/* the entry says the virtual disk was read whole and matched its collection */
		if (json_object_get(item, "media_verified"))
			json_object_set(d, "media_verified", json_object_get(item, "media_verified"));
		details = ll_json_dump(d);
		json_decref(d);
	}
	req.action = "analyze";
	req.evidence_id = ev->id;
	req.note = "timeline";
	req.details = details;
	if ((rc = ll_custody_append(NULL, cs->store, signer, &req)) < 0)
		goto fail;
	ll_free(details);
	if ((rc = ll_store_commit(cs->store)) < 0) {
		ll_store_rollback(cs->store);
		ll_store_bulk(cs->store, false);
		return rc;
	}
	return ll_store_bulk(cs->store, false);
fail:
	ll_input_budget_set(NULL);
	ll_free(details);
	ll_event_writer_release(&w);
	ll_store_rollback(cs->store);
	ll_store_bulk(cs->store, false);
	return rc;
}

int ll_timeline_run(json_t **report, struct ll_case *cs,
		    const struct ll_signer *signer,
		    const struct ll_timeline_run_opts *opts)
{
	struct ll_evidence **list = NULL;
	struct ll_worker_pool *pool = NULL;
	size_t n = 0;
	json_t *items = json_array(), *given = json_object(), *doc;
	json_int_t total = 0, rejected = 0;
	json_t *partial, *hosts = NULL;
	size_t i, j;
	json_t *it, *p;
	int rc;

	if (!items || !given) {
		json_decref(items);
		json_decref(given);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	if (opts->reader.tz && !ll_time_zone_valid(opts->reader.tz)) {
		json_decref(items);
		json_decref(given);
		return ll_error_set(LL_EINVAL, "unknown time zone '%s'", opts->reader.tz);
	}
	for (size_t k = 0; k < opts->noffsets; k++) {
		struct ll_evidence *e = NULL;

		if ((rc = ll_evidence_get(&e, cs->store, opts->offsets[k].evidence_id)) < 0) {
			json_decref(items);
			json_decref(given);
			return ll_error_context("--clock-offset");
		}
		ll_evidence_free(e);
	}
	if ((rc = ll_evidence_list(&list, &n, cs->store, opts->ids, opts->nids)) < 0) {
		json_decref(items);
		json_decref(given);
		return rc;
	}
	if (opts->workers && (rc = ll_worker_pool_new(&pool, cs, list, n, opts, opts->jobs)) < 0) {
		ll_evidence_list_free(list, n);
		json_decref(items);
		json_decref(given);
		return rc;
	}
	for (size_t k = 0; k < n; k++) {
		if ((rc = analyze_item(items, given, cs, signer, list[k], opts, pool)) < 0) {
			ll_error_context("analysing %s", list[k]->id);
			ll_worker_pool_free(pool);
			ll_evidence_list_free(list, n);
			json_decref(items);
			json_decref(given);
			return rc;
		}
	}
	ll_worker_pool_free(pool);
	ll_evidence_list_free(list, n);
	/* every item, not only those read now: the inventory may have come after the image */
	rc = ll_hosts_apply(&hosts, cs->store, given);
	json_decref(given);
	if (rc < 0) {
		json_decref(items);
		return ll_error_context("giving the items' events their hosts");
	}
	partial = json_array();
	json_array_foreach(items, i, it) {
		total += json_integer_value(json_object_get(it, "events"));
		rejected += json_integer_value(json_object_get(it, "rejected"));
		json_array_foreach(json_object_get(it, "partial"), j, p) {
			json_t *e = json_deep_copy(p);

			json_object_set(e, "id", json_object_get(it, "id"));
			json_array_append_new(partial, e);
		}
	}
	doc = json_pack("{s:o, s:I, s:I, s:b, s:o, s:o}", "items", items, "events", total,
			"rejected", rejected, "complete", json_array_size(partial) == 0,
			"partial", partial, "hosts", hosts);
	if (!doc)
		return ll_error_set(LL_ENOMEM, "out of memory");
	*report = doc;
	return 0;
}
