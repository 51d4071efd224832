/* SPDX-License-Identifier: Apache-2.0 */
/* The parent's side of a reader worker: start it, check its frames, store what they say. */
#define _GNU_SOURCE 1 /* close_range, pipe2 */
#include "core/compat.h"
#include "analyze/worker/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analyze/harm/harm_csv.h"
#include "analyze/input.h"
#include "analyze/readers/readers.h"
#include "analyze/tsk/tsk_source.h"
#include "analyze/source.h"
#include "analyze/worker/apply_harm.h"
#include "analyze/worker/frame.h"
#include "analyze/worker/landlock.h"
#include "analyze/worker/worker_fs.h"
#include "analyze/worker/worker_int.h"
#include "analyze/worker/scratch.h"
#include "analyze/worker/zygote.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/time.h"

#define MIB ((uint64_t)1 << 20)
#define NARGS 48
#define MIN(a, b) ((a) < (b) ? (a) : (b))

/*
 * Limits sized from what the reader may read: the file, or what a gzip
 * file may inflate to (the budget left, else 1032 times its size, zlib's
 * best ratio). Readers stream, so memory is bounded apart from the input.
 */
static void size_limits(uint64_t *cpu, uint64_t *as, uint64_t size, bool gzip,
			const struct ll_input_budget *bud)
{
	uint64_t bytes = size;

	if (gzip)
		bytes = bud->max ? bud->max - MIN(bud->used, bud->max)
				 : (size > UINT64_MAX / 1032 ? UINT64_MAX : size * 1032);
	*cpu = 60 + bytes / (2 * MIB); /* 2 MiB/s: slack for loaded and sanitizer builds */
#if defined(__SANITIZE_ADDRESS__)
	*as = 0; /* ASan reserves terabytes of shadow memory */
#else
	*as = (uint64_t)4096 * MIB;
#endif
}

/* argv of `lifeline __worker`; `nums` holds the numbers' text. */
struct argv {
	char *v[NARGS];
	size_t n;
	char nums[16][24];
	size_t nnum;
};

static void arg(struct argv *a, const char *k, const char *v)
{
	if (a->n + 2 < NARGS) {
		a->v[a->n++] = (char *)k;
		a->v[a->n++] = (char *)v;
	}
}

static void arg_num(struct argv *a, const char *k, long long v, bool is_signed)
{
	char *s = a->nums[a->nnum++];

	if (is_signed)
		snprintf(s, sizeof(a->nums[0]), "%lld", v);
	else
		snprintf(s, sizeof(a->nums[0]), "%llu", (unsigned long long)v);
	arg(a, k, s);
}

/*
 * The child between fork and exec: only async-signal-safe calls. The fds
 * it keeps become 3, 4 (and 5), every other is closed: case.db, the key
 * and whatever else the parent holds are not inherited.
 */
static void child(int in_fd, int out_fd, int map_fd, char **argv)
{
	int keep[3] = { in_fd, out_fd, map_fd };

	ll_worker_exec_fds(keep, map_fd >= 0 ? 3 : 2, argv);
}

void ll_worker_exec_fds(int *keep, int n, char **argv)
{
	ll_worker_place_fds(keep, n);
	execv("/proc/self/exe", argv);
	_exit(127);
}

