/* SPDX-License-Identifier: Apache-2.0 */
/* `analyze timeline --jobs N`: workers started ahead of their turn, frames spooled until it. */
#define _GNU_SOURCE 1 /* O_TMPFILE, mkostemp */
#include "core/compat.h"
#include "analyze/worker/pool.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "analyze/host_zone.h"
#include "analyze/input.h"
#include "analyze/segments.h"
#include "analyze/source.h"
#include "analyze/timeline.h"
#include "analyze/worker/probe.h"
#include "analyze/worker/worker.h"
#include "analyze/worker/worker_int.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/case.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"

/*
 * Frames spooled in memory by all early workers together; past it, a
 * worker's further frames go to its spool file. 64 MiB holds the frames
 * of roughly 250,000 syslog events.
 */
#define SPOOL_MEM ((uint64_t)64 << 20)
/* Workers started and not stored yet, per job: a bound on the spools. */
#define AHEAD 2
#define MIN(a, b) ((a) < (b) ? (a) : (b))

/* A worker started before its file's turn. */
struct early {
	struct run r;
	size_t item;	/* its place in the run's order */
	uint32_t index;
	bool gzip;	/* its input is gzip: it took the budget as unused */
	/* what spawn was given (r.ctx until the turn): the clock offset only of w */
	struct ll_source_ctx ctx;
	struct ll_event_writer w;
	struct ll_input_budget bud;
	char *abs;
	/* the spool: bytes [0, mem.len) in memory, the rest in fd */
	struct ll_buf mem;
	int fd;
	uint64_t flen;
	bool live;	/* its pipe is still read */
	bool refused;	/* its frames were refused on arrival: the replay checks them again */
	int rc;		/* a read error of its pipe (the stream then stopped), else 0 */
	char why[LL_FRAME_TEXT_MAX + 64];
};

struct ll_worker_pool {
	struct ll_case *cs;
	struct ll_evidence *const *list;
	size_t n;
	const struct ll_timeline_run_opts *opts;
	unsigned jobs;
	struct early **q; /* started early, in the run's order; AHEAD * jobs at most */
	size_t nq;
	struct pollfd *fds;
	struct early **who; /* fds[i]'s worker, i >= 1 */
	uint8_t *buf, *rbuf; /* pipe reads; spool replays */
	uint64_t mem;	     /* bytes of all in-memory spools */
	uint64_t mem_max;    /* SPOOL_MEM */
	/* the next file to consider for an early start */
	size_t cur, ci, cf;
	size_t *first;	/* ll_segments_map of item ci; NULL before it is made */
	bool gz_seen;	/* a gzip file of item ci came before cf */
	struct ll_worker_probe *probe; /* the readers picked, item by item */
};

