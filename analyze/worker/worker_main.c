/* SPDX-License-Identifier: Apache-2.0 */
/* `lifeline __worker`: one file read by its reader after the lock-down, streamed as frames. */
#include "core/compat.h"
#include "analyze/worker/worker.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "analyze/harm/harm.h"
#include "analyze/input.h"
#include "analyze/readers/csvmap_parse.h"
#include "analyze/readers/readers.h"
#include "analyze/tsk/tsk_source.h"
#include "analyze/source.h"
#include "analyze/worker/frame.h"
#include "analyze/worker/landlock.h"
#include "analyze/worker/sandbox.h"
#include "analyze/worker/worker_fs.h"
#include "analyze/worker/worker_sigma.h"
#include "analyze/worker/worker_probe.h"
#include "analyze/worker/scratch.h"
#include "analyze/worker/zygote.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/time.h"

#define FLUSH_AT (256u * 1024u) /* frames are written in batches (the parent's pipe holds 1 MiB) */

/* What the parent handed over (docs/formats/worker-frames.md, "Workers"). */
struct wargs {
	const char *item, *kind, *path, *rel, *tz, *mapping, *log_format, *anchor_what, *case_id;
	const char *host_zone;
	const char *bde_recovery_key, *bde_password_file;
	uint32_t index;
	int in_fd, out_fd, map_fd, scratch_fd, year;
	bool has_anchor;
	bool media_verified; /* --media-verified: the item's check read every virtual byte */
	int64_t anchor_ns, clock_offset;
	uint64_t budget_max, budget_used, cpu, as;
	const char **segments; /* --segment: a whole-item reader's files */
	size_t nsegments;
};

struct worker {
	struct ll_buf out;
	int fd;
	struct ll_source_stats *stats;
	size_t sent_warn, sent_partial; /* notes of `stats` already sent */
	size_t sent_code;		/* entries of stats->warning_codes already sent */
	const char *hook;		/* LIFELINE_TEST_WORKER, test builds only */
	char hook_buf[16];
};

static int flush(struct worker *wk)
{
	int rc = ll_frame_write_all(wk->fd, wk->out.ptr, wk->out.len);

	ll_buf_reset(&wk->out);
	return rc;
}

static int send(struct worker *wk, const struct ll_frame *f)
{
	int rc;

	if ((rc = ll_frame_encode(&wk->out, f)) < 0)
		return rc;
	return wk->out.len >= FLUSH_AT ? flush(wk) : 0;
}