static int spawn(struct run *r, int in_fd, int map_fd, bool gzip, uint64_t size)
{
	const struct ll_source_ctx *ctx = r->ctx;
	struct ll_source_anchor anchor;
	struct argv a = { .n = 0 };
	uint64_t as;
	int p[2], rc;

	a.v[a.n++] = (char *)"lifeline";
	a.v[a.n++] = (char *)"__worker";
	arg(&a, "--item", ctx->ev->id);
	arg(&a, "--kind", r->k->name);
	arg(&a, "--path", ctx->path);
	arg(&a, "--rel", ctx->rel_path);
	arg(&a, "--in", "3");
	arg(&a, "--out", "4");
	arg_num(&a, "--index", r->index, false);
	if (ctx->w->clock_offset_s)
		arg_num(&a, "--clock-offset", ctx->w->clock_offset_s, true);
	if (ctx->opts->tz)
		arg(&a, "--tz", ctx->opts->tz);
	if (ctx->opts->year)
		arg_num(&a, "--year", ctx->opts->year, false);
	if (ctx->opts->host_zone)
		arg(&a, "--host-zone", ctx->opts->host_zone);
	if (map_fd >= 0 && r->scratch) {
		arg(&a, "--scratch-fd", "5");
	} else if (map_fd >= 0) {
		arg(&a, "--mapping", ctx->opts->mapping);
		arg(&a, "--mapping-fd", "5");
	}
	if (r->k == &ll_source_weblog && ctx->opts->log_format)
		arg(&a, "--log-format", ctx->opts->log_format);
	if (r->k == &ll_source_syslog && !ctx->opts->year) {
		/* the year's anchor is in the store, which the worker cannot see */
		if ((rc = ll_syslog_anchor(&anchor, ctx)) < 0)
			return rc;
		arg_num(&a, "--anchor-ns", anchor.ns, true);
		arg(&a, "--anchor-what", anchor.what);
	}
	/* BitLocker keys go to the image reader only (the password as its file's name) */
	if (r->k == &ll_source_tsk && ctx->opts->bde_recovery_key)
		arg(&a, "--bde-recovery-key", ctx->opts->bde_recovery_key);
	if (r->k == &ll_source_tsk && ctx->opts->bde_password_file)
		arg(&a, "--bde-password-file", ctx->opts->bde_password_file);
	/* the item's check hashed every virtual byte: the reader need not read them first */
	if (r->k == &ll_source_tsk && ctx->opts->media_verified)
		arg(&a, "--media-verified", "1");
	if (r->k == &ll_source_fhir && ctx->cs->case_id) /* it compares a Bundle's with it */
		arg(&a, "--case-id", ctx->cs->case_id);
	arg_num(&a, "--budget-max", (long long)r->bud->max, false);
	arg_num(&a, "--budget-used", (long long)r->bud->used, false);
	/* a whole-item reader is given its files, and limits sized from them all */
	if ((rc = ll_worker_segs_get(&r->segs, r->k, r->ctx, &size)) < 0)
		return rc;
	size_limits(&r->cpu, &as, size, gzip, r->bud);
	as = ll_worker_segs_as(&r->segs, as);
	arg_num(&a, "--cpu", (long long)r->cpu, false);
	arg_num(&a, "--as", (long long)as, false);
	a.v[a.n] = NULL;
	if ((rc = ll_worker_segs_argv(&r->segs, a.v, a.n)) < 0)
		return rc;
	if (pipe2(p, O_CLOEXEC) < 0)
		return ll_error_set(LL_EIO, "cannot make the worker's pipe: %s", strerror(errno));
	/* a larger pipe: fewer switches between the two processes (best effort) */
	fcntl(p[0], F_SETPIPE_SZ, 1 << 20);
	/* through the zygote (zygote.c), or fork+exec */
	if ((rc = ll_worker_spawn(&r->pid, in_fd, p, map_fd,
				  r->segs.argv ? r->segs.argv : a.v)) < 0) {
		close(p[0]);
		close(p[1]);
		return rc;
	}
	close(p[1]);
	r->pipe = p[0];
	return 0;
}