int ll_worker_pool_new(struct ll_worker_pool **out, struct ll_case *cs,
		       struct ll_evidence *const *list, size_t n,
		       const struct ll_timeline_run_opts *opts, unsigned jobs)
{
	struct ll_worker_pool *p = ll_calloc(1, sizeof(*p));
	size_t slots = (size_t)AHEAD * (jobs ? jobs : 1);

	if (!p)
		return ll_error_set(LL_ENOMEM, "out of memory");
	p->cs = cs;
	p->list = list;
	p->n = n;
	p->opts = opts;
	p->jobs = jobs ? jobs : 1;
	p->mem_max = SPOOL_MEM;
	if (ll_worker_probe_new(&p->probe, cs) < 0) {
		ll_free(p);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
#ifdef LL_TEST_HOOKS
	/* LIFELINE_TEST_SPOOL_MEM=BYTES: the spool files tried on small inputs */
	if (getenv("LIFELINE_TEST_SPOOL_MEM"))
		p->mem_max = strtoull(getenv("LIFELINE_TEST_SPOOL_MEM"), NULL, 10);
#endif
	if (p->jobs > 1 &&
	    (!(p->q = ll_calloc(slots, sizeof(*p->q))) ||
	     !(p->fds = ll_calloc(slots + 1, sizeof(*p->fds))) ||
	     !(p->who = ll_calloc(slots + 1, sizeof(*p->who))) ||
	     !(p->buf = ll_malloc(LL_WORKER_READ)) || !(p->rbuf = ll_malloc(LL_WORKER_READ)))) {
		ll_worker_pool_free(p);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	*out = p;
	return 0;
}

static void early_free(struct ll_worker_pool *p, struct early *e)
{
	if (!e)
		return;
	ll_worker_release(&e->r);
	p->mem -= e->mem.len;
	ll_buf_release(&e->mem);
	if (e->fd >= 0)
		close(e->fd);
	ll_free(e->abs);
	ll_free(e);
}

/* Removes q[0] from the queue (its owner is the caller now). */
static struct early *shift(struct ll_worker_pool *p)
{
	struct early *e = p->q[0];

	memmove(p->q, p->q + 1, (p->nq - 1) * sizeof(*p->q));
	p->nq--;
	return e;
}

void ll_worker_pool_free(struct ll_worker_pool *p)
{
	if (!p)
		return;
	while (p->nq)
		early_free(p, shift(p));
	ll_free(p->q);
	ll_free(p->fds);
	ll_free(p->who);
	ll_free(p->buf);
	ll_free(p->rbuf);
	ll_free(p->first);
	ll_worker_probe_free(p->probe);
	ll_free(p);
}

struct ll_worker_probe *ll_worker_pool_probe(struct ll_worker_pool *p)
{
	return p ? p->probe : NULL;
}

static bool is_gzip(const char *abs)
{
	uint8_t m[2] = { 0, 0 };
	int fd = open(abs, O_RDONLY | O_CLOEXEC);
	bool yes;

	if (fd < 0)
		return false;
	yes = pread(fd, m, 2, 0) == 2 && m[0] == 0x1f && m[1] == 0x8b;
	close(fd);
	return yes;
}

static bool before(size_t item, size_t file, size_t item2, size_t file2)
{
	return item < item2 || (item == item2 && file < file2);
}

/*
 * The next file of the run a worker could read, from the cursor on, in the
 * order the driver reads them (analyze/timeline.c): item by item, an image
 * by its first file, the files of an item but the later segments of a
 * disk image. *gz_before: a gzip file of its item came before it.
 */
static bool next_file(struct ll_worker_pool *p, size_t *item, uint32_t *index,
		      bool *gz_before, char **abs)
{
	while (p->ci < p->n) {
		const struct ll_evidence *ev = p->list[p->ci];
		bool image = !strcmp(ev->kind, "image");
		size_t f = p->cf;

		if (strcmp(ev->state, "registered") || f >= ev->nfiles || (image && f > 0) ||
		    (!image && !p->first && ll_segments_map(&p->first, ev) < 0)) {
			p->ci++;
			p->cf = 0;
			ll_free(p->first);
			p->first = NULL;
			p->gz_seen = false;
			continue;
		}
		p->cf++;
		if (!(*abs = ll_case_path(p->cs, ev->files[f].path)))
			return false;
		*gz_before = p->gz_seen;
		p->gz_seen |= is_gzip(*abs);
		if (!image && p->first[f] != f) {
			ll_free(*abs);
			continue;
		}
		*item = p->ci;
		*index = (uint32_t)f;
		return true;
	}
	return false;
}

/*
 * Starts the worker of one file ahead of its turn, with what its turn will
 * give it. Whatever goes wrong here leaves the file to its turn, which
 * starts the worker again and reports the failure in order.
 */
static void start_early(struct ll_worker_pool *p, size_t item, uint32_t index, bool gz_before,
			char *abs)
{
	const struct ll_evidence *ev = p->list[item];
	const struct ll_source_kind *k;
	struct early *e;
	bool gzip = is_gzip(abs);

	/* the budget this one may use depends on what the earlier gzip files inflate */
	if ((gzip && gz_before && p->opts->max_inflated) ||
	    ll_worker_probe_pick(&k, p->probe, ev, index, abs, !strcmp(ev->kind, "image")) != 0 ||
	    !k || !k->worker || ll_host_zone_reader(k) ||
	    !(e = ll_calloc(1, sizeof(*e)))) {
		ll_free(abs);
		return;
	}
	e->item = item;
	e->index = index;
	e->gzip = gzip;
	e->abs = abs;
	e->fd = -1;
	ll_buf_init(&e->mem);
	e->w.clock_offset_s = ll_timeline_clock_offset(p->opts, ev->id);
	e->bud.max = p->opts->max_inflated;
	e->ctx = (struct ll_source_ctx){ .cs = p->cs, .ev = ev, .path = abs,
					 .rel_path = ev->files[index].path, .w = &e->w,
					 .opts = &p->opts->reader };
	if (ll_worker_start(&e->r, &e->ctx, k, index, &e->bud) != 0) {
		ll_free(abs);
		ll_free(e);
		return;
	}
	e->live = true;
	p->q[p->nq++] = e;
}

/*
 * Starts early workers while fewer than `jobs` run; called while a file is
 * stored, whose worker counts as running.
 */
static void fill(struct ll_worker_pool *p)
{
	size_t alive = 1, item;
	uint32_t index;
	bool gz_before;
	char *abs;

	for (size_t i = 0; i < p->nq; i++)
		alive += p->q[i]->live;
	while (alive < p->jobs && p->nq < (size_t)AHEAD * p->jobs &&
	       next_file(p, &item, &index, &gz_before, &abs)) {
		size_t had = p->nq;

		start_early(p, item, index, gz_before, abs);
		alive += p->nq > had;
	}
}

/*
 * The cursor past file `index` of `item` (the driver is there): the gzip
 * files it passes still count for the budget rule of next_file's callers.
 */
static void skip_to(struct ll_worker_pool *p, size_t item, uint32_t index)
{
	const struct ll_evidence *ev = p->list[item];

	if (p->ci != item) {
		p->ci = item;
		p->cf = 0;
		ll_free(p->first);
		p->first = NULL;
		p->gz_seen = false;
	}
	for (; p->cf <= index && p->cf < ev->nfiles; p->cf++) {
		char *abs = ll_case_path(p->cs, ev->files[p->cf].path);

		/* out of memory: counted as gzip, so no later gzip file starts early */
		p->gz_seen |= !abs || is_gzip(abs);
		ll_free(abs);
	}
}

/* Stops reading e: the stream ended, was refused or timed out. */
static void stop(struct early *e, bool kill_it)
{
	if (kill_it && !e->r.reaped)
		kill(e->r.pid, SIGKILL); /* a hostile worker is stopped at once */
	e->live = false;
}

/* Appends bytes read from e's pipe to its spool. */
static int spool(struct ll_worker_pool *p, struct early *e, const uint8_t *data, size_t len)
{
	int rc;

	if (e->fd < 0 && p->mem + len <= p->mem_max) {
		if ((rc = ll_buf_put(&e->mem, data, len)) < 0)
			return rc;
		p->mem += len;
		return 0;
	}
	if (e->fd < 0) {
		/*
		 * In the case directory, not $TMPDIR: the frames are evidence
		 * (the case directory's permissions and disk, which --min-free
		 * watches), and a tmpfs /tmp would spend memory again.
		 */
		e->fd = open(p->cs->dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
		if (e->fd < 0) {
			struct ll_buf name = LL_BUF_INIT;

			/* a file system without O_TMPFILE: a named file, unlinked at once */
			if ((rc = ll_buf_printf(&name, "%s/.spool-XXXXXX", p->cs->dir)) < 0)
				return rc;
			e->fd = mkostemp(name.ptr, O_CLOEXEC);
			if (e->fd >= 0)
				unlink(name.ptr);
			ll_buf_release(&name);
		}
		if (e->fd < 0)
			return ll_error_set(LL_EIO, "cannot make a spool file in '%s': %s",
					    p->cs->dir, strerror(errno));
	}
	if ((rc = ll_frame_write_all(e->fd, data, len)) < 0)
		return rc;
	e->flen += len;
	return 0;
}

/* Drops q[i]: its process is stopped, its spool freed (its turn starts it again). */
static void drop(struct ll_worker_pool *p, size_t i)
{
	struct early *e = p->q[i];

	memmove(p->q + i, p->q + i + 1, (p->nq - i - 1) * sizeof(*p->q));
	p->nq--;
	early_free(p, e);
}

/* One read of e's pipe, checked and spooled; false when e was dropped. */
static bool drain(struct ll_worker_pool *p, size_t i)
{
	struct early *e = p->q[i];
	ssize_t n = read(e->r.pipe, p->buf, LL_WORKER_READ);

	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN)
			return true;
		e->rc = ll_error_set(LL_EIO, "cannot read the worker's pipe: %s", strerror(errno));
		snprintf(e->why, sizeof(e->why), "%s", ll_error_message());
		stop(e, true);
		return true;
	}
	if (n == 0) {
		e->r.eof = true;
		stop(e, false);
		return true;
	}
	if (spool(p, e, p->buf, (size_t)n) < 0) {
		drop(p, i); /* the spool failed, not the worker: its turn starts it again */
		return false;
	}
	/* checked now, stored at its turn; a refusal stops it (the replay refuses again) */
	if (ll_worker_feed(&e->r, p->buf, (size_t)n, false) < 0) {
		e->refused = true;
		stop(e, true);
	}
	return true;
}

static uint64_t elapsed(const struct run *r)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)(now.tv_sec - r->t0.tv_sec);
}