/* `s` cut to `max` bytes at a UTF-8 character boundary (a frame's text limit). */
static const char *fit(const char *s, char *buf, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return s;
	n = max;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

/* The warnings and partial entries the reader added since the last call, in order. */
static int send_notes(struct worker *wk)
{
	json_t *warnings = wk->stats->warnings, *partial = wk->stats->partial;
	char a[LL_FRAME_TEXT_MAX + 1], b[LL_FRAME_TEXT_MAX + 1];
	int rc;

	for (; wk->sent_warn < json_array_size(warnings); wk->sent_warn++) {
		struct ll_frame f = { .type = LL_FRAME_WARN };
		const char *text = json_string_value(json_array_get(warnings, wk->sent_warn));
		const json_t *c = json_array_get(wk->stats->warning_codes, wk->sent_code);
		char *params = NULL;

		f.u.warn.text = fit(text, a, LL_FRAME_TEXT_MAX);
		/* the codes are kept in the warnings' order, for some of them (ll_source_warn_code) */
		if (c && !strcmp(json_string_value(json_object_get(c, "text")), text)) {
			wk->sent_code++;
			params = json_dumps(json_object_get(c, "params"), JSON_COMPACT | JSON_SORT_KEYS);
			if (params && strlen(params) <= LL_FRAME_WARN_PARAMS_MAX && f.u.warn.text == text) {
				f.u.warn.code = json_string_value(json_object_get(c, "code"));
				f.u.warn.params = params;
			}
		}
		rc = send(wk, &f);
		ll_free(params);
		if (rc < 0)
			return rc;
	}
	for (; wk->sent_partial < json_array_size(partial); wk->sent_partial++) {
		json_t *p = json_array_get(partial, wk->sent_partial);
		struct ll_frame f = { .type = LL_FRAME_PARTIAL };

		f.u.partial.reason = json_string_value(json_object_get(p, "reason"));
		f.u.partial.message = fit(json_string_value(json_object_get(p, "message")), b,
					  LL_FRAME_TEXT_MAX);
		if ((rc = send(wk, &f)) < 0)
			return rc;
	}
	return 0;
}

#ifdef LL_TEST_HOOKS
/* The failures tests/hostile/h0530-worker-failures.sh provokes, in the middle of a file. */
static void test_hook(struct worker *wk)
{
	static const uint8_t bad[LL_FRAME_HEADER] = { 4, 0, 1, 0, 0, 0, 0, 0 };
	/* a HARM_ROW of kind 7: no such table */
	static const uint8_t badharm[LL_FRAME_HEADER + 1] = { 0, 2, 0, 0, 1, 0, 0, 0, 7 };
	/* a well-formed WARN whose text "a\xff" is not UTF-8: the parent must refuse it */
	static const uint8_t badutf8[LL_FRAME_HEADER + 6] = { 4, 0, 0, 0, 6, 0, 0, 0,
							       2, 0, 0, 0, 'a', 0xff };
	volatile int *null = NULL;

	if (!wk->hook)
		return;
	flush(wk);
	if (!strcmp(wk->hook, "segv"))
		*null = 1;
	else if (!strcmp(wk->hook, "kill"))
		raise(SIGKILL);
	else if (!strcmp(wk->hook, "spin"))
		for (volatile unsigned long i = 0;; i++)
			;
	else if (!strcmp(wk->hook, "open")) {
		/* the filter kills the worker here; if it did not, say so */
		FILE *f = fopen("/etc/hostname", "r");

		if (f)
			fclose(f);
		ll_frame_write_all(wk->fd, bad, sizeof(bad));
	}
	else if (!strcmp(wk->hook, "socket")) {
		/*
		 * the network: the filter kills the worker at socket(AF_INET, SOCK_STREAM);
		 * if not, say so (raw: <sys/socket.h> would clash with this file's send)
		 */
		long s = syscall(SYS_socket, 2L, 1L, 0L);

		if (s >= 0)
			close((int)s);
		ll_frame_write_all(wk->fd, bad, sizeof(bad));
	}
	else if (!strcmp(wk->hook, "badframe"))
		ll_frame_write_all(wk->fd, bad, sizeof(bad));
	else if (!strcmp(wk->hook, "badharm"))
		ll_frame_write_all(wk->fd, badharm, sizeof(badharm));
	else if (!strcmp(wk->hook, "badutf8"))
		ll_frame_write_all(wk->fd, badutf8, sizeof(badutf8));
	wk->hook = NULL;
}
#endif

/* A row of the file (an event, a hospital row), then the test hooks. */
static int send_row(struct worker *wk, const struct ll_frame *f)
{
	int rc;

	if ((rc = send(wk, f)) < 0)
		return rc;
#ifdef LL_TEST_HOOKS
	test_hook(wk);
#endif
	return 0;
}

static int emit(void *payload, const struct ll_event *e, size_t n, const int64_t *time_ns,
		const char *const *time_desc, const char *const *attrs)
{
	struct worker *wk = payload;
	struct ll_frame f = { .type = LL_FRAME_EVENT };
	int rc;

	if ((rc = send_notes(wk)) < 0)
		return rc;
	f.u.event.ev = *e;
	f.u.event.ntimes = n;
	for (size_t k = 0; k < n; k++) {
		f.u.event.time_ns[k] = time_ns[k];
		f.u.event.time_desc[k] = time_desc[k];
		f.u.event.attrs[k] = attrs[k];
	}
	return send_row(wk, &f);
}

/* A hospital row (frame_harm.c) from the harm readers' batch (ll_harm_batch_row). */
static int emit_harm(void *payload, enum ll_harm_kind k, const char *cells, size_t ncells,
		     const char *locator, const char *where)
{
	struct worker *wk = payload;
	struct ll_frame f = { .type = LL_FRAME_HARM_ROW };
	int rc;

	if ((rc = send_notes(wk)) < 0)
		return rc;
	f.u.harm.kind = (uint8_t)k;
	f.u.harm.locator = locator;
	f.u.harm.where = where;
	f.u.harm.ncells = ncells;
	f.u.harm.cells = cells;
	return send_row(wk, &f);
}

/* ctx->send: a reader's rows other than events and hospital rows (fs frames) */
static int send_ctx_row(void *payload, const struct ll_frame *f)
{
	return send(payload, f);
}

static int num(uint64_t *out, const char *s, uint64_t max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v > max)
		return ll_error_set(LL_EINVAL, "worker: bad number '%s'", s);
	*out = v;
	return 0;
}