static int add_warning(struct ll_source_stats *st, const struct ll_frame *f)
{
	json_t *list = st->warnings, *params = NULL;
	const char *text = f->u.warn.text, *k;
	json_error_t err;
	json_t *v;

	/* a coded warning's params: an object of strings and integers, or the stream is refused */
	if (f->u.warn.code) {
		params = json_loads(f->u.warn.params, JSON_REJECT_DUPLICATES, &err);
		if (!json_is_object(params)) {
			json_decref(params);
			return ll_error_set(LL_ECORRUPT, "worker stream: WARN params: not a JSON object");
		}
		json_object_foreach(params, k, v)
			if (!json_is_string(v) && !json_is_integer(v)) {
				json_decref(params);
				return ll_error_set(LL_ECORRUPT,
						    "worker stream: WARN params: '%.64s' is not a string or an integer", k);
			}
	}
	/* the worker capped its list as ll_source_warn does; so does this */
	if (json_array_size(list) >= 1000 || ll_landlock_warn_seen(list, text)) {
		json_decref(params);
		return 0;
	}
	if (json_array_append_new(list, json_string(text)) < 0) {
		json_decref(params);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	return f->u.warn.code ? ll_source_keep_code(st->warning_codes, text, f->u.warn.code, params) : 0;
}

/* One validated frame: into the store, or the file's account. */
static int apply(struct run *r, const struct ll_frame *f)
{
	struct ll_source_ctx *ctx = r->ctx;
	const struct ll_frame_event *e;
	int rc = 0;

	switch (f->type) {
	case LL_FRAME_HELLO:
		if (strcmp(f->u.hello.item, ctx->ev->id))
			return ll_error_set(LL_ECORRUPT, "worker stream: HELLO for item '%s', not '%s'",
					    f->u.hello.item, ctx->ev->id);
		return 0;
	case LL_FRAME_FILE:
		if (f->u.file.index != r->index || strcmp(f->u.file.kind, r->k->name))
			return ll_error_set(LL_ECORRUPT, "worker stream: FILE %u (%s), not %u (%s)",
					    f->u.file.index, f->u.file.kind, r->index, r->k->name);
		return 0;
	case LL_FRAME_EVENT:
		e = &f->u.event;
		rc = e->ntimes == 1 ? ll_event_add(ctx->w, &e->ev, NULL)
				    : ll_event_add_times(ctx->w, &e->ev, e->ntimes, e->time_ns,
							 e->time_desc, e->attrs);
		if (rc < 0)
			r->stopped_by_writer = true;
		return rc;
	case LL_FRAME_WARN:
		return add_warning(ctx->stats, f);
	case LL_FRAME_REJECT:
		if (!ctx->stats->first_rejected[0])
			snprintf(ctx->stats->first_rejected, sizeof(ctx->stats->first_rejected), "%s",
				 f->u.reject.reason);
		return 0;
	case LL_FRAME_PARTIAL:
		if (json_array_append_new(ctx->stats->partial,
					  json_pack("{s:s, s:s}", "reason", f->u.partial.reason,
						    "message", f->u.partial.message)) < 0)
			return ll_error_set(LL_ENOMEM, "out of memory");
		return 0;
	case LL_FRAME_PROGRESS:
		r->inflated = f->u.progress.done;
		return 0;
	case LL_FRAME_FS_BEGIN:
	case LL_FRAME_FS_ENTRY:
	case LL_FRAME_FS_VOLUME:
	case LL_FRAME_FS_HOSTNAME:
	case LL_FRAME_FS_ZONE:
		if ((rc = ll_worker_fs_apply(&r->fs, r->k, ctx, f)) < 0)
			r->stopped_by_writer = true; /* the store's failure, as a reader's */
		return rc;
	case LL_FRAME_END:
		ctx->stats->rejected = f->u.end.rejected;
		ctx->stats->recovered = f->u.end.recovered;
		r->end_rc = f->u.end.rc;
		snprintf(r->end_msg, sizeof(r->end_msg), "%s", f->u.end.message);
		r->ended = true;
		return 0;
	case LL_FRAME_HARM_ROW:
		return ll_worker_harm_apply(&r->harm, ctx, r->k, f, &r->stopped_by_writer);
	default:
		return ll_error_set(LL_EINTERNAL, "worker stream: frame type %d", (int)f->type);
	}
}

int ll_worker_feed(struct run *r, const uint8_t *data, size_t len, bool store)
{
	struct ll_frame f;
	int rc;

	if ((rc = ll_frame_decoder_feed(&r->dec, data, len)) < 0)
		return rc;
	while ((rc = ll_frame_decoder_next(&f, &r->dec)) == 1)
		if (store && (rc = apply(r, &f)) < 0)
			return rc;
	return rc;
}

uint64_t ll_worker_wall_limit(const struct run *r)
{
	return 3 * r->cpu + 30;
}

int ll_worker_past_wall(const struct run *r, bool *timed_out)
{
	uint64_t wall = ll_worker_wall_limit(r);
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if ((uint64_t)(now.tv_sec - r->t0.tv_sec) < wall)
		return 0;
	*timed_out = true;
	return ll_error_set(LL_EINTERRUPTED, "it ran past the wall-clock limit of %" PRIu64 " s",
			    wall);
}

int ll_worker_read(struct run *r, uint8_t *buf, size_t size)
{
	ssize_t n = read(r->pipe, buf, size);
	int rc;

	if (n < 0)
		return errno == EINTR || errno == EAGAIN
			       ? 0
			       : ll_error_set(LL_EIO, "cannot read the worker's pipe: %s",
					      strerror(errno));
	if (n == 0) {
		r->eof = true;
		return (rc = ll_frame_decoder_finish(&r->dec)) < 0 ? rc : 1;
	}
	return ll_worker_feed(r, buf, (size_t)n, true);
}

/* Reads the pipe to its end; < 0 as soon as a frame is refused or cannot be stored. */
static int pump(struct run *r, bool *timed_out)
{
	static uint8_t buf[LL_WORKER_READ];
	struct timespec now;
	uint64_t wall = ll_worker_wall_limit(r);
	int rc;

	for (;;) {
		struct pollfd pfd = { .fd = r->pipe, .events = POLLIN };
		int left;

		if ((rc = ll_worker_past_wall(r, timed_out)) < 0)
			return rc;
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = (int)MIN(wall - (uint64_t)(now.tv_sec - r->t0.tv_sec), 60) * 1000;
		if ((rc = poll(&pfd, 1, left)) < 0 && errno != EINTR)
			return ll_error_set(LL_EIO, "cannot wait for the worker: %s", strerror(errno));
		if (rc <= 0)
			continue;
		if ((rc = ll_worker_read(r, buf, sizeof(buf))) != 0)
			return rc < 0 ? rc : 0;
	}
}

/* Why the worker is to blame, from how it ended; NULL when it exited 0. */
static const char *cause(char *buf, size_t len, int status, const struct rusage *ru,
			 uint64_t cpu)
{
	uint64_t used = (uint64_t)ru->ru_utime.tv_sec + (uint64_t)ru->ru_stime.tv_sec;

	if (WIFEXITED(status)) {
		if (!WEXITSTATUS(status))
			return NULL;
		snprintf(buf, len, "it exited with status %d", WEXITSTATUS(status));
	} else if (WTERMSIG(status) == SIGSYS) {
		snprintf(buf, len, "it tried a forbidden system call (SIGSYS)");
	} else if (WTERMSIG(status) == SIGXCPU ||
		   (WTERMSIG(status) == SIGKILL && used >= cpu)) {
		snprintf(buf, len, "it reached its CPU time limit (%" PRIu64 " s of CPU time used)",
			 used);
	} else if (WTERMSIG(status) == SIGSEGV || WTERMSIG(status) == SIGBUS ||
		   WTERMSIG(status) == SIGABRT) {
		snprintf(buf, len, "it crashed (%s)", strsignal(WTERMSIG(status)));
	} else {
		snprintf(buf, len, "it was killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	}
	return buf;
}

static int reap(struct run *r, bool kill_it, int *status, struct rusage *ru)
{
	if (!r->reaped) {
		if (kill_it)
			kill(r->pid, SIGKILL);
		while (wait4(r->pid, &r->status, 0, &r->ru) < 0)
			if (errno != EINTR)
				return ll_error_set(LL_EIO, "cannot wait for the worker: %s",
						    strerror(errno));
		r->reaped = true;
	}
	*status = r->status;
	*ru = r->ru;
	return 0;
}

/* After the stream: the reader's result, a writer's failure, or the worker's. */
int ll_worker_conclude(struct run *r, int rc, bool timed_out, bool *worker_failed)
{
	char why[LL_FRAME_TEXT_MAX + 64], buf[256];
	struct rusage ru = { 0 };
	const char *c;
	int status = 0, e;

	if (rc < 0)
		snprintf(why, sizeof(why), "%s", ll_error_message());
	if ((e = reap(r, rc < 0 || timed_out, &status, &ru)) < 0)
		return e;
	if (rc < 0 && r->stopped_by_writer)
		return ll_error_set(rc, "%s", why); /* the store's, as a reader's add */
	c = cause(buf, sizeof(buf), status, &ru, r->cpu);
	if (rc >= 0 && !c && r->ended) {
		r->bud->file = r->inflated;
		r->bud->hit = r->bud->max && r->bud->used + r->inflated > r->bud->max;
		return r->end_rc ? ll_error_set(r->end_rc, "%s", r->end_msg) : 0;
	}
	*worker_failed = true;
	/*
	 * A refused frame or the wall clock: this side stopped it, and says
	 * why. At the end of the stream, how the worker ended says more than
	 * a stream cut short.
	 */
	if (timed_out || (rc < 0 && !r->eof))
		c = why;
	else if (!c && rc < 0)
		c = why;
	else if (!c)
		c = "it ended without finishing the file";
	return ll_error_set(LL_ECORRUPT, "%s", c);
}

/*
 * The scratch file of a gzip'd journal (scratch.h) removed. Its descriptor
 * was closed when the worker started (ll_worker_start), so a run that was
 * only zeroed never closes a descriptor it does not own.
 */
static void close_scratch(struct run *r)
{
	ll_worker_scratch_drop(r->scratch_path);
	r->scratch_path = NULL;
	r->scratch = false;
}

int ll_worker_start(struct run *r, struct ll_source_ctx *ctx, const struct ll_source_kind *k,
		    uint32_t index, struct ll_input_budget *bud)
{
	int in_fd, map_fd = -1, rc;
	uint8_t magic[2] = { 0, 0 };
	struct stat sb;

	*r = (struct run){ .ctx = ctx, .k = k, .bud = bud, .index = index, .pipe = -1,
			   .scratch_fd = -1 };
	if (ctx->opts->mapping && k == &ll_source_csvmap &&
	    (map_fd = open(ctx->opts->mapping, O_RDONLY | O_CLOEXEC)) < 0)
		return 1; /* the reader fails on the mapping before it reads the file */
	if ((in_fd = open(ctx->path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(in_fd, &sb) < 0 ||
	    pread(in_fd, magic, 2, 0) < 0) {
		rc = ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO, "cannot open '%s': %s",
				  ctx->path, strerror(errno));
		goto out;
	}
	if ((rc = ll_worker_scratch_make(&r->scratch_fd, &r->scratch_path, ctx, k,
					 magic[0] == 0x1f && magic[1] == 0x8b)) < 0)
		goto out;
	r->scratch = r->scratch_path != NULL;
	ll_frame_decoder_init(&r->dec);
	rc = spawn(r, in_fd, r->scratch ? r->scratch_fd : map_fd,
		   magic[0] == 0x1f && magic[1] == 0x8b, (uint64_t)sb.st_size);
	if (rc < 0) {
		ll_frame_decoder_release(&r->dec);
		ll_worker_segs_free(&r->segs);
	}
	clock_gettime(CLOCK_MONOTONIC, &r->t0);
out:
	if (in_fd >= 0)
		close(in_fd);
	if (map_fd >= 0)
		close(map_fd);
	/* the worker has its own descriptor of the scratch file; its name goes at the release */
	if (r->scratch_fd >= 0)
		close(r->scratch_fd);
	r->scratch_fd = -1;
	if (rc != 0)
		close_scratch(r);
	return rc;
}

void ll_worker_release(struct run *r)
{
	int status;
	struct rusage ru;

	if (r->pid > 0)
		reap(r, true, &status, &ru);
	if (r->pipe >= 0)
		close(r->pipe);
	r->pipe = -1;
	ll_frame_decoder_release(&r->dec);
	ll_worker_segs_free(&r->segs);
	ll_worker_fs_end(r->fs);
	r->fs = NULL;
	ll_worker_harm_free(r->harm);
	r->harm = NULL;
	close_scratch(r); /* after the reap: the worker read it */
}

int ll_worker_run(struct ll_source_ctx *ctx, const struct ll_source_kind *k,
		  uint32_t index, struct ll_input_budget *bud, bool *worker_failed)
{
	struct run r;
	bool timed_out = false;
	int rc;

	*worker_failed = false;
	if ((rc = ll_worker_start(&r, ctx, k, index, bud)) != 0)
		return rc;
	rc = pump(&r, &timed_out);
	rc = ll_worker_conclude(&r, rc, timed_out, worker_failed);
	ll_worker_release(&r);
	return rc;
}

/* For the other kinds of workers (worker_int.h). */
void ll_worker_exec(int in_fd, int out_fd, int map_fd, char **argv)
{
	child(in_fd, out_fd, map_fd, argv);
}

const char *ll_worker_cause(char *buf, size_t len, int status, const struct rusage *ru,
			    uint64_t cpu)
{
	return cause(buf, len, status, ru, cpu);
}

bool ll_worker_bench_in_process(void)
{
#ifdef LL_TEST_HOOKS
	return getenv("LIFELINE_NO_WORKERS") != NULL;
#else
	return false;
#endif
}