/*
 * Waits for any pipe (cur's, when given, and the early workers') at most
 * `ms` milliseconds, drains the early ones that have bytes. Returns poll's
 * revents of cur's pipe. An early worker has no wall-clock limit before its
 * turn (it may wait on a full pipe while the parent checks an item or runs
 * an in-process reader); its CPU time limit holds from its start.
 */
static int wait_all(struct ll_worker_pool *p, const struct run *cur, int ms)
{
	size_t nf = 0;
	int rc;

	if (cur) {
		uint64_t wall = ll_worker_wall_limit(cur);

		p->fds[nf++] = (struct pollfd){ .fd = cur->pipe, .events = POLLIN };
		ms = (int)MIN((uint64_t)ms, (wall - MIN(elapsed(cur), wall)) * 1000);
	}
	for (size_t i = 0; i < p->nq; i++) {
		struct early *e = p->q[i];

		if (!e->live)
			continue;
		p->who[nf] = e;
		p->fds[nf++] = (struct pollfd){ .fd = e->r.pipe, .events = POLLIN };
	}
	if ((rc = poll(p->fds, nf, ms)) <= 0)
		return 0;
	for (size_t i = cur ? 1 : 0; i < nf; i++) {
		if (!p->fds[i].revents)
			continue;
		for (size_t j = 0; j < p->nq; j++)
			if (p->q[j] == p->who[i]) {
				drain(p, j);
				break;
			}
	}
	fill(p);
	return cur ? p->fds[0].revents : 0;
}