static int snum(int64_t *out, const char *s)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	if (errno || end == s || *end)
		return ll_error_set(LL_EINVAL, "worker: bad number '%s'", s);
	return 0;
}

static int fd_arg(int *out, const char *s)
{
	uint64_t v;
	int rc;

	if ((rc = num(&v, s, INT32_MAX)) < 0)
		return rc;
	*out = (int)v;
	return 0;
}

static int parse_args(struct wargs *a, int argc, char **argv)
{
	uint64_t v;
	int rc = 0;

	*a = (struct wargs){ .in_fd = -1, .out_fd = -1, .map_fd = -1, .scratch_fd = -1 };
	for (int i = 0; i + 1 < argc && rc == 0; i += 2) {
		const char *k = argv[i], *s = argv[i + 1];

		if (!strcmp(k, "--item"))
			a->item = s;
		else if (!strcmp(k, "--kind"))
			a->kind = s;
		else if (!strcmp(k, "--path"))
			a->path = s;
		else if (!strcmp(k, "--rel"))
			a->rel = s;
		else if (!strcmp(k, "--tz"))
			a->tz = s;
		else if (!strcmp(k, "--host-zone"))
			a->host_zone = s;
		else if (!strcmp(k, "--mapping"))
			a->mapping = s;
		else if (!strcmp(k, "--log-format"))
			a->log_format = s;
		else if (!strcmp(k, "--bde-recovery-key"))
			a->bde_recovery_key = s;
		else if (!strcmp(k, "--bde-password-file"))
			a->bde_password_file = s;
		else if (!strcmp(k, "--media-verified"))
			a->media_verified = !strcmp(s, "1");
		else if (!strcmp(k, "--anchor-what"))
			a->anchor_what = s;
		else if (!strcmp(k, "--case-id"))
			a->case_id = s;
		else if (!strcmp(k, "--index") && (rc = num(&v, s, UINT32_MAX)) == 0)
			a->index = (uint32_t)v;
		else if (!strcmp(k, "--year") && (rc = num(&v, s, 9999)) == 0)
			a->year = (int)v;
		else if (!strcmp(k, "--anchor-ns")) {
			rc = snum(&a->anchor_ns, s);
			a->has_anchor = true;
		} else if (!strcmp(k, "--clock-offset"))
			rc = snum(&a->clock_offset, s);
		else if (!strcmp(k, "--in"))
			rc = fd_arg(&a->in_fd, s);
		else if (!strcmp(k, "--out"))
			rc = fd_arg(&a->out_fd, s);
		else if (!strcmp(k, "--mapping-fd"))
			rc = fd_arg(&a->map_fd, s);
		else if (!strcmp(k, "--scratch-fd"))
			rc = fd_arg(&a->scratch_fd, s);
		else if (!strcmp(k, "--budget-max"))
			rc = num(&a->budget_max, s, UINT64_MAX);
		else if (!strcmp(k, "--budget-used"))
			rc = num(&a->budget_used, s, UINT64_MAX);
		else if (!strcmp(k, "--cpu"))
			rc = num(&a->cpu, s, UINT64_MAX);
		else if (!strcmp(k, "--as"))
			rc = num(&a->as, s, UINT64_MAX);
		else if (!strcmp(k, "--segment"))
			rc = ll_worker_fs_segment(&a->segments, &a->nsegments, s);
		else if (strcmp(k, "--index") && strcmp(k, "--year"))
			rc = ll_error_set(LL_EINVAL, "worker: unknown argument '%s'", k);
	}
	if (rc == 0 && (argc % 2 || !a->item || !a->kind || !a->path || !a->rel ||
			a->in_fd < 0 || a->out_fd < 0 || (a->mapping && a->map_fd < 0)))
		rc = ll_error_set(LL_EINVAL, "worker: incomplete arguments (it is started by 'analyze timeline')");
	return rc;
}

static const struct ll_source_kind *find_kind(const char *name)
{
	for (size_t i = 0; i < ll_source_kind_count; i++)
		if (ll_source_kinds[i]->worker && !strcmp(ll_source_kinds[i]->name, name))
			return ll_source_kinds[i];
	return NULL;
}

/* The zone the reader will convert in, loaded now: none can be opened later. */
static int pin_zone(const struct wargs *a, const struct ll_source_kind *k)
{
	struct ll_csvmap map;

	if (a->mapping && k == &ll_source_csvmap && ll_csvmap_load(&map, a->mapping) == 0 &&
	    map.zone[0])
		return ll_time_pin_zone(map.zone);
	return ll_time_pin_zone(a->tz);
}

/* Everything that needs a file or a name (the reader's prepare too), then the lock-down. */
static int start(const struct wargs *a, const struct ll_source_kind *k, struct worker *wk,
		 struct ll_source_ctx *ctx)
{
	struct ll_sandbox_limits lim = { .cpu_seconds = a->cpu, .as_bytes = a->as };
	int rc;

	lim.write_fds[lim.nwrite_fds++] = a->out_fd;
	lim.write_fds[lim.nwrite_fds++] = STDERR_FILENO;
	json_object_seed(0); /* jansson seeds its hashes from /dev/urandom: now, not later */
	/* nothing reads evidence, the mapping or a zone before it may read only those */
	if ((rc = ll_landlock_worker(a->path, a->mapping, a->segments, a->nsegments,
				     a->scratch_fd, wk->stats->warnings)) < 0 ||
	    (rc = ll_sandbox_early(&lim)) < 0)
		return rc;
	if (a->mapping && (rc = ll_csvmap_preload(a->mapping, a->map_fd)) < 0)
		return rc;
	if ((rc = pin_zone(a, k)) < 0 || (rc = ll_input_bind(a->path, a->in_fd)) < 0)
		return rc;
	ll_worker_scratch_set(a->scratch_fd);
	if (k->prepare && (rc = k->prepare(ctx)) < 0)
		return rc;
#ifdef LL_TEST_HOOKS
	/* LIFELINE_TEST_WORKER=HOOK[:TEXT]: only the files whose path holds TEXT */
	if ((wk->hook = getenv("LIFELINE_TEST_WORKER"))) {
		const char *only = strchr(wk->hook, ':');
		size_t n = only ? (size_t)(only - wk->hook) : strlen(wk->hook);

		if (only && !strstr(a->rel, only + 1))
			wk->hook = NULL;
		else if (n < sizeof(wk->hook_buf))
			wk->hook = memcpy(wk->hook_buf, wk->hook, n);
		if (wk->hook && !strcmp(wk->hook, "spin"))
			lim.cpu_seconds = 1;
	}
#else
	LL_UNUSED(wk);
#endif
	return ll_sandbox_enter(&lim);
}

static int finish(struct worker *wk, const struct ll_event_writer *w, int rc,
		  const struct ll_input_budget *bud)
{
	struct ll_source_stats *st = wk->stats;
	char msg[LL_FRAME_TEXT_MAX + 1];
	struct ll_frame f = { .type = LL_FRAME_REJECT };
	json_t *lossy;
	int e;

	if ((e = send_notes(wk)) < 0)
		return e;
	if (st->first_rejected[0]) {
		/* the parent quotes its reason as the first rejected record */
		unsigned long long line = 1, off = 0;

		sscanf(st->first_rejected, "line %llu (offset %llu)", &line, &off);
		if (!(lossy = ll_json_string_lossy(st->first_rejected, strlen(st->first_rejected))))
			return ll_error_set(LL_ENOMEM, "out of memory");
		f.u.reject.number = line ? line : 1;
		f.u.reject.offset = off;
		f.u.reject.reason = fit(json_string_value(lossy), msg, LL_FRAME_TEXT_MAX);
		e = send(wk, &f);
		json_decref(lossy);
		if (e < 0)
			return e;
	}
	/* the bytes taken from the item's inflate budget; one more when it stopped the file */
	f = (struct ll_frame){ .type = LL_FRAME_PROGRESS };
	f.u.progress.done = bud->file + (bud->hit ? 1 : 0);
	if ((e = send(wk, &f)) < 0)
		return e;
	f = (struct ll_frame){ .type = LL_FRAME_END };
	f.u.end.events = w->count;
	f.u.end.rejected = st->rejected;
	f.u.end.recovered = st->recovered;
	f.u.end.rc = rc < 0 ? rc : 0;
	f.u.end.message = "";
	if (rc < 0) {
		const char *m;

		if (!(lossy = ll_json_string_lossy(ll_error_message(),
						   strlen(ll_error_message()))))
			return ll_error_set(LL_ENOMEM, "out of memory");
		m = fit(json_string_value(lossy), msg, LL_FRAME_TEXT_MAX);
		if (m != msg)
			snprintf(msg, sizeof(msg), "%s", m);
		json_decref(lossy);
		if (!msg[0])
			snprintf(msg, sizeof(msg), "%s", ll_error_name(rc));
		f.u.end.message = msg;
	}
	if ((e = send(wk, &f)) < 0)
		return e;
	return flush(wk);
}