/* cur's stream to its end, the early workers drained meanwhile (pump in worker_run.c). */
static int pump_all(struct ll_worker_pool *p, struct run *cur, bool *timed_out)
{
	int rc;

	for (;;) {
		if ((rc = ll_worker_past_wall(cur, timed_out)) < 0)
			return rc;
		if (wait_all(p, cur, 60 * 1000) && (rc = ll_worker_read(cur, p->rbuf, LL_WORKER_READ)))
			return rc < 0 ? rc : 0;
	}
}

/* Stores e's spooled frames through cur (its run, now with the real ctx). */
static int replay(struct ll_worker_pool *p, struct early *e, struct run *cur)
{
	uint64_t off = 0;
	int rc;

	for (size_t i = 0; i < e->mem.len; i += LL_WORKER_READ) {
		if ((rc = ll_worker_feed(cur, (const uint8_t *)e->mem.ptr + i,
					 MIN(LL_WORKER_READ, e->mem.len - i), true)) < 0)
			return rc;
		wait_all(p, NULL, 0); /* the others' pipes do not fill meanwhile */
	}
	while (off < e->flen) {
		ssize_t n = pread(e->fd, p->rbuf, (size_t)MIN(LL_WORKER_READ, e->flen - off),
				  (off_t)off);

		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return ll_error_set(LL_EIO, "cannot read a spool file: %s",
					    n < 0 ? strerror(errno) : "cut short");
		}
		if ((rc = ll_worker_feed(cur, p->rbuf, (size_t)n, true)) < 0)
			return rc;
		off += (uint64_t)n;
		wait_all(p, NULL, 0);
	}
	return 0;
}