static int worker_main(int argc, char **argv)
{
	struct wargs a;
	struct worker wk = { .fd = -1 };
	struct ll_source_stats stats = { 0 };
	struct ll_evidence ev = { 0 };
	struct ll_source_anchor anchor = { 0 };
	struct ll_timeline_opts opts = { 0 };
	struct ll_source_ctx ctx = { 0 };
	struct ll_input_budget bud = { 0 };
	struct ll_event_writer w;
	const struct ll_source_kind *k;
	struct ll_frame f = { .type = LL_FRAME_HELLO };
	int rc;

	if ((rc = parse_args(&a, argc, argv)) < 0)
		goto fail;
	if (!(k = find_kind(a.kind))) {
		rc = ll_error_set(LL_EINVAL, "worker: no reader '%s' runs in a worker", a.kind);
		goto fail;
	}
	ll_buf_init(&wk.out);
	wk.fd = a.out_fd;
	wk.stats = &stats;
	if (!(stats.warnings = json_array()) || !(stats.partial = json_array()) ||
	    !(stats.warning_codes = json_array())) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto fail;
	}
	ev.id = (char *)a.item;
	opts.tz = a.tz;
	opts.host_zone = a.host_zone;
	opts.year = a.year;
	opts.mapping = a.mapping;
	opts.log_format = a.log_format;
	opts.bde_recovery_key = a.bde_recovery_key;
	opts.bde_password_file = a.bde_password_file;
	opts.media_verified = a.media_verified;
	/* the password file is the examiner's, not evidence: read before the lock-down */
	if ((rc = ll_tsk_bde_password_load(&opts)) < 0)
		goto fail;
	anchor.ns = a.anchor_ns;
	snprintf(anchor.what, sizeof(anchor.what), "%s", a.anchor_what ? a.anchor_what : "");
	bud.max = a.budget_max;
	bud.used = a.budget_used;
	ll_input_budget_set(&bud);
	ll_event_writer_emit(&w, emit, &wk);
	w.clock_offset_s = a.clock_offset; /* checked here, as a reader sees it; applied by the parent */
	ctx.ev = &ev;
	ctx.path = a.path;
	ctx.rel_path = a.rel;
	ctx.w = &w;
	ctx.opts = &opts;
	ctx.stats = &stats;
	ctx.anchor = a.has_anchor ? &anchor : NULL;
	ctx.segments = a.segments;
	ctx.nsegments = a.nsegments;
	ctx.send = send_ctx_row;
	ctx.send_payload = &wk;
	ctx.case_id = a.case_id;
	ll_harm_set_row_sink(emit_harm, &wk);
	if ((rc = start(&a, k, &wk, &ctx)) < 0)
		goto fail_writer;
	f.u.hello.version = LL_FRAME_VERSION;
	f.u.hello.item = a.item;
	if ((rc = send(&wk, &f)) < 0)
		goto fail_writer;
	f = (struct ll_frame){ .type = LL_FRAME_FILE };
	f.u.file.index = a.index;
	f.u.file.kind = k->name;
	if ((rc = send(&wk, &f)) < 0)
		goto fail_writer;
	rc = k->run(&ctx);
	rc = finish(&wk, &w, rc, &bud);
fail_writer:
	ll_event_writer_release(&w);
	if (rc < 0)
		goto fail;
	json_decref(stats.warnings);
	json_decref(stats.partial);
	json_decref(stats.warning_codes);
	ll_buf_release(&wk.out);
	return 0;
fail:
	/* stderr stays writable: the parent names the exit status, this says why */
	fprintf(stderr, "lifeline __worker: %s\n", ll_error_message());
	json_decref(stats.warnings);
	json_decref(stats.partial);
	json_decref(stats.warning_codes);
	ll_buf_release(&wk.out);
	return 3;
}

int ll_worker_main(int argc, char **argv)
{
	int code;

	if (argc == 1 && !strcmp(argv[0], "--zygote"))
		ll_worker_zygote_main(); /* the fork server (zygote.c): its clones come back here */
	code = argc > 0 && !strcmp(argv[0], "--sigma") ? ll_worker_sigma_main(argc - 1, argv + 1)
	       : argc > 0 && !strcmp(argv[0], "--probe") ? ll_worker_probe_main(argc - 1, argv + 1)
							 : worker_main(argc, argv);

	/*
	 * _exit: no atexit handler may run under the filter (LeakSanitizer's
	 * check at exit clones a tracer, which the filter kills); the frames
	 * are written, stderr is flushed here.
	 */
	fflush(stderr);
	_exit(code);
}