/* The stream of an early worker at its turn: the spool, then the pipe if it still runs. */
static int resume(struct ll_worker_pool *p, struct early *e, struct run *cur, bool *timed_out)
{
	bool eof = cur->eof, live = e->live;
	int rc;

	/*
	 * A fresh decoder: the spool's frames are decoded again as they are
	 * stored. Their strings were checked on arrival by this process, on
	 * these very bytes (memory, or an unlinked file only it holds), so the
	 * replay skips those checks — unless the arrival check refused a frame:
	 * then it checks again and refuses the same frame. Bytes still to come
	 * from the pipe are checked in full.
	 */
	ll_frame_decoder_release(&cur->dec);
	ll_frame_decoder_init(&cur->dec);
	cur->eof = false;
	cur->dec.trusted = !e->refused;
	rc = replay(p, e, cur);
	cur->dec.trusted = false;
	if (rc < 0)
		return rc;
	if (e->rc < 0)
		return ll_error_set(e->rc, "%s", e->why);
	if (eof) {
		cur->eof = true;
		return ll_frame_decoder_finish(&cur->dec);
	}
	if (!live) /* refused while spooled, yet the replay took it: cannot be */
		return ll_error_set(LL_EINTERNAL, "worker stream: refused while spooled only");
	return pump_all(p, cur, timed_out);
}

int ll_worker_pool_run(struct ll_worker_pool *p, struct ll_source_ctx *ctx,
		       const struct ll_source_kind *k, uint32_t index,
		       struct ll_input_budget *bud, bool *worker_failed)
{
	struct early *e = NULL;
	struct run r;
	bool timed_out = false;
	size_t item = p ? p->cur : 0;
	int rc;

	while (p && item < p->n && p->list[item] != ctx->ev)
		item++;
	if (!p || p->jobs < 2 || item == p->n)
		return ll_worker_run(ctx, k, index, bud, worker_failed);
	*worker_failed = false;
	p->cur = item;
	/* the files passed over (their item failed, no reader, not this reader) */
	while (p->nq && before(p->q[0]->item, p->q[0]->index, item, index))
		drop(p, 0);
	if (p->nq && p->q[0]->item == item && p->q[0]->index == index) {
		if (p->q[0]->r.k == k && (!p->q[0]->gzip || !bud->max || !bud->used))
			e = shift(p);
		else
			drop(p, 0);
	}
	if (before(p->ci, p->cf, item, index + 1))
		skip_to(p, item, index);
	if (e) {
		r = e->r;
		r.ctx = ctx;
		r.bud = bud;
		clock_gettime(CLOCK_MONOTONIC, &r.t0); /* its wall-clock limit starts now */
		/* e's copy is cur now: early_free must not release it */
		e->r = (struct run){ .pipe = -1, .pid = -1, .scratch_fd = -1 };
		ll_frame_decoder_init(&e->r.dec);
	} else if ((rc = ll_worker_start(&r, ctx, k, index, bud)) != 0) {
		return rc;
	}
	fill(p);
	rc = e ? resume(p, e, &r, &timed_out) : pump_all(p, &r, &timed_out);
	rc = ll_worker_conclude(&r, rc, timed_out, worker_failed);
	ll_worker_release(&r);
	early_free(p, e);
	return rc;
}
